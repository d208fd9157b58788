import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { dumpData, startApp, TestClock, workshopBody } from './support/helpers.js';

const clock = new TestClock(Date.parse('2024-03-10T12:00:00Z'));
// one app for the file, built before the first test and closed after the last
let app: FastifyInstance;
let headers: Record<'africa' | 'americas' | 'tsb', { authorization: string }>;
let past: { id: string };
let future: { id: string };
const create = async (body: Record<string, unknown>) =>
  (await app.inject({ method: 'POST', url: '/api/events', headers: headers.tsb, payload: { ...workshopBody, ...body } })).json();
const put = (id: string, headers: Record<string, string>, payload: unknown) =>
  app.inject({ method: 'PUT', url: `/api/events/${id}/attendance`, headers, payload: payload as object });

t.before(async () => {
  const started = await startApp(t, { clock: clock.read });
  app = started.app;
  // tokens made once: making one is a write, and the tests compare the database before and after
  headers = { africa: started.auth('ro-africa'), americas: started.auth('ro-americas'), tsb: started.auth('tsb') };
  past = await create({ title: 'Past workshop', start: '2024-03-05T09:00', end: '2024-03-05T17:00' });
  future = await create({ title: 'Future workshop', start: '2024-04-05T09:00', end: '2024-04-05T17:00' });
});

t.test('who may register counts', async (t) => {
  const before = dumpData(app);
  t.equal((await put(past.id, {}, { participants: 10, countries: 3 })).statusCode, 401);
  t.equal((await put(past.id, { authorization: 'Bearer nope' }, { participants: 10, countries: 3 })).statusCode, 401);
  const other = await put(past.id, headers.americas, { participants: 10, countries: 3 });
  t.equal(other.statusCode, 403);
  t.match(other.json().message, /organized by ro-africa/);
  t.equal((await put('nope', headers.tsb, { participants: 10, countries: 3 })).statusCode, 404);
  t.ok(dumpData(app) === before, 'nothing written');
  t.equal((await put(past.id, headers.africa, { participants: 40, countries: 9 })).statusCode, 200, 'the organizing office');
  t.equal((await put(past.id, headers.tsb, { participants: 42, countries: 9 })).statusCode, 200, 'TSB');
});

t.test('before the event has started: 409 with a clear message', async (t) => {
  const before = dumpData(app);
  const res = await put(future.id, headers.africa, { participants: 10, countries: 3 });
  t.equal(res.statusCode, 409);
  t.match(res.json().message, /once the event has started/);
  t.ok(dumpData(app) === before, 'nothing written');
  const cancelled = await create({ title: 'Cancelled', start: '2024-03-01T09:00', end: '2024-03-01T10:00' });
  await app.inject({ method: 'POST', url: `/api/events/${cancelled.id}/cancel`, headers: headers.tsb });
  t.equal((await put(cancelled.id, headers.tsb, { participants: 1, countries: 1 })).statusCode, 409, 'nor for a cancelled one');
});

t.test('each bad number is 400 naming the field, and nothing is written', async (t) => {
  const cases: [string, unknown, string][] = [
    ['negative', { participants: -1, countries: 3 }, 'participants'],
    ['fraction', { participants: 10.5, countries: 3 }, 'participants'],
    ['string', { participants: '10', countries: 3 }, 'participants'],
    ['boolean', { participants: true, countries: 3 }, 'participants'],
    ['missing total', { countries: 3 }, 'participants'],
    ['missing countries', { participants: 10 }, 'countryCodes'],
    ['too many countries', { participants: 500, countries: 195 }, 'countries'],
    ['more countries than people', { participants: 2, countries: 3 }, 'countries'],
    ['parts above the total', { participants: 10, countries: 3, inPerson: 8, remote: 5 }, 'remote'],
    ['in person above the total', { participants: 10, countries: 3, inPerson: 11 }, 'inPerson'],
    ['women above the total', { participants: 10, countries: 3, women: 11 }, 'women'],
    ['unknown field', { participants: 10, countries: 3, office: 'ro-americas' }, 'office'],
    ['over-long notes', { participants: 10, countries: 3, notes: 'x'.repeat(2001) }, 'notes'],
  ];
  for (const [name, payload, field] of cases) {
    const before = dumpData(app);
    const res = await put(past.id, headers.africa, payload);
    t.equal(res.statusCode, 400, `${name}: 400`);
    t.equal(res.json().field, field, `${name}: names ${field}`);
    t.ok(dumpData(app) === before, `${name}: nothing written`);
  }
});

t.test('a correction keeps the history: who, when, what changed', async (t) => {
  clock.advance(60_000);
  const res = await put(past.id, headers.africa, {
    participants: 45,
    countries: 9,
    inPerson: 30,
    remote: 15,
    women: 20,
    notes: 'Corrected after the final list',
  });
  t.equal(res.statusCode, 200);
  const body = (await app.inject({ url: `/api/events/${past.id}/attendance` })).json();
  t.match(body.current, { participants: 45, countries: 9, inPerson: 30, remote: 15, women: 20, recordedBy: 'ro-africa' });
  t.equal(body.history.length, 3);
  t.same(
    body.history.map((h: { recordedBy: string }) => h.recordedBy),
    ['ro-africa', 'tsb', 'ro-africa'],
  );
  t.same(body.history[1].changes, [{ field: 'participants', from: 40, to: 42 }]);
  t.same(
    body.history[2].changes.map((c: { field: string }) => c.field),
    ['participants', 'inPerson', 'remote', 'women', 'notes'],
  );
  t.equal(body.history[2].recordedAt, clock.read().toISOString());
  const event = (await app.inject({ url: `/api/events/${past.id}` })).json();
  t.match(event.attendance, { participants: 45, countries: 9 }, "the event's JSON shows the figures");
  t.equal(event.sequence, 0, 'figures are not calendar data: no new SEQUENCE');
  t.equal((await app.inject({ url: '/api/events/nope/attendance' })).statusCode, 404);
  const empty = (await app.inject({ url: `/api/events/${future.id}/attendance` })).json();
  t.same(empty, { event: future.id, current: null, history: [] });
});

t.test('the missing list shrinks when counts arrive', async (t) => {
  const missing = async (query = '', asStaff = true) =>
    (await app.inject({ url: `/api/attendance/missing${query}`, headers: asStaff ? headers.tsb : {} })).json() as {
      id: string;
      endedAt: string;
      office: { id: string; emails?: string[] };
    }[];
  const all = await missing();
  const anonymous = await missing('', false);
  t.same(
    anonymous.map((e) => e.id),
    all.map((e) => e.id),
    'the same list for anyone',
  );
  t.ok(
    anonymous.every((e) => e.office.emails === undefined),
    "but the offices' addresses only for ITU staff",
  );
  t.ok(all.length > 5, 'the demo events of 2023 without figures');
  t.same(
    all.map((e) => e.endedAt),
    [...all.map((e) => e.endedAt)].sort(),
    'oldest first',
  );
  t.notOk(
    all.some((e) => e.id === past.id),
    'registered: not missing',
  );
  t.notOk(
    all.some((e) => e.id === future.id),
    'not over: not missing',
  );
  t.ok(
    all.every((e) => e.office.emails!.length > 0),
    'with the office to ask',
  );
  const africa = await missing('?region=africa');
  t.ok(africa.length > 0 && africa.length < all.length);
  const first = africa[0]!;
  await put(first.id, headers.tsb, { participants: 120, countries: 14 });
  const after = await missing('?region=africa');
  t.equal(after.length, africa.length - 1);
  t.notOk(after.some((e) => e.id === first.id));
  t.same(
    (await missing('?office=ro-cis')).every((e) => e.office.id === 'ro-cis'),
    true,
  );
  t.equal((await app.inject({ url: '/api/attendance/missing?office=ro-mars' })).statusCode, 400);
  t.equal((await app.inject({ url: '/api/attendance/missing?region=mars' })).statusCode, 400);
});
