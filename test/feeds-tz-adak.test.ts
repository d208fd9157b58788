import t from 'tap';
import { feedSuite } from './support/feed-suite.js';

// UTC-10/-9 with daylight saving: the other side of the date line
process.env.TZ = 'America/Adak';
t.equal(new Date(2024, 6, 1).toISOString(), '2024-07-01T09:00:00.000Z', 'the process really runs in America/Adak');
feedSuite(t);
