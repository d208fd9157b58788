/**
 * A feed whose events lie years apart in one zone: its VTIMEZONE describes the years used, each
 * with its neighbours, and not the years between, and every client still reads every time right.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ICAL from 'ical.js';
import t from 'tap';
import { uidOf } from '../src/calendar/render.js';
import type { CalendarEvent } from '../src/domain/event.js';
import { parseWithIcalJs, parseWithNodeIcal, unfold } from './support/ics.js';
import { disagreements, readAsOutlook } from './support/outlook.js';
import { startApp } from './support/helpers.js';

// one app for the file, built before the first test and closed after the last
let app: FastifyInstance;
let tsb: { authorization: string };

// coordination calls with no reminders: nothing is planned in the outbox for 1900
const base = {
  kind: 'coordination-call',
  office: 'tsb',
  region: 'europe',
  groups: [],
  partners: [],
  venue: { virtual: true, url: 'https://meet.itu.example/x' },
  reminders: [],
};
async function create(timeZone: string, start: string, end: string, fields: Record<string, unknown> = {}): Promise<CalendarEvent> {
  const title = `${timeZone} ${start}`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: tsb,
    payload: { ...base, title, timeZone, start, end, ...fields },
  });
  if (res.statusCode !== 201) throw new Error(`${title}: ${res.statusCode} ${res.body}`);
  return res.json() as CalendarEvent;
}

let zurich: CalendarEvent[];
let warsaw: CalendarEvent[];
let yearly: CalendarEvent;
let moved: CalendarEvent;
let yearlyOccurrences: { start: string; end: string }[];
let res: LightMyRequestResponse;
let text: string;

t.before(async () => {
  const started = await startApp(t, { demoData: false });
  app = started.app;
  tsb = started.auth('tsb');
  zurich = [
    await create('Europe/Zurich', '2024-01-15T10:00', '2024-01-15T11:00'),
    await create('Europe/Zurich', '2024-07-10T10:00', '2024-07-10T11:00'),
    await create('Europe/Zurich', '2200-01-15T10:00', '2200-01-15T11:00'),
    await create('Europe/Zurich', '2200-07-10T10:00', '2200-07-10T11:00'),
  ];
  // Warsaw kept its mean time (+01:24) until 1915: January 2024 must not read in it
  warsaw = [
    await create('Europe/Warsaw', '1900-06-01T10:00', '1900-06-01T11:00'),
    await create('Europe/Warsaw', '2024-01-15T10:00', '2024-01-15T11:00'),
  ];
  // every year the service takes, in one zone: a feed is never refused for the years it spans
  yearly = await create('America/New_York', '1900-06-10T09:00', '1900-06-10T10:00', { recurrence: 'FREQ=YEARLY;COUNT=301' });
  // a series of 2024 and 2034 whose second occurrence moved to 2200: its RECURRENCE-ID is in 2034
  moved = await create('Europe/Berlin', '2024-07-10T10:00', '2024-07-10T11:00', { recurrence: 'FREQ=YEARLY;INTERVAL=10;COUNT=2' });
  const put = await app.inject({
    method: 'PUT',
    url: `/api/events/${moved.id}/occurrences/2034-07-10`,
    headers: tsb,
    payload: { start: '2200-07-10T10:00', end: '2200-07-10T11:00' },
  });
  if (put.statusCode !== 200) throw new Error(`cannot move: ${put.statusCode} ${put.body}`);
  yearlyOccurrences = (
    (await app.inject({ url: `/api/events/${yearly.id}/occurrences` })).json() as { startsAt: string; endsAt: string }[]
  ).map((o) => ({ start: o.startsAt, end: o.endsAt }));

  res = await app.inject({ url: '/feeds/all.ics' });
  text = res.body;
});

/** The observances of one zone's VTIMEZONE, as ical.js reads them. */
function observances(tzid: string): { dtstart: ICAL.Time; rrule: ICAL.Recur | null }[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vtz = calendar.getAllSubcomponents('vtimezone').find((z) => z.getFirstPropertyValue('tzid') === tzid)!;
  return [...vtz.getAllSubcomponents('standard'), ...vtz.getAllSubcomponents('daylight')].map((o) => ({
    dtstart: o.getFirstPropertyValue('dtstart') as ICAL.Time,
    rrule: o.getFirstPropertyValue('rrule') as ICAL.Recur | null,
  }));
}

t.test('the feed is served, with the zones it uses', async (t) => {
  t.equal(res.statusCode, 200);
  t.same(parseWithIcalJs(text).tzids.sort(), ['America/New_York', 'Europe/Berlin', 'Europe/Warsaw', 'Europe/Zurich']);
});

t.test('Zurich 2024 and 2200: observances for 2023-2025 and 2199-2201 only', async (t) => {
  const zone = observances('Europe/Zurich');
  t.equal(zone.length, 4, 'one DAYLIGHT and one STANDARD per cluster');
  t.same(zone.map((o) => o.dtstart.year).sort(), [2023, 2023, 2199, 2199], 'each starts in the first year of its cluster');
  // the first cluster's rules end within it; ical.js expands no onset between the clusters
  const onsetYears = new Set<number>();
  for (const { dtstart, rrule } of zone) {
    if (!rrule) continue;
    const iterator = rrule.iterator(dtstart);
    for (let next = iterator.next(); next && next.year <= 2300; next = iterator.next()) onsetYears.add(next.year);
  }
  t.same([...onsetYears].filter((y) => y < 2199).sort(), [2023, 2024, 2025], 'no onset from 2026 to 2198');
  t.notOk(onsetYears.has(2100));
  t.ok(
    zone.filter((o) => o.dtstart.year === 2023).every((o) => o.rrule?.until?.year === 2025),
    'the rules of 2023-2025 end in 2025',
  );
  t.ok(
    zone.filter((o) => o.dtstart.year === 2199).every((o) => o.rrule?.until === null),
    'the last rules stay open',
  );
});

t.test("ical.js, with only the feed's own zones, and node-ical read every time at its instant", async (t) => {
  const byIcalJs = new Map(parseWithIcalJs(text).events.map((e) => [e.uid, e]));
  const byNodeIcal = new Map(parseWithNodeIcal(text).map((e) => [e.uid, e]));
  for (const event of [...zurich, ...warsaw]) {
    const ours = { start: new Date(event.startsAt).toISOString(), end: new Date(event.endsAt).toISOString() };
    const icalJs = byIcalJs.get(uidOf(event.id))!;
    t.same({ start: icalJs.start, end: icalJs.end }, ours, `ical.js: ${event.title}`);
    t.equal(icalJs.tzid, event.timeZone, `${event.title}: written in its zone`);
    // node-ical reads an IANA TZID through its Temporal polyfill, not the VTIMEZONE, and that
    // polyfill has no daylight saving after 2035: July 2200 would read an hour late in any feed
    if (event === zurich[3]) continue;
    const nodeIcal = byNodeIcal.get(uidOf(event.id))!;
    t.same({ start: nodeIcal.start.toISOString(), end: nodeIcal.end.toISOString() }, ours, `node-ical: ${event.title}`);
  }
  t.equal(byIcalJs.get(uidOf(zurich[2]!.id))!.start, '2200-01-15T09:00:00.000Z', 'January 2200 in CET');
  t.equal(byIcalJs.get(uidOf(zurich[3]!.id))!.start, '2200-07-10T08:00:00.000Z', 'July 2200 in CEST');
  t.equal(byIcalJs.get(uidOf(warsaw[1]!.id))!.start, '2024-01-15T09:00:00.000Z', 'January 2024 in CET, not in Warsaw mean time');
});

t.test('read as Outlook: every zoned time, every occurrence of the 301-year series, an occurrence moved 166 years', async (t) => {
  const reading = readAsOutlook(text);
  t.same(disagreements(reading), [], `${reading.zoned.length} zoned times as luxon reads them`);
  t.same(reading.floating, []);
  t.same(reading.occurrences.get(uidOf(yearly.id)), yearlyOccurrences, `${yearlyOccurrences.length} occurrences, 1900 to 2200`);
  t.equal(yearlyOccurrences.length, 301);
  t.ok(unfold(text).includes('DTSTART;TZID=America/New_York:19000610T090000'), 'the series keeps its zone');
  t.ok(unfold(text).includes('RECURRENCE-ID;TZID=Europe/Berlin:20340710T100000'), 'the moved occurrence names the time it was planned for');
  t.same(
    reading.occurrences.get(uidOf(moved.id)),
    [
      { start: '2024-07-10T08:00:00.000Z', end: '2024-07-10T09:00:00.000Z' },
      { start: '2200-07-10T08:00:00.000Z', end: '2200-07-10T09:00:00.000Z' },
    ],
    'and replaces it, in 2200',
  );
});
