import t from 'tap';
import { feedSuite } from './support/feed-suite.js';

// UTC+14: a server here would move every date a day forward if anything read local time
process.env.TZ = 'Pacific/Kiritimati';
t.equal(new Date('2024-01-01T00:00:00Z').getDate(), 1);
t.equal(new Date(2024, 0, 1).toISOString(), '2023-12-31T10:00:00.000Z', 'the process really runs in UTC+14');
feedSuite(t);
