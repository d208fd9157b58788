import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT } from '../src/routes/events.js';
import { coordinationCalls } from '../db/seed/coordination-calls.js';
import { demoEvents as reportEvents } from '../db/seed/demo-events.js';

// the report's events and the monthly coordination calls
const demoEvents = [...reportEvents, ...coordinationCalls];
/** the local dates a demo event covers; a series runs into December 2027 */
const lastDay = (e: (typeof demoEvents)[number]) => (e.recurrence ? '2027-12-01' : e.end);
import { startApp, type TestApp, workshopBody } from './support/helpers.js';

// one app for the file, built before the first test and closed after the last
let app: FastifyInstance;
let auth: TestApp['auth'];
t.before(async () => {
  ({ app, auth } = await startApp(t));
});

/** The list as ITU staff read it (an office token): every demo event, the internal calls too. */
async function list(query: string, headers: Record<string, string> = auth('ro-europe')) {
  const res = await app.inject({ method: 'GET', url: `/api/events?${query}`, headers });
  t.equal(res.statusCode, 200, `GET /api/events?${query}`);
  return res.json() as {
    items: {
      id: string;
      region: string;
      office: string;
      kind: string;
      status: string;
      groups: string[];
      start: string;
      end: string;
      startsAt: string;
      title: string;
    }[];
    total: number;
    limit: number;
  };
}

t.test('lists every demo event sorted by start, paginated', async (t) => {
  const page = await list('');
  t.equal(page.total, demoEvents.length);
  const anonymous = await list('limit=500', {});
  t.equal(anonymous.total, demoEvents.filter((e) => e.visibility !== 'internal').length, 'anonymous readers: the public events only');
  t.ok(
    anonymous.items.every((e) => e.kind !== 'coordination-call'),
    'the demo coordination calls are internal',
  );
  t.equal(page.limit, LIST_DEFAULT_LIMIT);
  t.equal(page.items.length, Math.min(LIST_DEFAULT_LIMIT, demoEvents.length));
  const starts = page.items.map((e) => e.startsAt);
  t.same(starts, [...starts].sort(), 'sorted by start instant');
  const second = await list('limit=5&offset=5');
  t.same(
    second.items.map((e) => e.id),
    page.items.slice(5, 10).map((e) => e.id),
  );
  const max = await list(`limit=${LIST_MAX_LIMIT}`);
  t.equal(max.limit, LIST_MAX_LIMIT);
  const tooMany = await app.inject({ url: `/api/events?limit=${LIST_MAX_LIMIT + 1}` });
  t.equal(tooMany.statusCode, 400);
  t.match(tooMany.json(), { field: 'limit' });
});

t.test('filters by region, office, kind and status, several values combining', async (t) => {
  const africa = await list('region=africa&limit=500');
  t.equal(africa.total, demoEvents.filter((e) => e.region === 'africa').length);
  t.ok(africa.items.every((e) => e.region === 'africa'));
  const two = await list('region=africa,europe&limit=500');
  t.equal(two.total, demoEvents.filter((e) => e.region === 'africa' || e.region === 'europe').length);
  const office = await list('office=ro-arab-states&limit=500');
  t.equal(office.total, demoEvents.filter((e) => e.office === 'ro-arab-states').length);
  t.ok(office.total > 0);
  const kind = await list('kind=clinic&limit=500');
  t.equal(kind.total, demoEvents.filter((e) => e.kind === 'clinic').length);
  t.ok(kind.items.every((e) => e.kind === 'clinic'));
  const tentative = await list('status=tentative&limit=500');
  t.equal(tentative.total, demoEvents.filter((e) => e.status === 'tentative').length);
  t.ok(tentative.total > 0);
  const combined = await list('region=africa&kind=meeting&limit=500');
  t.equal(combined.total, demoEvents.filter((e) => e.region === 'africa' && e.kind === 'meeting').length);
});

t.test('a study group includes its regional groups', async (t) => {
  const sg13 = await list('group=sg13&limit=500');
  const expected = demoEvents.filter((e) => e.groups.some((g) => g === 'sg13' || g === 'sg13rg-afr'));
  t.equal(sg13.total, expected.length);
  t.ok(
    sg13.items.some((e) => e.groups.includes('sg13rg-afr')),
    'the regional group SG13 RG-AFR is in',
  );
  const rg = await list('group=sg13rg-afr&limit=500');
  t.ok(rg.total < sg13.total || rg.total === sg13.total);
  t.ok(rg.items.every((e) => e.groups.includes('sg13rg-afr')));
});

t.test('from/to select events overlapping the date range', async (t) => {
  // SG20 in Arusha runs 13-22 September 2023: a range inside it still finds it
  const inside = await list('from=2023-09-18&to=2023-09-18&limit=500');
  t.ok(inside.items.some((e) => e.start === '2023-09-13' && e.end === '2023-09-22'));
  t.ok(
    inside.items.every((e) => e.start <= '2023-09-18' && e.end >= '2023-09-18'),
    'a monthly call with no occurrence that day is not listed',
  );
  // every monthly call has occurrences in that autumn
  const expected = demoEvents.filter((e) => lastDay(e) >= '2023-09-01' && e.start <= '2023-11-30');
  const autumn = await list('from=2023-09-01&to=2023-11-30&limit=500');
  t.equal(autumn.total, expected.length);
  const backwards = await app.inject({ url: '/api/events?from=2023-09-10&to=2023-09-01' });
  t.equal(backwards.statusCode, 400);
  t.match(backwards.json(), { field: 'to' });
  const badDate = await app.inject({ url: '/api/events?from=2023-13-01' });
  t.equal(badDate.statusCode, 400);
  t.match(badDate.json(), { field: 'from' });
});

t.test('q searches title, description, venue and partners, case-insensitively', async (t) => {
  const arusha = await list('q=arusha&limit=500');
  t.ok(arusha.total >= 4);
  const byTitle = await list('q=CYBERSECURITY%20SUMMIT');
  t.ok(byTitle.items.some((e) => /Cybersecurity Summit/.test(e.title)));
  const none = await list('q=%25');
  t.equal(none.total, 0, 'a % is searched for literally');
});

t.test('unknown filter values are refused, naming the filter', async (t) => {
  for (const [query, field] of <[string, string][]>[
    ['region=mars', 'region'],
    ['group=sg99', 'group'],
    ['office=ro-mars', 'office'],
    ['kind=party', 'kind'],
    ['status=done', 'status'],
    ['colour=red', 'colour'],
  ]) {
    const res = await app.inject({ url: `/api/events?${query}` });
    t.equal(res.statusCode, 400, query);
    t.equal(res.json().field, field, query);
  }
});

t.test('create, read, change and cancel, the sequence growing', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/api/events', headers: auth('ro-africa'), payload: workshopBody });
  t.equal(created.statusCode, 201);
  // the event and, beside it, what it collides with (test/clashes.test.ts)
  const { warnings, moreWarnings, ...event } = created.json();
  t.ok(Array.isArray(warnings) && Number.isInteger(moreWarnings), 'with its warnings');
  t.match(event, {
    title: workshopBody.title,
    status: 'confirmed',
    sequence: 0,
    allDay: false,
    start: '2024-03-05T09:00',
    startsAt: '2024-03-05T06:00:00.000Z',
    endsAt: '2024-03-05T14:30:00.000Z',
    groups: ['sg13rg-afr'],
    attendance: null,
  });
  const read = await app.inject({ url: `/api/events/${event.id}`, headers: auth('ro-africa') });
  t.same(read.json(), event, 'POST answers with the same JSON as GET by staff');
  t.equal(event.cancelReason, null, 'no reason while it is not cancelled');
  const { notify: _addresses, cancelReason: _reason, ...forAnyone } = event;
  t.same(
    (await app.inject({ url: `/api/events/${event.id}` })).json(),
    forAnyone,
    'and as GET by anyone, less the addresses reminded and why it was cancelled',
  );

  const moved = await app.inject({
    method: 'PATCH',
    url: `/api/events/${event.id}`,
    headers: auth('ro-africa'),
    payload: { start: '2024-03-06T09:00', end: '2024-03-06T17:00' },
  });
  t.equal(moved.statusCode, 200);
  t.match(moved.json(), { sequence: 1, start: '2024-03-06T09:00', title: workshopBody.title });

  const venue = await app.inject({
    method: 'PATCH',
    url: `/api/events/${event.id}`,
    headers: auth('ro-africa'),
    payload: { venue: { city: 'Dodoma' } },
  });
  t.match(
    venue.json(),
    { sequence: 2, venue: { city: 'Dodoma', country: 'Tanzania', name: 'AICC', virtual: false } },
    'venue fields merge',
  );

  const same = await app.inject({
    method: 'PATCH',
    url: `/api/events/${event.id}`,
    headers: auth('ro-africa'),
    payload: { title: workshopBody.title },
  });
  t.equal(same.json().sequence, 2, 'a change that changes nothing keeps the sequence');

  const cancelled = await app.inject({ method: 'POST', url: `/api/events/${event.id}/cancel`, headers: auth('ro-africa') });
  t.equal(cancelled.statusCode, 200);
  t.match(cancelled.json(), { status: 'cancelled', sequence: 3 });
  const again = await app.inject({ method: 'POST', url: `/api/events/${event.id}/cancel`, headers: auth('ro-africa') });
  t.equal(again.json().sequence, 3, 'cancelling twice is one change');
  t.ok(again.json().updatedAt >= event.updatedAt);

  const listed = await list('status=cancelled');
  t.ok(listed.items.some((e) => e.id === event.id));
});

t.test('an all-day event, and reference checks on write', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('tsb'),
    payload: {
      title: 'SG17 RG-AFR',
      kind: 'meeting',
      office: 'ro-africa',
      region: 'africa',
      timeZone: 'Africa/Kampala',
      start: '2023-11-23',
      end: '2023-11-23',
      groups: ['sg17rg-afr'],
    },
  });
  t.equal(res.statusCode, 201, 'TSB may create for any office');
  t.match(res.json(), {
    allDay: true,
    start: '2023-11-23',
    end: '2023-11-23',
    startsAt: '2023-11-22T21:00:00.000Z',
    endsAt: '2023-11-23T21:00:00.000Z',
    venue: { virtual: false, city: null },
    partners: [],
  });
});

t.test('unknown ids are 404', async (t) => {
  t.equal((await app.inject({ url: '/api/events/nope' })).statusCode, 404);
  t.equal((await app.inject({ method: 'PATCH', url: '/api/events/nope', headers: auth('tsb'), payload: { title: 'x' } })).statusCode, 404);
  t.equal((await app.inject({ method: 'POST', url: '/api/events/nope/cancel', headers: auth('tsb') })).statusCode, 404);
  const route = await app.inject({ url: '/api/nothing' });
  t.equal(route.statusCode, 404);
  t.match(route.json(), { message: /No route/ });
});

t.test('docs and OpenAPI', async (t) => {
  const doc = await app.inject({ url: '/openapi.json' });
  t.equal(doc.statusCode, 200);
  const spec = doc.json();
  t.equal(spec.openapi, '3.1.0');
  t.ok(spec.paths['/api/events'].get, 'list documented');
  t.ok(spec.paths['/api/events/{id}'].patch.requestBody, 'patch body documented');
  const ui = await app.inject({ url: '/docs/' });
  t.equal(ui.statusCode, 200);
  t.match(ui.headers['content-type'], /html/);
  t.equal((await app.inject({ url: '/health' })).json().status, 'ok');
});
