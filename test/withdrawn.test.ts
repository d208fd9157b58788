import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ICAL from 'ical.js';
import t, { type Test } from 'tap';
import { exportFeeds } from '../src/cli/export-feeds.js';
import { uidOf } from '../src/calendar/render.js';
import { writeTransaction } from '../src/store/database.js';
import { startApp, startAppOn, tempDir, TestClock, UNDO_AFTER_0008, workshopBody, type TestApp } from './support/helpers.js';

// An event made internal stays in the public feeds as a cancellation frozen as it was at the
// withdrawal: nothing done to the internal event afterwards changes a byte, an ETag or a
// Last-Modified of any public feed or of the static export, nor brings it into another public feed.

const PUBLIC_BASE_URL = 'https://calendar.itu.example';
const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

/** The combined feeds a subscriber may have, the events' old and new dimensions among them. */
const COMBINED = [
  '/feeds/all.ics?region=africa,americas,europe&kind=workshop,webinar',
  '/feeds/all.ics?office=ro-africa,ro-americas,tsb',
  '/feeds/all.ics?group=sg13,sg17&region=americas,africa',
  '/feeds/all.ics?kind=meeting,forum',
  '/feeds/all.ics?office=ro-europe,tsb&region=europe,asia-pacific',
  '/feeds/all.ics?group=sg17&kind=meeting',
];

interface Seen {
  body: string;
  etag: string;
  lastModified: string;
}

async function setUp(t: Test) {
  // near the real time: the static export reads the system clock, and must still carry the cancellations
  const clock = new TestClock(Math.floor(Date.now() / 60_000) * 60_000);
  const started = await startApp(t, { clock: clock.read, demoData: false, publicBaseUrl: PUBLIC_BASE_URL });
  const { app, auth } = started;
  const tsb = auth('tsb');
  const call = async (method: 'POST' | 'PATCH' | 'PUT', url: string, payload: Record<string, unknown>) => {
    clock.advance(60_000);
    const res = await app.inject({ method, url, headers: tsb, payload });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; sequence: number; updatedAt: string };
  };
  // the public events around them
  await call('POST', '/api/events', {
    ...workshopBody,
    title: 'Public workshop in Arusha',
    start: '2027-02-01T09:00',
    end: '2027-02-01T17:00',
  });
  await call('POST', '/api/events', {
    ...workshopBody,
    title: 'Public meeting in Geneva',
    kind: 'meeting',
    office: 'ro-europe',
    region: 'europe',
    groups: ['sg17'],
    timeZone: 'Europe/Zurich',
    start: '2027-02-02T09:00',
    end: '2027-02-02T12:00',
  });
  const single = await call('POST', '/api/events', {
    ...workshopBody,
    title: 'Workshop to be withdrawn',
    start: '2027-03-05T09:00',
    end: '2027-03-05T12:00',
  });
  const series = await call('POST', '/api/events', {
    ...workshopBody,
    title: 'Webinar series to be withdrawn',
    kind: 'webinar',
    office: 'ro-americas',
    region: 'americas',
    groups: ['sg17'],
    timeZone: 'America/Santiago',
    start: '2027-04-13T10:00',
    end: '2027-04-13T11:00',
    recurrence: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6',
    venue: { url: 'https://meet.itu.example/webinar' },
  });
  // what the public subscribed to: a moved and a skipped occurrence
  await call('PUT', `/api/events/${series.id}/occurrences/2027-05-11`, { start: '2027-05-12T10:00', end: '2027-05-12T11:00' });
  await call('PUT', `/api/events/${series.id}/occurrences/2027-06-08`, { cancelled: true });
  return { ...started, clock, tsb, call, single, series };
}

/** Every public feed: the catalog of /api/feeds and the combined ones. */
async function publicUrls(app: TestApp['app']): Promise<string[]> {
  const catalog = ((await app.inject('/api/feeds')).json() as { path: string }[]).map((f) => f.path);
  return [...catalog, ...COMBINED];
}

async function look(app: TestApp['app'], urls: string[]): Promise<Map<string, Seen>> {
  const seen = new Map<string, Seen>();
  for (const url of urls) {
    const res = await app.inject(url);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    seen.set(url, { body: res.body, etag: String(res.headers.etag), lastModified: String(res.headers['last-modified']) });
  }
  return seen;
}

const differences = (before: Map<string, Seen>, after: Map<string, Seen>) =>
  [...before].flatMap(([url, was]) => {
    const now = after.get(url)!;
    return (['body', 'etag', 'lastModified'] as const).filter((k) => was[k] !== now[k]).map((k) => `${url}: ${k}`);
  });

const readExport = (dir: string) =>
  new Map(
    fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ics'))
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );

t.test('the matrix: each kind of later edit of a withdrawn event × every public feed and the static export', async (t) => {
  const { app, config, call, single, series, clock } = await setUp(t);
  const urls = await publicUrls(app);
  t.ok(urls.length > 60, `${urls.length} public feeds`);
  await look(app, urls);

  await call('PATCH', `/api/events/${single.id}`, { visibility: 'internal' });
  const withdrawn = await call('PATCH', `/api/events/${series.id}`, { visibility: 'internal' });
  const baseline = await look(app, urls);
  const { secret } = writeTransaction(app.root.stores.db, () =>
    app.root.stores.feedTokens.create('tsb', 'matrix', clock.read().toISOString()),
  );
  const privately = async (feed: string) => (await app.inject(`/feeds/private/${secret}${feed}`)).body;
  const out = tempDir(t);
  const env = { DATABASE_PATH: config.databasePath, PUBLIC_BASE_URL };
  exportFeeds(env, out);
  const exported = readExport(out);

  // the cancellations are there, in the feeds of what the events were, and only there
  const carrying = (id: string) =>
    [...baseline]
      .filter(([, s]) => s.body.includes(uidOf(id)))
      .map(([url]) => url)
      .sort();
  t.same(
    carrying(single.id),
    [
      '/feeds/all.ics',
      '/feeds/groups/sg13.ics',
      '/feeds/groups/sg13rg-afr.ics',
      '/feeds/kinds/workshop.ics',
      '/feeds/offices/ro-africa.ics',
      '/feeds/regions/africa.ics',
      COMBINED[0],
      COMBINED[1],
      COMBINED[2],
    ].sort(),
    'the single event: in the feeds of its region, office, kind and groups as they were',
  );
  t.same(
    carrying(series.id),
    [
      '/feeds/all.ics',
      '/feeds/groups/sg17.ics',
      '/feeds/kinds/webinar.ics',
      '/feeds/offices/ro-americas.ics',
      '/feeds/regions/americas.ics',
      COMBINED[0],
      COMBINED[1],
      COMBINED[2],
    ].sort(),
    'the series: likewise',
  );
  const stub = unfold(baseline.get('/feeds/regions/americas.ics')!.body);
  const stubEvents = vevents(baseline.get('/feeds/regions/americas.ics')!.body).filter(
    (v) => v.getFirstPropertyValue('uid') === uidOf(series.id),
  );
  t.equal(stubEvents.length, 2, 'the series and its moved occurrence');
  t.ok(
    stubEvents.every((v) => v.getFirstPropertyValue('status') === 'CANCELLED' && v.getFirstPropertyValue('summary') === 'Cancelled'),
    'cancelled, without its title',
  );
  t.ok(
    stubEvents.every((v) => Number(v.getFirstPropertyValue('sequence')) === withdrawn.sequence),
    'with the sequence of the withdrawal',
  );
  t.match(stub, 'RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=6');
  t.match(stub, 'EXDATE;TZID=America/Santiago:20270608T100000');
  t.match(stub, 'RECURRENCE-ID;TZID=America/Santiago:20270511T100000');
  const stamp = new Date(withdrawn.updatedAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  t.match(stub, `DTSTAMP:${stamp}`, 'stamped with the withdrawal');
  t.notMatch(stub, /meet\.itu\.example|Webinar series/, 'no detail');
  t.ok(
    exported.get('all.ics')!.includes(uidOf(series.id)) && exported.get('regions/africa.ics')!.includes(uidOf(single.id)),
    'the export carries them too',
  );

  const edits: [string, [string, 'PATCH' | 'PUT', string, Record<string, unknown>][]][] = [
    [
      'move an occurrence',
      [['series', 'PUT', `/api/events/${series.id}/occurrences/2027-07-13`, { start: '2027-07-14T15:00', end: '2027-07-14T16:00' }]],
    ],
    ['skip an occurrence', [['series', 'PUT', `/api/events/${series.id}/occurrences/2027-08-10`, { cancelled: true }]]],
    [
      'times',
      [
        ['single', 'PATCH', `/api/events/${single.id}`, { start: '2027-03-06T10:00', end: '2027-03-06T13:00' }],
        ['series', 'PATCH', `/api/events/${series.id}`, { start: '2027-04-13T09:00', end: '2027-04-13T10:30' }],
      ],
    ],
    [
      'time zone',
      [
        ['single', 'PATCH', `/api/events/${single.id}`, { timeZone: 'Europe/Zurich' }],
        ['series', 'PATCH', `/api/events/${series.id}`, { timeZone: 'Asia/Tokyo' }],
      ],
    ],
    [
      'RRULE',
      [
        ['single', 'PATCH', `/api/events/${single.id}`, { recurrence: 'FREQ=DAILY;COUNT=3' }],
        ['series', 'PATCH', `/api/events/${series.id}`, { recurrence: 'FREQ=WEEKLY;COUNT=10' }],
      ],
    ],
    [
      'kind',
      [
        ['single', 'PATCH', `/api/events/${single.id}`, { kind: 'meeting' }],
        ['series', 'PATCH', `/api/events/${series.id}`, { kind: 'forum' }],
      ],
    ],
    [
      'region',
      [
        ['single', 'PATCH', `/api/events/${single.id}`, { region: 'europe' }],
        ['series', 'PATCH', `/api/events/${series.id}`, { region: 'asia-pacific' }],
      ],
    ],
    [
      'office',
      [
        ['single', 'PATCH', `/api/events/${single.id}`, { office: 'ro-europe' }],
        ['series', 'PATCH', `/api/events/${series.id}`, { office: 'tsb' }],
      ],
    ],
    [
      'groups',
      [
        ['single', 'PATCH', `/api/events/${single.id}`, { groups: ['sg17'] }],
        ['series', 'PATCH', `/api/events/${series.id}`, { groups: ['sg13', 'sg5'] }],
      ],
    ],
    ['description', [['single', 'PATCH', `/api/events/${single.id}`, { description: 'Now a closed meeting of the rapporteurs.' }]]],
    ['title', [['series', 'PATCH', `/api/events/${series.id}`, { title: 'Closed rapporteurs meeting' }]]],
    ['partners', [['single', 'PATCH', `/api/events/${single.id}`, { partners: ['ATU', 'EACO'] }]]],
    [
      'venue',
      [
        [
          'series',
          'PATCH',
          `/api/events/${series.id}`,
          { venue: { name: 'ITU HQ', city: 'Geneva', country: 'Switzerland', url: 'https://meet.itu.example/closed' } },
        ],
      ],
    ],
  ];
  let staffAll = await privately('/all.ics');
  for (const [what, steps] of edits) {
    for (const [, method, url, payload] of steps) await call(method, url, payload);
    t.same(differences(baseline, await look(app, urls)), [], `${what}: no public feed changed a byte, an ETag or a Last-Modified`);
    const again = exportFeeds(env, out);
    t.same(again.written, [], `${what}: the static export rewrote nothing`);
    t.same(readExport(out), exported, `${what}: its files are the same`);
    const staff = await privately('/all.ics');
    t.not(staff, staffAll, `${what}: the private feed shows the change`);
    staffAll = staff;
  }
  // where the events are now, for staff: the feeds of their new dimensions, which the public ones never joined
  for (const feed of ['/regions/europe.ics', '/offices/tsb.ics', '/kinds/forum.ics', '/groups/sg5.ics']) {
    t.ok((await privately(feed)).includes(uidOf(feed === '/regions/europe.ics' ? single.id : series.id)), `private ${feed} has the event`);
  }
  t.match(unfold(await privately('/all.ics')), 'SUMMARY:Closed rapporteurs meeting', 'whole, for staff');

  // a process started afresh on the file, with no memory of what it served: the same bytes and
  // ETags; its Last-Modified, the newest change in each feed, is no later than the first one's
  // (which may be the later moment its bytes were first seen to differ)
  await app.close();
  const fresh = await look((await startAppOn(t, config)).app, urls);
  t.same(
    differences(baseline, fresh).filter((d) => !d.endsWith(': lastModified')),
    [],
    'a fresh process: the same bytes and ETags',
  );
  t.same(
    [...fresh].filter(([url, s]) => Date.parse(s.lastModified) > Date.parse(baseline.get(url)!.lastModified)).map(([url]) => url),
    [],
    'and no later Last-Modified',
  );
});

t.test('made public again, the snapshot goes; made internal again, a new one is taken', async (t) => {
  const { app, call, single } = await setUp(t);
  const feed = async () => unfold((await app.inject('/feeds/regions/africa.ics')).body);
  await call('PATCH', `/api/events/${single.id}`, { visibility: 'internal' });
  await call('PATCH', `/api/events/${single.id}`, { start: '2027-03-07T09:00', end: '2027-03-07T12:00', region: 'europe' });
  t.match(await feed(), 'DTSTART;TZID=Africa/Dar_es_Salaam:20270305T090000', 'withdrawn: the old times, in the old region');
  const back = await call('PATCH', `/api/events/${single.id}`, { visibility: 'public' });
  t.equal(app.root.stores.db.$client.prepare('select count(*) from withdrawn_events').pluck().get(), 0, 'public again: no snapshot');
  t.notOk((await feed()).includes(uidOf(single.id)), 'public again: in Europe now, no longer in Africa');
  const europe = vevents((await app.inject('/feeds/regions/europe.ics')).body).find(
    (v) => v.getFirstPropertyValue('uid') === uidOf(single.id),
  )!;
  t.equal(europe.getFirstPropertyValue('summary'), 'Workshop to be withdrawn', 'whole');
  t.equal(Number(europe.getFirstPropertyValue('sequence')), back.sequence);

  const again = await call('PATCH', `/api/events/${single.id}`, { visibility: 'internal' });
  await call('PATCH', `/api/events/${single.id}`, { start: '2027-03-09T09:00', end: '2027-03-09T12:00', region: 'africa' });
  const europeNow = unfold((await app.inject('/feeds/regions/europe.ics')).body);
  t.match(europeNow, 'DTSTART;TZID=Africa/Dar_es_Salaam:20270307T090000', 'withdrawn again: frozen as the public last saw it, on the 7th');
  t.match(europeNow, `SEQUENCE:${again.sequence}`);
  t.match(europeNow, 'STATUS:CANCELLED');
  t.notOk((await feed()).includes(uidOf(single.id)), 'and not in Africa, where it went afterwards');
});

t.test('one PATCH that withdraws and moves an event: the cancellation shows what the public had', async (t) => {
  const { app, call, single } = await setUp(t);
  await call('PATCH', `/api/events/${single.id}`, {
    visibility: 'internal',
    start: '2027-09-01T09:00',
    end: '2027-09-01T10:00',
    region: 'europe',
    kind: 'meeting',
  });
  const africa = unfold((await app.inject('/feeds/regions/africa.ics')).body);
  t.match(africa, 'DTSTART;TZID=Africa/Dar_es_Salaam:20270305T090000');
  t.notOk((await app.inject('/feeds/regions/europe.ics')).body.includes(uidOf(single.id)), 'not in the region it went to');
  t.notOk((await app.inject('/feeds/kinds/meeting.ics')).body.includes(uidOf(single.id)), 'nor the kind');
});

t.test('an existing database whose withdrawn events have no snapshot: the upgrade freezes them as they are', async (t) => {
  const { app, config, call, series } = await setUp(t);
  const withdrawn = await call('PATCH', `/api/events/${series.id}`, { visibility: 'internal' });
  // edited after the withdrawal, under the version before: the only state there is to freeze
  await call('PATCH', `/api/events/${series.id}`, { region: 'europe' });
  await call('PUT', `/api/events/${series.id}/occurrences/2027-07-13`, { cancelled: true });
  const edited = app.root.stores.events.get(series.id)!;
  await app.close();
  const old = new Database(config.databasePath);
  // the database as the version before 0007 left it (and 0008, which came after it, undone too)
  old.exec(UNDO_AFTER_0008);
  old.exec('drop table withdrawn_events; alter table events drop column search_text');
  old.prepare('delete from __drizzle_migrations where created_at >= 1796200100000').run();
  old.close();

  const upgraded = await startAppOn(t, config);
  const row = upgraded.app.root.stores.db.$client.prepare('select withdrawn_at, snapshot from withdrawn_events').get() as {
    withdrawn_at: string;
    snapshot: string;
  };
  t.equal(row.withdrawn_at, withdrawn.updatedAt, 'withdrawn when it was');
  t.match(JSON.parse(row.snapshot), {
    id: series.id,
    sequence: edited.sequence,
    region: 'europe',
    groups: ['sg17'],
    allDay: false,
    recurrence: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6',
    overrides: edited.overrides.map((o) => ({ ...o })),
  });
  const europe = (await upgraded.app.inject('/feeds/regions/europe.ics')).body;
  const stub = vevents(europe).filter((v) => v.getFirstPropertyValue('uid') === uidOf(series.id));
  t.equal(stub.length, 2, 'carried, as the event was at the upgrade');
  t.ok(stub.every((v) => v.getFirstPropertyValue('status') === 'CANCELLED'));
  t.match(unfold(europe), 'EXDATE;TZID=America/Santiago:20270608T100000', 'the skip the public had');
  t.match(unfold(europe), 'EXDATE;TZID=America/Santiago:20270713T100000', 'and the one made after the withdrawal, under the old version');
  // and from then on, frozen
  const before = await look(upgraded.app, ['/feeds/regions/europe.ics', '/feeds/all.ics']);
  const res = await upgraded.app.inject({
    method: 'PATCH',
    url: `/api/events/${series.id}`,
    headers: upgraded.auth('tsb'),
    payload: { start: '2027-04-20T10:00', end: '2027-04-20T11:00' },
  });
  t.equal(res.statusCode, 200);
  t.same(differences(before, await look(upgraded.app, ['/feeds/regions/europe.ics', '/feeds/all.ics'])), []);
});
