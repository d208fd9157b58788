/**
 * Every zoned time the service serves, read as Outlook's desktop app reads it: RDATEs removed
 * from each VTIMEZONE, each observance built from DTSTART and RRULE alone (ical.js stands in
 * for Outlook), must be the instant luxon gives and the service stores.
 */
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import t from 'tap';
import { uidOf } from '../src/calendar/render.js';
import type { CalendarEvent } from '../src/domain/event.js';
import { unfold } from './support/ics.js';
import { disagreements, readAsOutlook, vtimezoneRdates, zoneChanges } from './support/outlook.js';
import { startApp } from './support/helpers.js';

/** The zones the issue names, beyond those of the offices and the demo events. */
const NAMED = [
  'Europe/Zurich',
  'Africa/Cairo',
  'Australia/Adelaide',
  'Asia/Almaty',
  'America/Santiago',
  'America/Asuncion',
  'Asia/Jerusalem',
  'Asia/Tehran',
  'Africa/Casablanca',
];
const FIRST_YEAR = 2022;
const LAST_YEAR = 2030;
/**
 * Casablanca moves its clock around Ramadan, so every year it changes its clock in shares no
 * yearly rule with its neighbours: 2022-2030 in the tz data of Node.js 20.20 (2025c), 2022-2026 in
 * that of Node.js 24.22 (2026e, where Morocco stays on +00 from 2027).
 */
const CASABLANCA_YEARS = [
  ...new Set(
    zoneChanges('Africa/Casablanca', Date.UTC(FIRST_YEAR, 0, 1), Date.UTC(LAST_YEAR + 1, 0, 1)).map(
      (c) => DateTime.fromMillis(c.at, { zone: 'Africa/Casablanca' }).year,
    ),
  ),
].sort();
/**
 * Zone -> local years of this test's events written in UTC: the years whose changes share no
 * yearly rule with the year before or after. Casablanca's above; Tehran's changes followed the
 * Persian calendar until 2022; Cairo falls back on the Friday after the last Thursday of October,
 * which in 2024 and 2030 is 1 November, and 2023, its first year with daylight saving again,
 * matches neither neighbour (the span of 2024 lasts until the change of April 2025). New tz data
 * may change this list.
 */
const EXPECTED_UTC: Record<string, number[]> = {
  'Africa/Cairo': [2023, 2024, 2025, 2030],
  'Africa/Casablanca': CASABLANCA_YEARS,
  'Asia/Tehran': [2022],
};

// one app for the file, and its events, built before the first test; closed after the last
let app: FastifyInstance;
let tsb: { authorization: string };
let demo: CalendarEvent[];
let zones: string[];
let feeds: { path: string }[];
let all: string;

// coordination calls with no reminders: nothing is planned in the outbox, so creating is quick
const base = {
  kind: 'coordination-call',
  office: 'tsb',
  region: 'europe',
  groups: [],
  partners: [],
  venue: { virtual: true, url: 'https://meet.itu.example/x' },
  reminders: [],
};
const created: { event: CalendarEvent; zone: string }[] = [];
async function create(zone: string, title: string, fields: Record<string, unknown>): Promise<CalendarEvent> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: tsb,
    payload: { ...base, title, timeZone: zone, ...fields },
  });
  if (res.statusCode !== 201) throw new Error(`${title} in ${zone}: ${res.statusCode} ${res.body}`);
  const event = res.json() as CalendarEvent;
  created.push({ event, zone });
  return event;
}

/** A local noon that is neither skipped nor repeated, nor within two hours of an offset change. */
function quietNoon(zone: string, date: string): string | null {
  const noon = DateTime.fromISO(`${date}T12:00`, { zone });
  const near = [-2, 2].map((h) => noon.plus({ hours: h }).offset);
  return noon.toFormat("yyyy-LL-dd'T'HH:mm") === `${date}T12:00` && near.every((o) => o === noon.offset) ? `${date}T12:00` : null;
}

const occurrencesOf = async (event: CalendarEvent) =>
  ((await app.inject({ url: `/api/events/${event.id}/occurrences` })).json() as { startsAt: string; endsAt: string; status: string }[])
    .filter((o) => o.status !== 'cancelled')
    .map((o) => ({ start: o.startsAt, end: o.endsAt }));

const series: CalendarEvent[] = [];
t.before(async () => {
  const started = await startApp(t, { publicBaseUrl: 'https://calendar.itu.example' });
  app = started.app;
  tsb = started.auth('tsb');

  const offices = (await app.inject({ url: '/api/offices' })).json() as { timeZone: string }[];
  demo = (await app.inject({ url: '/api/events?limit=500' })).json().items as CalendarEvent[];
  zones = [...new Set([...offices.map((o) => o.timeZone), ...demo.map((e) => e.timeZone), ...NAMED])].sort();

  for (const [i, zone] of zones.entries()) {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      for (const month of [1 + ((year + i) % 6), 7 + ((year + i) % 6)]) {
        const day = String(3 + ((year * 7 + i) % 24)).padStart(2, '0');
        const date = `${year}-${String(month).padStart(2, '0')}-${day}`;
        await create(zone, `${zone} ${date}`, { start: `${date}T09:30`, end: `${date}T11:00` });
      }
    }
    // the day before and the day after every offset change: a rule off by a week shows here
    const changes = zoneChanges(zone, Date.UTC(FIRST_YEAR, 0, 1), Date.UTC(LAST_YEAR + 1, 0, 1));
    for (const change of changes) {
      const changeDay = DateTime.fromMillis(change.at, { zone });
      for (const date of [changeDay.minus({ days: 1 }).toISODate()!, changeDay.plus({ days: 1 }).toISODate()!]) {
        const noon = quietNoon(zone, date);
        if (noon)
          await create(zone, `${zone} near the change of ${changeDay.toISODate()}`, { start: noon, end: noon.replace('T12:00', 'T13:00') });
      }
    }
    // a monthly call from January 2022 to December 2030; where the offset changes, one
    // occurrence moved and one skipped (moving is slow, and only matters where offsets differ)
    const call = await create(zone, `${zone} monthly call`, {
      start: `${FIRST_YEAR}-01-11T14:00`,
      end: `${FIRST_YEAR}-01-11T15:00`,
      recurrence: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=108',
    });
    if (changes.length === 0) {
      series.push(call);
      continue;
    }
    const planned = (await app.inject({ url: `/api/events/${call.id}/occurrences` })).json() as { originalDate: string }[];
    const moved = planned[54]!.originalDate;
    const movedTo = DateTime.fromISO(moved).plus({ days: 1 }).toISODate();
    const put = (date: string, body: object) =>
      app.inject({ method: 'PUT', url: `/api/events/${call.id}/occurrences/${date}`, headers: tsb, payload: body });
    if ((await put(moved, { start: `${movedTo}T16:00`, end: `${movedTo}T17:00` })).statusCode !== 200)
      throw new Error(`cannot move ${moved} in ${zone}`);
    if ((await put(planned[60]!.originalDate, { cancelled: true })).statusCode !== 200) throw new Error(`cannot skip in ${zone}`);
    series.push((await app.inject({ url: `/api/events/${call.id}` })).json() as CalendarEvent);
  }

  feeds = (await app.inject({ url: '/api/feeds' })).json() as { path: string }[];
  all = (await app.inject({ url: '/feeds/all.ics' })).body;
});

t.test('the test data covers what the issue asks', async (t) => {
  t.ok(zones.length >= 25, `${zones.length} zones: ${zones.join(', ')}`);
  for (const zone of [...NAMED, 'Africa/Addis_Ababa', 'America/Sao_Paulo', 'Asia/Bangkok', 'Europe/Moscow'])
    t.ok(zones.includes(zone), zone);
  const reading = readAsOutlook(all);
  t.same(
    zones.filter((z) => !reading.tzids.includes(z)),
    [],
    'every zone has its VTIMEZONE in /feeds/all.ics',
  );
  const zoned = new Set(reading.zoned.map((z) => z.tzid));
  t.same(
    zones.filter((z) => !zoned.has(z)),
    [],
    'every zone has times written in it',
  );
  const whats = new Set(reading.zoned.map((z) => z.what));
  t.same([...whats].sort(), ['DTEND', 'DTSTART', 'EXDATE', 'RECURRENCE-ID', 'occurrence']);
  t.ok(reading.zoned.length > 4000, `${reading.zoned.length} zoned times read`);
});

t.test('no VTIMEZONE of any feed has an RDATE, and every zoned time reads the same without RDATE support', async (t) => {
  t.ok(feeds.length > 40);
  for (const feed of feeds) {
    const body = (await app.inject({ url: feed.path })).body;
    t.same(vtimezoneRdates(body), [], `${feed.path}: no RDATE`);
    const reading = readAsOutlook(body);
    t.same(disagreements(reading), [], `${feed.path}: ${reading.zoned.length} zoned times as luxon reads them`);
    t.same(reading.floating, [], `${feed.path}: no floating times`);
  }
});

t.test('/feeds/all.ics read as Outlook: each event and each occurrence at the instant the service stores', async (t) => {
  const reading = readAsOutlook(all);
  const wrong: string[] = [];
  for (const { event } of created) {
    const got = reading.occurrences.get(uidOf(event.id));
    const expected = event.recurrence === null ? [{ start: event.startsAt, end: event.endsAt }] : await occurrencesOf(event);
    if (JSON.stringify(got) !== JSON.stringify(expected))
      wrong.push(`${event.title}: ${JSON.stringify(got?.slice(0, 3))} vs ${JSON.stringify(expected.slice(0, 3))}`);
  }
  t.same(wrong, [], `${created.length} events, ${series.length} of them monthly series of 108`);
  for (const event of demo) {
    if (event.allDay) continue;
    const expected = event.recurrence === null ? [{ start: event.startsAt, end: event.endsAt }] : await occurrencesOf(event);
    t.same(reading.occurrences.get(uidOf(event.id)), expected, `demo: ${event.title}`);
  }
});

t.test('times are written in UTC only where no yearly rule describes the zone', async (t) => {
  const reading = readAsOutlook(all);
  const zoneOf = new Map(created.map(({ event, zone }) => [uidOf(event.id), zone]));
  const utcYears = new Map<string, Set<number>>();
  for (const u of reading.utc) {
    const zone = zoneOf.get(u.uid);
    if (!zone) continue;
    const years = utcYears.get(zone) ?? new Set<number>();
    years.add(DateTime.fromISO(u.instant, { zone }).year);
    utcYears.set(zone, years);
  }
  const summary = Object.fromEntries(
    [...utcYears].sort(([a], [b]) => a.localeCompare(b)).map(([zone, years]) => [zone, [...years].sort()]),
  );
  t.same(summary, EXPECTED_UTC, 'the irregular zones and years of the tz data this Node.js carries');
  // a series keeps its RRULE in its zone; only its occurrences in irregular years are pinned in UTC
  const casablanca = series.find((s) => s.timeZone === 'Africa/Casablanca')!;
  const master = unfold(all).filter((l) => l.startsWith('DTSTART;TZID=Africa/Casablanca:20220111T140000'));
  t.equal(master.length, 1, 'the Casablanca call keeps its zone and RRULE');
  const inThoseYears = (await occurrencesOf(casablanca)).filter((o) =>
    CASABLANCA_YEARS.includes(DateTime.fromISO(o.start, { zone: 'Africa/Casablanca' }).year),
  );
  t.ok(inThoseYears.length >= 12 * 5, `${inThoseYears.length} occurrences in ${CASABLANCA_YEARS.join(', ')}`);
  t.equal(
    reading.utc.filter((u) => u.uid === uidOf(casablanca.id) && u.what === 'DTSTART').length,
    inThoseYears.length,
    'each of its occurrences in those years is also written in UTC',
  );
});

t.test('/events/<id>.ics downloads read the same', async (t) => {
  const one = new Map<string, CalendarEvent>();
  for (const { event, zone } of created) if (!one.has(zone)) one.set(zone, event);
  for (const event of [...one.values(), ...series]) {
    const body = (await app.inject({ url: `/events/${event.id}.ics` })).body;
    t.same(vtimezoneRdates(body), [], `${event.title}: no RDATE`);
    const reading = readAsOutlook(body);
    t.same(disagreements(reading), [], `${event.title}: zoned times`);
    const expected = event.recurrence === null ? [{ start: event.startsAt, end: event.endsAt }] : await occurrencesOf(event);
    t.same(reading.occurrences.get(uidOf(event.id)), expected, `${event.title}: instants`);
  }
});
