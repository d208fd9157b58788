import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import t, { type Test } from 'tap';
import { exportFeeds } from '../src/cli/export-feeds.js';
import { uidOf } from '../src/calendar/render.js';
import Database from 'better-sqlite3';
import { signInWith, startApp, startAppOn, testConfig, TestClock, tempDir, UNDO_AFTER_0008, workshopBody } from './support/helpers.js';

// Who sees what: public events everywhere; internal ones (the coordination calls and their join
// links) only for ITU staff, never in a public feed, page, list, export or report.

const JOIN = 'https://itu.zoom.us/j/internal-join-link';

async function setUp(t: Test) {
  const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
  const started = await startApp(t, { clock: clock.read, demoData: false });
  const { app, auth } = started;
  const tsb = auth('tsb');
  const create = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...workshopBody, ...body } });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json() as { id: string; sequence: number; visibility: string };
  };
  const open = await create({ title: 'Public workshop in Arusha', start: '2023-11-05T09:00', end: '2023-11-05T17:30' });
  const closed = await create({
    title: 'Internal preparatory meeting',
    visibility: 'internal',
    venue: { city: 'Arusha', url: JOIN },
    start: '2023-11-06T09:00',
    end: '2023-11-06T10:00',
  });
  const readers = {
    anonymous: { headers: {}, session: undefined as string | undefined },
    office: { headers: auth('ro-europe'), session: (await signInWith(app, started.token('ro-europe'))).cookie },
    tsb: { headers: tsb, session: (await signInWith(app, started.token('tsb'))).cookie },
  };
  return { ...started, clock, tsb, open, closed, readers };
}

const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');

t.test('the matrix: anonymous, office and TSB × public and internal × API, pages, feeds, export and report', async (t) => {
  const { app, config, open, closed, readers } = await setUp(t);
  t.equal(closed.visibility, 'internal');
  for (const [who, reader] of Object.entries(readers)) {
    const staff = who !== 'anonymous';
    const sees = (text: string, what: string) =>
      staff
        ? t.match(text, 'Internal preparatory meeting', `${who} sees it: ${what}`)
        : t.notMatch(text, 'Internal preparatory meeting', `${who} does not see it: ${what}`);
    // the API
    const list = await app.inject({ url: '/api/events?limit=500', headers: reader.headers });
    t.ok(
      list.json().items.some((e: { id: string }) => e.id === open.id),
      `${who}: the public event is listed`,
    );
    sees(list.body, 'GET /api/events');
    for (const url of [`/api/events/${closed.id}`, `/api/events/${closed.id}/occurrences`, `/api/events/${closed.id}/attendance`]) {
      t.equal((await app.inject({ url, headers: reader.headers })).statusCode, staff ? 200 : 404, `${who}: ${url}`);
    }
    const report = await app.inject({ url: '/api/reports/activity?from=2023-09-01&to=2024-06-30&format=md', headers: reader.headers });
    sees(report.body, 'the report from the API');
    // the pages
    const cookies: Record<string, string> = reader.session ? { session: reader.session } : {};
    const home = await app.inject({ url: '/?from=2023-11-01&to=2023-11-30', cookies });
    sees(home.body, 'the list');
    t.match(home.body, 'Public workshop in Arusha');
    const month = await app.inject({ url: '/?view=month&month=2023-11', cookies });
    sees(month.body, 'the month');
    const page = await app.inject({ url: `/events/${closed.id}`, cookies });
    t.equal(page.statusCode, staff ? 200 : 404, `${who}: the event page`);
    if (staff) t.match(page.body, '<span class="tag internal"', `${who}: with its badge`);
    t.equal((await app.inject({ url: `/events/${closed.id}.ics`, cookies })).statusCode, staff ? 200 : 404, `${who}: its .ics`);
    sees((await app.inject({ url: '/reports?from=2023-09-01&to=2024-06-30', cookies })).body, 'the report page');
    // the public feeds are public, whoever reads them
    for (const feed of ['/feeds/all.ics', '/feeds/regions/africa.ics', '/feeds/offices/ro-africa.ics']) {
      const body = (await app.inject({ url: feed, headers: reader.headers, cookies })).body;
      t.ok(
        vevents(body).some((v) => v.getFirstPropertyValue('uid') === uidOf(open.id)),
        `${who}: ${feed} has the public event`,
      );
      t.notOk(body.includes(uidOf(closed.id)), `${who}: ${feed} has not the internal one`);
      t.notMatch(body, 'internal-join-link', `${who}: nor its link`);
    }
  }
  // the static export is the public feeds
  const out = tempDir(t);
  exportFeeds({ DATABASE_PATH: config.databasePath }, out);
  const exported = fs
    .readdirSync(out, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ics'));
  t.ok(exported.length > 10);
  for (const file of exported) t.notOk(fs.readFileSync(path.join(out, file), 'utf8').includes(uidOf(closed.id)), `export ${file}`);
});

t.test('a public event made internal: one more publication as a bare cancellation, then it leaves the public feeds', async (t) => {
  const { app, clock, tsb, open } = await setUp(t);
  const feed = async () => (await app.inject('/feeds/all.ics')).body;
  t.ok((await feed()).includes(uidOf(open.id)));
  clock.advance(60_000);
  const made = await app.inject({ method: 'PATCH', url: `/api/events/${open.id}`, headers: tsb, payload: { visibility: 'internal' } });
  t.equal(made.statusCode, 200);
  t.equal(made.json().sequence, open.sequence + 1, 'a change of visibility bumps SEQUENCE');
  const withdrawn = vevents(await feed()).filter((v) => v.getFirstPropertyValue('uid') === uidOf(open.id));
  t.equal(withdrawn.length, 1, 'still in the public feed, once');
  const v = withdrawn[0]!;
  t.equal(v.getFirstPropertyValue('status'), 'CANCELLED', 'as cancelled, so subscribed calendars drop it');
  t.equal(Number(v.getFirstPropertyValue('sequence')), open.sequence + 1, 'with the new sequence');
  t.equal(v.getFirstPropertyValue('summary'), 'Cancelled', 'and none of its details');
  for (const property of ['description', 'location', 'url']) t.equal(v.getFirstPropertyValue(property), null, `no ${property}`);
  t.notMatch(await feed(), 'Public workshop in Arusha');
  t.notMatch((await app.inject('/?from=2023-11-01&to=2023-11-30')).body, 'Public workshop in Arusha', 'gone from the public pages at once');

  clock.advance(31 * 86_400_000);
  t.notOk((await feed()).includes(uidOf(open.id)), 'a month on, it has left the public feed, without any other change');

  const history = await app.inject({ url: `/api/events/${open.id}/history`, headers: tsb });
  t.same(history.json().at(-1).changes, [{ field: 'visibility', from: 'public', to: 'internal' }], 'the audit log has it');

  const back = await app.inject({ method: 'PATCH', url: `/api/events/${open.id}`, headers: tsb, payload: { visibility: 'public' } });
  t.equal(back.json().sequence, open.sequence + 2);
  const again = vevents(await feed()).find((e) => e.getFirstPropertyValue('uid') === uidOf(open.id));
  t.equal(again?.getFirstPropertyValue('summary'), 'Public workshop in Arusha', 'public again: whole again');
  t.not(again?.getFirstPropertyValue('status'), 'CANCELLED');
});

t.test('the demo coordination calls are internal; a bad visibility is refused naming the field', async (t) => {
  const { app, auth } = await startApp(t, { demoData: true });
  const call = await app.inject({ url: '/api/events/demo-coordination-africa', headers: auth('ro-africa') });
  t.equal(call.json().visibility, 'internal');
  t.equal((await app.inject('/api/events/demo-coordination-africa')).statusCode, 404);
  t.notMatch((await app.inject('/feeds/all.ics')).body, 'coordination call');
  const bad = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, visibility: 'secret' },
  });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().field, 'visibility');
});

t.test('an existing database: the upgrade makes the demo calls internal, and withdraws them from the public feeds', async (t) => {
  const config = testConfig(t, { demoData: true });
  const before = await startAppOn(t, config);
  await before.app.close();
  // the database as it was before migration 0004 (no visibility: every event public)
  const old = new Database(config.databasePath);
  // (undoing 0004 and what came after it: a migration added later must be undone here too)
  old.exec(UNDO_AFTER_0008);
  old.exec(
    'drop table withdrawn_events; drop table send_attempts; drop table feed_tokens; alter table events drop column visibility; alter table events drop column withdrawn_at; alter table events drop column search_text',
  );
  old
    .prepare(
      'delete from __drizzle_migrations where created_at > (select created_at from __drizzle_migrations order by created_at limit 1 offset 3)',
    )
    .run();
  old.close();

  const after = await startAppOn(t, config);
  const call = after.app.root.stores.events.get('demo-coordination-africa')!;
  t.equal(call.visibility, 'internal');
  t.ok(call.withdrawnAt, 'withdrawn at the upgrade');
  const frozen = after.app.root.stores.db.$client
    .prepare("select withdrawn_at from withdrawn_events where event_id = 'demo-coordination-africa'")
    .pluck()
    .get();
  t.equal(frozen, call.withdrawnAt, 'and frozen as it was then (migration 0007), for the public feeds');
  const feed = (await after.app.inject('/feeds/all.ics')).body;
  t.notMatch(feed, 'TSB coordination call', 'no title of a call in the public feed');
  const stub = vevents(feed).find((v) => v.getFirstPropertyValue('uid') === uidOf('demo-coordination-africa'));
  t.equal(stub?.getFirstPropertyValue('status'), 'CANCELLED', 'its cancellation instead, for the calendars subscribed to it');
  const publicOnes = after.app.root.stores.events.all({ audience: 'public' });
  t.ok(publicOnes.length > 20 && publicOnes.every((e) => e.visibility === 'public'), 'the report’s events stay public');
});
