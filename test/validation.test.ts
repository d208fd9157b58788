import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { dumpData, startApp, workshopBody } from './support/helpers.js';

// one app for the file, built before the first test and closed after the last
let app: FastifyInstance;
let headers: { authorization: string };
let existing: { id: string };
t.before(async () => {
  const started = await startApp(t);
  app = started.app;
  headers = started.auth('tsb');
  existing = (await app.inject({ method: 'POST', url: '/api/events', headers, payload: workshopBody })).json();
});

const cases: [string, Record<string, unknown>, string][] = [
  ['unknown region', { region: 'antarctica' }, 'region'],
  ['unknown office', { office: 'ro-mars' }, 'office'],
  ['unknown group', { groups: ['sg13', 'sg99'] }, 'groups'],
  ['misspelled time zone', { timeZone: 'Africa/Dar_Es_Salam' }, 'timeZone'],
  ['time zone in the wrong case', { timeZone: 'africa/dar_es_salaam' }, 'timeZone'],
  ['a zone that is not IANA', { timeZone: 'EAT' }, 'timeZone'],
  ['end before start', { start: '2024-03-05T09:00', end: '2024-03-05T08:00' }, 'end'],
  ['all-day end before start', { start: '2024-03-05', end: '2024-03-04' }, 'end'],
  ['a time skipped by daylight saving', { timeZone: 'Europe/Zurich', start: '2027-03-28T02:30', end: '2027-03-28T04:00' }, 'start'],
  ['mixed date and date-time', { start: '2024-03-05', end: '2024-03-05T17:00' }, 'end'],
  ['an offset on a local time', { start: '2024-03-05T09:00+03:00' }, 'start'],
  ['not a date at all', { start: 'next Tuesday' }, 'start'],
  ['empty title', { title: '' }, 'title'],
  ['blank title', { title: '   ' }, 'title'],
  ['over-long title', { title: 'x'.repeat(301) }, 'title'],
  ['over-long description', { description: 'x'.repeat(5001) }, 'description'],
  ['over-long partner', { partners: ['x'.repeat(101)] }, 'partners.0'],
  ['unknown field', { participants: 12 }, 'participants'],
  ['unknown venue field', { venue: { virtual: false, floor: 3 } }, 'venue.floor'],
  ['boolean sent as a string', { venue: { virtual: 'true' } }, 'venue.virtual'],
  ['number for a string', { title: 42 }, 'title'],
  ['boolean for a string', { title: true }, 'title'],
  ['a string for a list', { groups: 'sg13' }, 'groups'],
  ['unknown kind', { kind: 'party' }, 'kind'],
  ['cancelled on creation', { status: 'cancelled' }, 'status'],
  ['a link that is not http', { url: 'javascript:alert(1)' }, 'url'],
  ['a duplicated group', { groups: ['sg13', 'sg13'] }, 'groups'],
];

t.test('each bad create is 400 naming the field, and writes nothing', async (t) => {
  for (const [name, change, field] of cases) {
    const before = dumpData(app);
    const payload = { ...workshopBody, ...change };
    const res = await app.inject({ method: 'POST', url: '/api/events', headers, payload });
    t.equal(res.statusCode, 400, `${name}: status`);
    t.equal(res.json().field, field, `${name}: names ${field}`);
    t.match(res.json().message, field.split('.')[0]!, `${name}: message mentions the field`);
    t.equal(dumpData(app), before, `${name}: database unchanged`);
  }
});

t.test('each bad change is 400 naming the field, and changes nothing', async (t) => {
  for (const [name, change, field] of cases.filter(([n]) => n !== 'cancelled on creation')) {
    const before = dumpData(app);
    const res = await app.inject({ method: 'PATCH', url: `/api/events/${existing.id}`, headers, payload: change });
    t.equal(res.statusCode, 400, `${name}: status`);
    t.equal(res.json().field, field, `${name}: names ${field}`);
    t.equal(dumpData(app), before, `${name}: database unchanged`);
  }
  const empty = await app.inject({ method: 'PATCH', url: `/api/events/${existing.id}`, headers, payload: {} });
  t.equal(empty.statusCode, 400);
  // a missing required field on create
  const { title: _title, ...untitled } = workshopBody;
  const missing = await app.inject({ method: 'POST', url: '/api/events', headers, payload: untitled });
  t.match(missing.json(), { statusCode: 400, field: 'title', message: /title: is required/ });
});

t.test('malformed bodies are client errors, never 500', async (t) => {
  const before = dumpData(app);
  const broken = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { ...headers, 'content-type': 'application/json' },
    payload: '{"title": ',
  });
  t.equal(broken.statusCode, 400);
  const text = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { ...headers, 'content-type': 'text/plain' },
    payload: 'hello',
  });
  t.equal(text.statusCode, 400);
  const xml = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { ...headers, 'content-type': 'application/xml' },
    payload: '<event/>',
  });
  t.equal(xml.statusCode, 415);
  const huge = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers,
    payload: { ...workshopBody, description: 'x'.repeat(300_000) },
  });
  t.equal(huge.statusCode, 413);
  t.equal(dumpData(app), before);
});

t.test('an ambiguous local time is accepted at its first occurrence', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers,
    payload: {
      ...workshopBody,
      office: 'ro-europe',
      region: 'europe',
      groups: [],
      timeZone: 'Europe/Zurich',
      start: '2027-10-31T02:30',
      end: '2027-10-31T03:30',
    },
  });
  t.equal(res.statusCode, 201);
  t.equal(res.json().startsAt, '2027-10-31T00:30:00.000Z');
});

t.test('server errors hide their details', async (t) => {
  const { app: broken } = await startApp(t);
  // a database that went away mid-flight is the kind of fault users must not see the insides of
  broken.root.stores.db.$client.close();
  const res = await broken.inject({ url: '/api/events' });
  t.equal(res.statusCode, 500);
  // the generic code beside the generic message: nothing of the fault itself
  t.same(res.json(), {
    statusCode: 500,
    error: 'Internal Server Error',
    message: 'Something went wrong on our side; it has been logged.',
    code: 'serverError',
  });
  t.notMatch(res.body, /database|connection/i);
  await broken.close().catch(() => {});
});
