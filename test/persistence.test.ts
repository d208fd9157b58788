import t from 'tap';
import { compose } from '../src/compose.js';

/** The stores over a database opened as a process would (the root's other parts are not started). */
const storesOf = (...args: Parameters<typeof compose>) => compose(...args).stores;
import { writeTransaction } from '../src/store/database.js';
import { loadDemoEvents, loadReferenceData, tableCount } from '../src/store/seed.js';
import { coordinationCalls } from '../db/seed/coordination-calls.js';
import { demoEvents as reportEvents } from '../db/seed/demo-events.js';

// the report's events and the monthly coordination calls
const demoEvents = [...reportEvents, ...coordinationCalls];
import { groups } from '../db/seed/groups.js';
import { startApp, startAppOn, testConfig, workshopBody } from './support/helpers.js';

t.test('reference data', async (t) => {
  const { app } = await startApp(t, { officeEmails: { 'ro-africa': ['africa@itu.example'] } });
  const regions = (await app.inject({ url: '/api/regions' })).json();
  t.same(
    regions.map((r: { id: string }) => r.id),
    ['africa', 'americas', 'arab-states', 'asia-pacific', 'cis', 'europe'],
  );
  const offices = (await app.inject({ url: '/api/offices' })).json() as {
    id: string;
    kind: string;
    timeZone: string;
    emails: string[];
    region: string;
  }[];
  // the report's 13 field offices (5 regional, 8 area), the ITU Office for Europe at headquarters, and TSB
  t.equal(offices.length, 15);
  t.equal(offices.filter((o) => o.kind === 'regional').length, 6);
  t.equal(offices.filter((o) => o.kind === 'area').length, 8);
  t.same(
    offices.map((o) => o.id).sort(),
    [
      'ao-bridgetown',
      'ao-dakar',
      'ao-harare',
      'ao-jakarta',
      'ao-new-delhi',
      'ao-santiago',
      'ao-tegucigalpa',
      'ao-yaounde',
      'ro-africa',
      'ro-americas',
      'ro-arab-states',
      'ro-asia-pacific',
      'ro-cis',
      'ro-europe',
      'tsb',
    ].sort(),
  );
  t.same(offices.find((o) => o.id === 'ro-africa')!.emails, ['africa@itu.example'], 'configured addresses replace the placeholder');
  t.same(offices.find((o) => o.id === 'tsb')!.emails, ['tsb@example.org']);
  t.ok(offices.every((o) => Intl.DateTimeFormat('en', { timeZone: o.timeZone })));
  const list = (await app.inject({ url: '/api/groups' })).json() as { id: string; kind: string; parent: string | null }[];
  t.equal(list.length, groups.length);
  const ids = list.map((g) => g.id);
  for (const id of [
    'sg2',
    'sg3',
    'sg5',
    'sg9',
    'sg11',
    'sg12',
    'sg13',
    'sg15',
    'sg16',
    'sg17',
    'sg20',
    'tsag',
    'sg13rg-afr',
    'sg5rg-arb',
    'fg-mv',
    'jca-iot-scc',
    'bsg',
    'dfs-security-lab',
    'u4ssc',
  ]) {
    t.ok(ids.includes(id), `group ${id}`);
  }
  t.equal(list.find((g) => g.id === 'sg13rg-afr')!.parent, 'sg13', 'a regional group has its study group as parent');
  t.ok(list.filter((g) => g.kind === 'regional-group').every((g) => g.parent && ids.includes(g.parent)));
});

t.test('demo events follow the report', async (t) => {
  const { app, auth } = await startApp(t);
  // as ITU staff read it: the coordination calls are internal
  const all = (await app.inject({ url: '/api/events?limit=500', headers: auth('ro-europe') })).json().items as {
    id: string;
    title: string;
    start: string;
    end: string;
    timeZone: string;
    venue: { city: string | null; virtual: boolean };
    attendance: { participants: number } | null;
    status: string;
  }[];
  t.equal(all.length, demoEvents.length);
  const sg20 = all.find((e) => /^ITU-T SG20/.test(e.title))!;
  t.match(sg20, { start: '2023-09-13', end: '2023-09-22', timeZone: 'Africa/Dar_es_Salaam', venue: { city: 'Arusha', virtual: false } });
  t.ok(
    all.some((e) => e.venue.virtual && /SG11/.test(e.title)),
    'the virtual SG11 RG-AFR',
  );
  t.ok(
    all.some((e) => e.attendance?.participants === 400),
    'Accessible Europe reports 400 participants',
  );
  t.ok(
    all.some((e) => e.status === 'tentative' && /Ethiopia/.test(e.title + JSON.stringify(e))),
    'the tentative DFS clinic for Ethiopia',
  );
  for (const region of ['africa', 'americas', 'arab-states', 'asia-pacific', 'cis', 'europe']) {
    t.ok(
      demoEvents.some((e) => e.region === region),
      `the report has events for ${region}`,
    );
  }
});

t.test('a restart keeps every event; loading twice duplicates nothing', async (t) => {
  const config = testConfig(t);
  const { app: first } = await startAppOn(t, config);
  const token = first.root.stores.tokens.create('ro-africa', null, new Date().toISOString()).token;
  // the reply of a create is the event and what it collides with; a read is the event
  const {
    warnings: _warnings,
    moreWarnings: _more,
    ...created
  } = (
    await first.inject({ method: 'POST', url: '/api/events', headers: { authorization: `Bearer ${token}` }, payload: workshopBody })
  ).json();
  const edited = await first.inject({
    method: 'PATCH',
    url: `/api/events/${demoEvents[0]!.id}`,
    headers: { authorization: `Bearer ${first.root.stores.tokens.create('tsb', null, new Date().toISOString()).token}` },
    payload: { title: 'Edited by a user' },
  });
  t.equal(edited.statusCode, 200);
  const counts = () =>
    ['events', 'event_groups', 'attendance', 'offices', 'groups', 'regions', 'tokens'].map((n) =>
      tableCount(first.root.stores.db, n as 'events'),
    );
  const before = counts();
  // loading again in the running process changes nothing
  loadReferenceData(first.root.stores.db, {});
  t.equal(loadDemoEvents(first.root.stores.db, first.root.stores.events, new Date().toISOString()), 0);
  t.same(counts(), before);
  await first.close();

  const { app: second } = await startAppOn(t, config);
  const again = (await second.inject({ url: `/api/events/${created.id}`, headers: { authorization: `Bearer ${token}` } })).json();
  t.same(again, created, 'the event survives the restart unchanged');
  t.equal(
    (await second.inject({ url: `/api/events/${demoEvents[0]!.id}` })).json().title,
    'Edited by a user',
    'a restart does not undo an edit of demo data',
  );
  t.equal(
    (await second.inject({ url: '/api/events?limit=1', headers: { authorization: `Bearer ${token}` } })).json().total,
    demoEvents.length + 1,
  );
  t.equal(second.root.stores.tokens.verify(token), 'ro-africa', 'tokens survive too');
});

t.test('DEMO_DATA=0 leaves the demo events out, but not the reference data', async (t) => {
  const { app } = await startApp(t, { demoData: false });
  t.equal((await app.inject({ url: '/api/events' })).json().total, 0);
  t.equal((await app.inject({ url: '/api/offices' })).json().length, 15);
});

t.test('SQLite is set up for a service: WAL, busy timeout, foreign keys', async (t) => {
  const services = storesOf({ ...testConfig(t), demoData: false });
  t.teardown(() => services.db.$client.close());
  const sqlite = services.db.$client;
  t.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(sqlite.pragma('foreign_keys', { simple: true }), 1);
  t.ok((sqlite.pragma('busy_timeout', { simple: true }) as number) >= 1000);
  t.throws(() => sqlite.prepare("insert into event_groups (event_id, group_id) values ('nope', 'sg13')").run(), /FOREIGN KEY/);
});

t.test('a failing write transaction leaves nothing half-applied', async (t) => {
  const services = storesOf({ ...testConfig(t), demoData: false });
  t.teardown(() => services.db.$client.close());
  const before = tableCount(services.db, 'events');
  t.throws(() =>
    writeTransaction(services.db, () => {
      services.db.$client
        .prepare(
          "insert into events (id, title, kind, status, office_id, region_id, partners, venue_virtual, time_zone, all_day, start_local, end_local, start_date, end_date, start_at, end_at, created_at, updated_at) values ('half', 't', 'meeting', 'confirmed', 'tsb', 'europe', '[]', 0, 'UTC', 1, '2024-01-01', '2024-01-01', '2024-01-01', '2024-01-01', 'x', 'x', 'x', 'x')",
        )
        .run();
      services.db.$client.prepare("insert into event_groups (event_id, group_id) values ('half', 'no-such-group')").run();
    }),
  );
  t.equal(tableCount(services.db, 'events'), before, 'the event row rolled back with the failed group row');
});

t.test('two processes on one file: the second writer waits instead of failing', async (t) => {
  const config = testConfig(t, { demoData: false });
  const a = storesOf(config);
  const b = storesOf(config);
  t.teardown(() => {
    a.db.$client.close();
    b.db.$client.close();
  });
  a.db.$client.prepare('begin immediate').run();
  b.db.$client.pragma('busy_timeout = 50');
  t.throws(
    () => writeTransaction(b.db, () => b.db.$client.prepare("insert into meta (key, value) values ('x', 'y')").run()),
    /busy|locked/i,
    'a second immediate writer cannot start while the first holds the lock',
  );
  a.db.$client.prepare('commit').run();
  writeTransaction(b.db, () => b.db.$client.prepare("insert into meta (key, value) values ('x', 'y')").run());
  t.equal(a.db.$client.prepare("select value from meta where key = 'x'").pluck().get(), 'y');
});
