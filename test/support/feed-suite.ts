import fs from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DateTime } from 'luxon';
import type { Test } from 'tap';
import { exportFeeds } from '../../src/cli/export-feeds.js';
import { uidOf } from '../../src/calendar/render.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { LOCALES } from '../../src/i18n/index.js';
import { parseWithIcalJs, parseWithNodeIcal, physicalLines, unfold } from './ics.js';
import { startApp, type TestApp, workshopBody } from './helpers.js';

/**
 * The feed checks, event by event, through two independent parsers. Run once per process time
 * zone (see the feeds*.test.ts files): the process's own TZ must not move a date or an hour.
 */
export function feedSuite(t: Test): void {
  const publicBaseUrl = 'https://calendar.itu.example';
  // one app for the file, and its events, built before the first test; closed after the last
  let dir: string;
  let databasePath: string;
  let app: FastifyInstance;
  let auth: TestApp['auth'];
  let tsb: { authorization: string };
  let darEsSalaam: CalendarEvent;
  let zurichBefore: CalendarEvent;
  let zurichAfter: CalendarEvent;
  let adelaideBefore: CalendarEvent;
  let adelaideAfter: CalendarEvent;
  let overnight: CalendarEvent;
  let twice: CalendarEvent;
  let hostile: CalendarEvent;
  let scripts: CalendarEvent;
  let allRes: LightMyRequestResponse;
  let text: string;
  let events: CalendarEvent[];

  const create = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...workshopBody, ...body } });
    t.equal(res.statusCode, 201, `created ${String(body.title ?? '')}`);
    return res.json() as CalendarEvent;
  };
  const feed = async (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
  const allEvents = async (query = '') => (await app.inject({ url: `/api/events?limit=500${query}` })).json().items as CalendarEvent[];

  t.before(async () => {
    const started = await startApp(t, { publicBaseUrl });
    ({ app, auth, dir } = started);
    databasePath = started.config.databasePath;
    tsb = auth('tsb');

    darEsSalaam = await create({
      title: 'Workshop in Dar es Salaam',
      timeZone: 'Africa/Dar_es_Salaam',
      start: '2024-03-05T09:00',
      end: '2024-03-05T12:00',
      venue: { city: 'Dar es Salaam', country: 'Tanzania', virtual: false },
    });
    zurichBefore = await create({
      title: 'Zurich call before DST',
      office: 'ro-europe',
      region: 'europe',
      groups: [],
      timeZone: 'Europe/Zurich',
      start: '2024-03-28T14:00',
      end: '2024-03-28T15:00',
    });
    zurichAfter = await create({
      title: 'Zurich call after DST',
      office: 'ro-europe',
      region: 'europe',
      groups: [],
      timeZone: 'Europe/Zurich',
      start: '2024-04-04T14:00',
      end: '2024-04-04T15:00',
    });
    adelaideBefore = await create({
      title: 'APT workshop, Adelaide, summer time',
      office: 'ro-asia-pacific',
      region: 'asia-pacific',
      groups: [],
      timeZone: 'Australia/Adelaide',
      start: '2024-04-05T09:00',
      end: '2024-04-05T17:00',
    });
    adelaideAfter = await create({
      title: 'APT workshop, Adelaide, standard time',
      office: 'ro-asia-pacific',
      region: 'asia-pacific',
      groups: [],
      timeZone: 'Australia/Adelaide',
      start: '2024-04-08T09:00',
      end: '2024-04-08T17:00',
    });
    overnight = await create({
      title: 'Across midnight UTC',
      office: 'ro-americas',
      region: 'americas',
      groups: [],
      timeZone: 'America/Santiago',
      start: '2024-06-30T21:00',
      end: '2024-07-01T01:00',
    });
    twice = await create({
      title: 'In the hour that happens twice',
      office: 'ro-europe',
      region: 'europe',
      groups: [],
      timeZone: 'Europe/Zurich',
      start: '2027-10-31T02:30',
      end: '2027-10-31T03:30',
    });
    hostile = await create({
      title: 'Evil; with, commas \\ and backslash',
      description: 'Line one\nSTATUS:CANCELLED\r\nATTACH:http://evil.example/\n\\n literally',
      partners: ['ATU; EACO', 'CRASA, SADC'],
      venue: { name: 'Hall "A"; level 2, west', city: 'Arusha', country: 'Tanzania', virtual: false },
      url: 'https://www.itu.int/events?a=1,2;b=3',
      start: '2024-05-02T10:00',
      end: '2024-05-02T11:00',
    });
    // The API refuses a title over several lines now; a row stored before that rule must still be
    // escaped, so one is written straight into the database.
    hostile.title = 'Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected; with, commas \\ and backslash';
    app.root.stores.db.$client.prepare('update events set title = ? where id = ?').run(hostile.title, hostile.id);
    app.root.feedCache.invalidate(Date.now());
    scripts = await create({
      title: 'الاتحاد الدولي للاتصالات – ورشة عمل إقليمية حول معايير إنترنت الأشياء والمدن الذكية المستدامة',
      office: 'ro-arab-states',
      region: 'arab-states',
      groups: ['sg5rg-arb'],
      timeZone: 'Asia/Muscat',
      start: '2024-05-13',
      end: '2024-05-16',
      description: 'Региональное отделение МСЭ для стран СНГ · 国际电信联盟区域办事处 · 🌍📡 '.repeat(6),
      venue: { city: 'مسقط', country: 'عُمان', virtual: false },
    });

    allRes = await feed('/feeds/all.ics');
    text = allRes.body;
    events = await allEvents();
  });

  t.test('HTTP: a calendar, with its name, refresh hints and method', async (t) => {
    t.equal(allRes.statusCode, 200);
    t.equal(allRes.headers['content-type'], 'text/calendar; charset=utf-8');
    const lines = unfold(text);
    t.ok(lines.includes('METHOD:PUBLISH'));
    t.ok(lines.includes('NAME:ITU-T regional events'));
    t.ok(lines.includes('X-WR-CALNAME:ITU-T regional events'));
    t.ok(lines.some((l) => l.startsWith('X-WR-CALDESC:')));
    t.ok(lines.includes('REFRESH-INTERVAL;VALUE=DURATION:PT4H'));
    t.ok(lines.includes('X-PUBLISHED-TTL:PT4H'));
    t.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, events.length, 'one VEVENT per event');
  });

  t.test('every line is at most 75 octets and ends in CRLF, the last one included', async (t) => {
    const lines = physicalLines(text);
    const long = lines.filter((l) => Buffer.byteLength(l) > 75);
    t.same(long, [], 'no line over 75 octets');
    t.ok(
      lines.some((l) => l.startsWith(' ')),
      'long lines are folded',
    );
    t.ok(text.endsWith('END:VCALENDAR\r\n'));
  });

  t.test('ical.js, using only the feed’s VTIMEZONEs, gives each event’s dates and instants', async (t) => {
    const parsed = parseWithIcalJs(text);
    t.equal(parsed.events.length, events.length);
    const byUid = new Map(parsed.events.map((e) => [e.uid, e]));
    const usedTzids = new Set(parsed.events.map((e) => e.tzid).filter((z): z is string => z !== null));
    t.same(
      [...usedTzids].filter((z) => !parsed.tzids.includes(z)),
      [],
      'every TZID has its VTIMEZONE',
    );
    for (const event of events) {
      const ics = byUid.get(uidOf(event.id));
      if (!ics) {
        t.fail(`no VEVENT for ${event.id}`);
        continue;
      }
      // TEXT has one line break, \n: a CRLF in a title comes back as LF
      t.equal(ics.summary, event.title.replace(/\r\n/g, '\n'), `${event.id}: SUMMARY`);
      t.equal(ics.sequence, event.sequence, `${event.id}: SEQUENCE`);
      t.equal(ics.status, event.status.toUpperCase(), `${event.id}: STATUS`);
      t.equal(ics.allDay, event.allDay, `${event.id}: all-day or timed`);
      if (event.allDay) {
        t.equal(ics.start, event.start, `${event.id}: DTSTART date`);
        t.equal(ics.end, DateTime.fromISO(event.end).plus({ days: 1 }).toISODate(), `${event.id}: DTEND is the day after the last day`);
        t.equal(ics.tzid, null);
      } else {
        t.equal(ics.start, event.startsAt, `${event.id}: start instant`);
        t.equal(ics.end, event.endsAt, `${event.id}: end instant`);
        if (event.id !== twice.id) t.equal(ics.tzid, event.timeZone, `${event.id}: TZID is the event's zone`);
      }
    }
  });

  t.test('node-ical gives the same instants and dates', async (t) => {
    const parsed = parseWithNodeIcal(text);
    t.equal(parsed.length, events.length);
    const byUid = new Map(parsed.map((e) => [e.uid, e]));
    for (const event of events) {
      const ics = byUid.get(uidOf(event.id))!;
      t.equal(ics.summary, event.title.replace(/\r\n/g, '\n'), `${event.id}: SUMMARY`);
      if (event.allDay) {
        t.ok(ics.allDay, `${event.id}: a date`);
        // node-ical gives a date-only value as local midnight of the process's zone
        const local = (d: Date) => DateTime.fromJSDate(d).toISODate();
        t.equal(local(ics.start), event.start, `${event.id}: first day`);
        t.equal(local(ics.end), DateTime.fromISO(event.end).plus({ days: 1 }).toISODate(), `${event.id}: day after the last`);
      } else {
        t.equal(ics.start.toISOString(), event.startsAt, `${event.id}: start instant`);
        t.equal(ics.end.toISOString(), event.endsAt, `${event.id}: end instant`);
      }
    }
  });

  t.test('the instants the issue names', async (t) => {
    const parsed = new Map(parseWithIcalJs(text).events.map((e) => [e.uid, e]));
    t.equal(parsed.get(uidOf(darEsSalaam.id))!.start, '2024-03-05T06:00:00.000Z', '09:00 in Dar es Salaam is 06:00Z');
    const sg20 = events.find((e) => /^ITU-T SG20/.test(e.title))!;
    t.match(parsed.get(uidOf(sg20.id)), { allDay: true, start: '2023-09-13', end: '2023-09-23' });
    t.match(unfold(text).join('\n'), /DTSTART;VALUE=DATE:20230913\nDTEND;VALUE=DATE:20230923\n/);
    t.equal(parsed.get(uidOf(zurichBefore.id))!.start, '2024-03-28T13:00:00.000Z', '14:00 CET');
    t.equal(parsed.get(uidOf(zurichAfter.id))!.start, '2024-04-04T12:00:00.000Z', '14:00 CEST');
    t.equal(parsed.get(uidOf(adelaideBefore.id))!.start, '2024-04-04T22:30:00.000Z', '09:00 ACDT (+10:30)');
    t.equal(parsed.get(uidOf(adelaideAfter.id))!.start, '2024-04-07T23:30:00.000Z', '09:00 ACST (+9:30)');
    t.equal(parsed.get(uidOf(overnight.id))!.end, '2024-07-01T05:00:00.000Z');
    t.equal(parsed.get(uidOf(twice.id))!.start, '2027-10-31T00:30:00.000Z', 'an ambiguous 02:30 is its first occurrence, for every client');
    t.equal(parsed.get(uidOf(twice.id))!.tzid, null, 'written in UTC, which no client can read otherwise');
    t.ok(unfold(text).includes('DTSTART:20271031T003000Z'));
    const zurich = unfold(text).filter((l) => l.startsWith('DTSTART;TZID=Europe/Zurich'));
    t.ok(
      zurich.includes('DTSTART;TZID=Europe/Zurich:20240328T140000') && zurich.includes('DTSTART;TZID=Europe/Zurich:20240404T140000'),
      'wall-clock time in the event zone',
    );
  });

  t.test('text is escaped: an injected CRLF stays text, nothing adds a property or component', async (t) => {
    const parsed = parseWithIcalJs(text);
    const evil = parsed.events.find((e) => e.uid === uidOf(hostile.id))!;
    t.equal(evil.summary, hostile.title.replace(/\r\n/g, '\n'), 'the title comes back as text (line breaks as \\n)');
    t.match(evil.description, /Line one\nSTATUS:CANCELLED\nATTACH:http:\/\/evil\.example\/\n\\n literally/);
    t.match(evil.description, /Partners: ATU; EACO, CRASA, SADC/);
    t.equal(evil.status, 'CONFIRMED', 'the injected STATUS did not take');
    t.equal(evil.location, 'Hall "A"; level 2, west, Arusha, Tanzania');
    t.equal(decodeURIComponent(evil.url!), 'https://www.itu.int/events?a=1,2;b=3', 'URL survives without text escaping');
    const vevent = parsed.calendar.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === uidOf(hostile.id))!;
    t.equal(vevent.getAllProperties('attach').length, 0);
    t.equal(vevent.getAllProperties('summary').length, 1);
    t.equal(unfold(text).filter((l) => l === 'BEGIN:VEVENT').length, events.length);
  });

  t.test('non-Latin scripts come through both parsers unchanged', async (t) => {
    const viaIcalJs = parseWithIcalJs(text).events.find((e) => e.uid === uidOf(scripts.id))!;
    t.equal(viaIcalJs.summary, scripts.title);
    t.match(viaIcalJs.description, scripts.description!.trim());
    t.equal(viaIcalJs.location, 'مسقط, عُمان');
    const viaNodeIcal = parseWithNodeIcal(text).find((e) => e.uid === uidOf(scripts.id))!;
    t.equal(viaNodeIcal.summary, scripts.title);
  });

  t.test('description, location, URL and categories', async (t) => {
    const ws = parseWithIcalJs(text).events.find((e) => e.uid === uidOf(darEsSalaam.id))!;
    t.match(ws.description, /Workshop organized by ITU Regional Office for Africa/);
    t.match(ws.description, /Groups: .*SG13|Groups: /);
    t.match(ws.description, /Partners: ATU/);
    t.match(ws.description, /https:\/\/www\.itu\.int\/en\/ITU-T\/Workshops-and-Seminars\//);
    t.equal(ws.location, 'Dar es Salaam, Tanzania');
    t.same(ws.categories, ['Workshop', 'SG13RG-AFR']);
    const virtual = events.find((e) => e.venue.virtual && !e.venue.city)!;
    t.equal(parseWithIcalJs(text).events.find((e) => e.uid === uidOf(virtual.id))!.location, 'Online');
    const demo = events.find((e) => e.url === null)!;
    t.equal(
      parseWithIcalJs(text).events.find((e) => e.uid === uidOf(demo.id))!.url,
      `${publicBaseUrl}/events/${demo.id}`,
      'an event without a link points at its page',
    );
  });

  t.test('the same data gives the same bytes; DTSTAMP comes from the event', async (t) => {
    app.root.feedCache.invalidate(Date.now());
    const again = await feed('/feeds/all.ics');
    t.equal(again.body, text, 'rendered again, byte for byte the same');
    t.equal(again.headers.etag, allRes.headers.etag);
    const stamp = unfold(text).find((l) => l.startsWith('DTSTAMP:'));
    t.match(stamp, /^DTSTAMP:\d{8}T\d{6}Z$/, 'DTSTAMP in UTC');
    const ws = unfold(text)
      .join('\n')
      .split('BEGIN:VEVENT')
      .find((b) => b.includes(uidOf(darEsSalaam.id)))!;
    const updated = DateTime.fromISO(darEsSalaam.updatedAt, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
    t.match(ws, `DTSTAMP:${updated}`);
    t.match(ws, `LAST-MODIFIED:${updated}`);
  });

  t.test('conditional requests, caching and compression', async (t) => {
    const etag = allRes.headers.etag as string;
    t.match(etag, /^"[A-Za-z0-9_-]+"$/);
    t.ok(allRes.headers['last-modified']);
    const cached = await feed('/feeds/all.ics', { 'if-none-match': etag });
    t.equal(cached.statusCode, 304);
    t.equal(cached.body, '');
    const since = await feed('/feeds/all.ics', { 'if-modified-since': allRes.headers['last-modified'] as string });
    t.equal(since.statusCode, 304);
    const older = await feed('/feeds/all.ics', { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' });
    t.equal(older.statusCode, 200);
    const gz = await feed('/feeds/all.ics', { 'accept-encoding': 'gzip, deflate' });
    t.equal(gz.headers['content-encoding'], 'gzip');
    t.equal(gunzipSync(gz.rawPayload).toString('utf8'), text);
    t.equal((await feed('/feeds/all.ics', { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag as string })).statusCode, 304);
    const br = await feed('/feeds/all.ics', { 'accept-encoding': 'br;q=1, gzip;q=0.5' });
    t.equal(br.headers['content-encoding'], 'br');
    t.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), text);
    const noBr = await feed('/feeds/all.ics', { 'accept-encoding': 'br;q=0, gzip' });
    t.equal(noBr.headers['content-encoding'], 'gzip');
    t.equal((await feed('/feeds/all.ics', { 'accept-encoding': 'identity' })).headers['content-encoding'], undefined);
    t.equal(gz.headers.vary, 'Accept-Encoding');
    const head = await app.inject({ method: 'HEAD', url: '/feeds/regions/africa.ics' });
    t.equal(head.statusCode, 200);
    t.equal(head.body, '');
    t.equal(head.headers['content-type'], 'text/calendar; charset=utf-8');
    t.ok(head.headers.etag);
  });

  t.test('a change changes exactly the feeds that contain the event, and shows at once', async (t) => {
    const urls = [
      '/feeds/all.ics',
      '/feeds/regions/africa.ics',
      '/feeds/regions/europe.ics',
      '/feeds/offices/ro-africa.ics',
      '/feeds/kinds/workshop.ics',
      '/feeds/groups/sg13.ics',
      '/feeds/groups/sg17.ics',
      '/feeds/kinds/clinic.ics',
    ];
    const before = new Map<string, string>();
    for (const url of urls) before.set(url, (await feed(url)).headers.etag as string);
    const moved = await app.inject({
      method: 'PATCH',
      url: `/api/events/${darEsSalaam.id}`,
      headers: auth('ro-africa'),
      payload: { start: '2024-03-05T10:00', end: '2024-03-05T13:00' },
    });
    t.equal(moved.statusCode, 200);
    for (const url of urls) {
      const res = await feed(url, { 'if-none-match': before.get(url)! });
      const contains = [
        '/feeds/all.ics',
        '/feeds/regions/africa.ics',
        '/feeds/offices/ro-africa.ics',
        '/feeds/kinds/workshop.ics',
        '/feeds/groups/sg13.ics',
      ].includes(url);
      t.equal(res.statusCode, contains ? 200 : 304, `${url} ${contains ? 'changed' : 'unchanged'}`);
      if (contains) {
        t.not(res.headers.etag, before.get(url), `${url}: new ETag`);
        const ev = parseWithIcalJs(res.body).events.find((e) => e.uid === uidOf(darEsSalaam.id))!;
        t.equal(ev.start, '2024-03-05T07:00:00.000Z', `${url}: shows the new time`);
        t.equal(ev.sequence, 1);
      }
    }
  });

  t.test('a cancelled event stays in its feeds, CANCELLED with a higher SEQUENCE', async (t) => {
    const before = parseWithIcalJs((await feed('/feeds/regions/europe.ics')).body).events.find((e) => e.uid === uidOf(zurichAfter.id))!;
    const res = await app.inject({ method: 'POST', url: `/api/events/${zurichAfter.id}/cancel`, headers: auth('ro-europe') });
    t.equal(res.statusCode, 200);
    const after = parseWithIcalJs((await feed('/feeds/regions/europe.ics')).body).events.find((e) => e.uid === uidOf(zurichAfter.id))!;
    t.equal(after.status, 'CANCELLED');
    t.ok(after.sequence > before.sequence, 'SEQUENCE grew');
    t.equal(
      parseWithNodeIcal((await feed('/feeds/regions/europe.ics')).body).find((e) => e.uid === uidOf(zurichAfter.id))!.status,
      'CANCELLED',
    );
  });

  t.test('feed URLs: each dimension, combined filters, unknown values', async (t) => {
    const uids = (body: string) =>
      parseWithIcalJs(body)
        .events.map((e) => e.uid)
        .sort();
    const expect = async (query: string) => (await allEvents(query)).map((e) => uidOf(e.id)).sort();
    t.same(uids((await feed('/feeds/regions/africa.ics')).body), await expect('&region=africa'));
    t.same(uids((await feed('/feeds/groups/sg13.ics')).body), await expect('&group=sg13'), 'a study group includes its regional groups');
    t.ok(uids((await feed('/feeds/groups/sg13.ics')).body).includes(uidOf(darEsSalaam.id)), 'SG13 RG-AFR event is in the SG13 feed');
    t.same(uids((await feed('/feeds/offices/ro-africa.ics')).body), await expect('&office=ro-africa'));
    t.same(uids((await feed('/feeds/kinds/clinic.ics')).body), await expect('&kind=clinic'));
    t.ok((await expect('&kind=clinic')).length > 0);
    const combined = await feed('/feeds/all.ics?region=africa&group=sg13&kind=workshop,meeting');
    t.same(uids(combined.body), await expect('&region=africa&group=sg13&kind=workshop,meeting'));
    t.ok(uids(combined.body).length > 0);
    const reordered = await feed('/feeds/all.ics?kind=meeting,workshop&group=sg13&region=africa');
    t.equal(reordered.headers.etag, combined.headers.etag, 'the same selection in another order is the same feed');
    t.match(
      unfold(combined.body).find((l) => l.startsWith('X-WR-CALNAME:')),
      /Africa · .*Study Group 13.* · Meetings or Workshops/,
    );
    for (const [url, message] of <[string, string][]>[
      // the words of the API's 400 for the same unknown id
      ['/feeds/regions/mars.ics', "'mars' is not a known region"],
      ['/feeds/groups/sg99.ics', "'sg99' is not a known group"],
      ['/feeds/offices/ro-mars.ics', "'ro-mars' is not a known office"],
      ['/feeds/kinds/party.ics', "'party' is not a known kind"],
      ['/feeds/all.ics?region=africa,mars', "'mars' is not a known region"],
      ['/feeds/planets/mars.ics', 'No feed at /feeds/planets/mars.ics'],
      ['/feeds/regions/africa.json', 'No feed at /feeds/regions/africa.json'],
    ]) {
      const res = await feed(url);
      t.equal(res.statusCode, 404, url);
      t.match(res.headers['content-type'], /^text\/plain/);
      t.equal(res.body.trim(), message);
    }
  });

  t.test('GET /api/feeds lists every feed with https and webcal links', async (t) => {
    const list = (await app.inject({ url: '/api/feeds' })).json() as { title: string; path: string; url: string; webcal: string }[];
    const offices = (await app.inject({ url: '/api/offices' })).json().length;
    const groups = (await app.inject({ url: '/api/groups' })).json().length;
    t.equal(list.length, 1 + 6 + groups + offices + 9);
    const africa = list.find((f) => f.path === '/feeds/regions/africa.ics')!;
    t.same(africa, {
      title: 'ITU-T regional events: Africa',
      description: 'ITU-T regional events: Africa',
      path: '/feeds/regions/africa.ics',
      url: `${publicBaseUrl}/feeds/regions/africa.ics`,
      webcal: 'webcal://calendar.itu.example/feeds/regions/africa.ics',
    });
    for (const f of list) t.equal((await feed(f.path)).statusCode, 200, f.path);
  });

  t.test('the static export equals the served bytes, and rewrites only what changed', async (t) => {
    const out = path.join(dir, 'export');
    const env = { DATABASE_PATH: databasePath, PUBLIC_BASE_URL: publicBaseUrl };
    const first = exportFeeds(env, out);
    const list = (await app.inject({ url: '/api/feeds' })).json() as { path: string }[];
    // English where it always was, each of the five others in a folder of its own (feeds/fr/…)
    const others = LOCALES.filter((l) => l !== 'en');
    t.equal(first.written.length, list.length * LOCALES.length + 1, 'every feed in each language, and index.json');
    for (const f of list) {
      const served = await feed(f.path);
      t.ok(fs.readFileSync(path.join(out, f.path.replace('/feeds/', ''))).equals(served.rawPayload), `${f.path} byte-identical`);
      for (const locale of others) {
        const translated = await feed(`${f.path}?lang=${locale}`);
        const file = path.join(out, locale, f.path.replace('/feeds/', ''));
        t.ok(fs.readFileSync(file).equals(translated.rawPayload), `${f.path}?lang=${locale} byte-identical`);
      }
    }
    t.same(
      JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8')),
      list.map((f) => ({ ...f })),
    );
    const second = exportFeeds(env, out);
    t.same(second.written, [], 'nothing changed, nothing rewritten');
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/events/${adelaideAfter.id}`,
      headers: tsb,
      payload: { title: 'APT workshop (renamed)' },
    });
    t.equal(res.statusCode, 200);
    const third = exportFeeds(env, out);
    const holding = ['all.ics', 'kinds/workshop.ics', 'offices/ro-asia-pacific.ics', 'regions/asia-pacific.ics'];
    t.same(
      third.written.sort(),
      [...holding, ...others.flatMap((l) => holding.map((f) => `${l}/${f}`))].sort(),
      'only the feeds holding the event, in each language',
    );
    t.same(
      fs.readdirSync(path.join(out, 'regions')).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary files left',
    );
  });
}
