import t from 'tap';
import { startApp, TestClock, type TestApp } from './support/helpers.js';

// Issue 14.2: a series in a report or a list is described by its occurrences in the period,
// never by its first date years before.
const clock = new TestClock(Date.parse('2026-06-15T08:00:00Z'));
// built before the first test, not at import; closed by startApp's teardown
const TITLE = 'TSB coordination call with the Regional Office for Africa';
let app: TestApp['app'];
let tsb: { authorization: string };
let id: string;
let created: Awaited<ReturnType<TestApp['app']['inject']>>;
let skip: typeof created;
let move: typeof created;
t.before(async () => {
  let auth: TestApp['auth'];
  ({ app, auth } = await startApp(t, { demoData: false, clock: clock.read }));
  tsb = auth('tsb');
  created = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: tsb,
    payload: {
      title: TITLE,
      kind: 'coordination-call',
      office: 'ro-africa',
      region: 'africa',
      venue: { virtual: true },
      timeZone: 'Europe/Zurich',
      start: '2023-09-06T13:00',
      end: '2023-09-06T14:00',
      recurrence: 'FREQ=MONTHLY;BYDAY=1WE;UNTIL=20271231T230000Z',
    },
  });
  id = created.json().id as string;
  // the first Wednesdays of 2026: 7 Jan, 4 Feb, 4 Mar, 1 Apr, 6 May, 3 Jun, 1 Jul, 5 Aug, 2 Sep, 7 Oct, 4 Nov, 2 Dec.
  // The first is skipped and the last moved a week on, so the year's first and last dates both change.
  skip = await app.inject({ method: 'PUT', url: `/api/events/${id}/occurrences/2026-01-07`, headers: tsb, payload: { cancelled: true } });
  move = await app.inject({
    method: 'PUT',
    url: `/api/events/${id}/occurrences/2026-12-02`,
    headers: tsb,
    payload: { start: '2026-12-09T13:00', end: '2026-12-09T14:00' },
  });
});

const REPEATS = 'monthly, first Wednesday, 13:00 Geneva time';
const report = (from: string, to: string, format: string) =>
  app.inject({ url: `/api/reports/activity?from=${from}&to=${to}&region=africa&format=${format}` });
const years = (text: string) => [...new Set(text.match(/\b(19|20)\d\d\b/g) ?? [])];

t.test('the series is set up', async (t) => {
  t.equal(created.statusCode, 201, created.body);
  t.equal(skip.statusCode, 200, skip.body);
  t.equal(move.statusCode, 200, move.body);
  const held = (
    (await app.inject({ url: `/api/events/${id}/occurrences?from=2026-01-01&to=2026-12-31` })).json() as { status: string }[]
  ).filter((o) => o.status !== 'cancelled');
  t.equal(held.length, 11, 'the occurrences route agrees: 11 held in 2026');
});

t.test('JSON: the series by its occurrences in 2026', async (t) => {
  const res = await report('2026-01-01', '2026-12-31', 'json');
  t.equal(res.statusCode, 200);
  const line = res.json().regions[0].events.find((e: { id: string }) => e.id === id);
  t.match(line, {
    start: '2026-02-04',
    end: '2026-12-09',
    dates: '4 February - 9 December 2026',
    occurrences: 11,
    series: {
      rule: 'FREQ=MONTHLY;BYDAY=1WE;UNTIL=20271231T230000Z',
      repeats: REPEATS,
      occurrences: 11,
      first: '2026-02-04',
      last: '2026-12-09',
      moved: 1,
      skipped: 1,
    },
  });
  t.equal(res.json().regions[0].comparison.previousEvents, 1, 'the series counts once in 2025 too');
  const before = (await report('2025-01-01', '2025-12-31', 'json')).json().regions[0].events[0];
  t.match(
    before,
    { start: '2025-01-01', end: '2025-12-03', occurrences: 12, series: { first: '2025-01-01', last: '2025-12-03', moved: 0, skipped: 0 } },
    '2025: 1 January is a Wednesday',
  );
});

t.test('Markdown and HTML: rule in words, count, first and last date in the period, and no other year', async (t) => {
  const expected = `${TITLE}, ${REPEATS}: 11 occurrences in the period, 4 February - 9 December 2026, Online (1 moved, 1 skipped)`;
  const md = (await report('2026-01-01', '2026-12-31', 'md')).body;
  const bullet = md.split('\n').find((l) => l.includes(TITLE))!;
  t.equal(bullet, `- ${expected}`);
  t.same(years(bullet), ['2026'], 'no date outside the period');
  t.notMatch(md, /September 2023/, "not the series' first date");
  const html = (await report('2026-01-01', '2026-12-31', 'html')).body;
  const item = /<li>([^<]*coordination call[^<]*)<\/li>/.exec(html)?.[1];
  t.equal(item, expected);
  t.notMatch(html, /2023/);
});

t.test('CSV: the same columns first, the rule and the changes added at the end', async (t) => {
  const lines = (await report('2026-01-01', '2026-12-31', 'csv')).body.trimEnd().split('\r\n');
  const header = lines[0]!.split(',');
  t.same(
    header.slice(0, 17),
    [
      'region',
      'kind',
      'title',
      'start',
      'end',
      'dates',
      'venue',
      'status',
      'office',
      'groups',
      'partners',
      'occurrences',
      'participants',
      'countries',
      'in_person',
      'remote',
      'women',
    ],
    'the columns a spreadsheet already reads, in place',
  );
  t.same(header.slice(17), ['repeats', 'rrule', 'moved', 'skipped', 'visibility', 'country_codes']);
  const row = lines.find((l) => l.includes(TITLE))!;
  t.equal(
    row,
    `africa,coordination-call,${TITLE},2026-02-04,2026-12-09,4 February - 9 December 2026,Online,confirmed,ro-africa,,,11,,,,,,"${REPEATS}",FREQ=MONTHLY;BYDAY=1WE;UNTIL=20271231T230000Z,1,1,public,`,
  );
  t.same(years(row.replace(/FREQ=[^,]*/, '')), ['2026'], 'no date outside the period but in the rule itself');
});

t.test('a shorter period: only its own occurrences, moved and skipped ones where they are now', async (t) => {
  const ids = async (from: string, to: string) =>
    ((await report(from, to, 'json')).json().regions[0].events as { id: string }[]).map((e) => e.id);
  t.same(await ids('2026-01-01', '2026-01-31'), [], 'January: its one occurrence is skipped, so the series is not in the report');
  t.same(await ids('2026-12-01', '2026-12-05'), [], 'the first days of December: its occurrence moved away');
  const december = (await report('2026-12-01', '2026-12-31', 'json')).json().regions[0].events[0];
  t.match(december, { start: '2026-12-09', end: '2026-12-09', dates: '9 December 2026', occurrences: 1, series: { moved: 1, skipped: 0 } });
  const md = (await report('2026-12-01', '2026-12-31', 'md')).body;
  t.match(md, `- ${TITLE}, ${REPEATS}: 1 occurrence in the period, 9 December 2026, Online (1 moved)`);
  const march = (await report('2026-03-01', '2026-03-31', 'json')).json().regions[0].events[0];
  t.match(march, { start: '2026-03-04', end: '2026-03-04', occurrences: 1, series: { moved: 0, skipped: 0 } });
});

const listItem = (body: string) => {
  const start = body.indexOf(`<a href="/events/${id}">`);
  return start < 0 ? '' : body.slice(body.lastIndexOf('<li>', start), body.indexOf('</li>', start));
};

t.test('the home list with from and to: the rule in words, the next occurrence, the count in those dates', async (t) => {
  const res = await app.inject({ url: '/?from=2026-01-01&to=2026-12-31' });
  t.equal(res.statusCode, 200);
  const item = listItem(res.body);
  t.match(item, `Repeats ${REPEATS}, until 31 December 2027`);
  t.match(
    item,
    /Next in the series: <span class="when"><time datetime="2026-07-01T13:00">Wed, 1 Jul 2026, 13:00–14:00<\/time>/,
    'today is 15 June 2026: the next is 1 July',
  );
  t.match(item, '11 occurrences in these dates, Wed, 4 Feb 2026 to Wed, 9 Dec 2026 (1 skipped)');
  t.notMatch(item, /2023/, 'not the first date of the series');
});

t.test('a past view shows the last occurrence; a list without dates has no count', async (t) => {
  clock.set('2027-03-01T08:00:00Z');
  t.teardown(() => clock.set('2026-06-15T08:00:00Z'));
  const past = listItem((await app.inject({ url: '/?from=2026-01-01&to=2026-12-31' })).body);
  t.match(
    past,
    /Last in the series: <span class="when"><time datetime="2026-12-09T13:00">Wed, 9 Dec 2026, 13:00–14:00<\/time>/,
    'the moved one, at its new date',
  );
  t.match(past, '11 occurrences in these dates');
  const upcoming = listItem((await app.inject({ url: '/' })).body);
  t.match(upcoming, `Repeats ${REPEATS}, until 31 December 2027`);
  t.match(upcoming, /Next in the series: <span class="when"><time datetime="2027-03-03T13:00">/);
  t.notMatch(upcoming, /occurrences? in these dates/, 'no period chosen: no count');
  const november = listItem((await app.inject({ url: '/?from=2026-11-01&to=2026-11-30' })).body);
  t.match(november, /Last in the series: <span class="when"><time datetime="2026-11-04T13:00">/, 'a past month: its one occurrence');
  t.match(november, '1 occurrence in these dates, Wed, 4 Nov 2026');
});

t.test('a list from a date before the skipped occurrence passes it over', async (t) => {
  clock.set('2025-12-20T08:00:00Z');
  t.teardown(() => clock.set('2026-06-15T08:00:00Z'));
  const item = listItem((await app.inject({ url: '/?from=2026-01-01' })).body);
  t.match(item, /Next in the series: <span class="when"><time datetime="2026-02-04T13:00">/, '7 January is skipped: 4 February is next');
  t.match(item, '23 occurrences in these dates, Wed, 4 Feb 2026 to Wed, 1 Dec 2027 (1 skipped)', '11 in 2026 and 12 in 2027');
});

t.test('a rule the words do not cover is shown as the rule', async (t) => {
  const odd = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: tsb,
    payload: {
      title: 'Odd clinic',
      kind: 'workshop',
      office: 'ro-africa',
      region: 'africa',
      venue: { virtual: true },
      timeZone: 'Africa/Nairobi',
      start: '2026-08-03',
      end: '2026-08-03',
      recurrence: 'FREQ=MONTHLY;BYDAY=1MO,FR;COUNT=3',
    },
  });
  t.equal(odd.statusCode, 201, odd.body);
  const body = (await app.inject({ url: '/?from=2026-08-01&to=2026-12-31' })).body;
  t.match(body, '<p class="meta repeats">Repeats: FREQ=MONTHLY;BYDAY=1MO,FR;COUNT=3</p>');
  const md = (await report('2026-08-01', '2026-12-31', 'md')).body;
  t.match(
    md,
    '- Odd clinic, repeats: FREQ=MONTHLY;BYDAY=1MO,FR;COUNT=3: 3 occurrences in the period, 3 - 14 August 2026, Online',
    'the first Monday and every Friday: 3, 7 and 14 August',
  );
});
