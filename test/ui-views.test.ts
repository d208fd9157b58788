// The home page's and the office page's views (issue 14): Upcoming and Past with the filters kept,
// the past most recent first and paginated, the empty state, and the month grid's bars and
// "+N more" (a multi-day event once per week row). Through app.inject: what a browser without
// JavaScript gets. The demo events lie in 2023-2024 and the coordination calls run to 2027, so on
// 2026-12-01 little is ahead.
import t from 'tap';
import { layoutMonth, type MonthItem } from '../src/ui/month.js';
import { startApp, TestClock, type TestApp } from './support/helpers.js';

const TODAY = '2026-12-01';
// built before the first test, not at import; closed by startApp's teardown after the last
let app: TestApp['app'];
let auth: TestApp['auth'];
let tsb: { authorization: string };
let overSeries: { id: string; title: string };
let goingSeries: { id: string; title: string };
const base = {
  kind: 'meeting',
  office: 'ao-harare',
  region: 'africa',
  groups: [],
  venue: { city: 'Harare', country: 'Zimbabwe' },
  timeZone: 'Africa/Harare',
};
async function create(body: Record<string, unknown>): Promise<{ id: string; title: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...base, ...body } });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}
const get = (url: string, cookie?: string) => app.inject({ url, cookies: cookie ? { session: cookie } : {} });
/** The ids of the events a list links to, in their order. */
const listed = (body: string, after = '<h2 id="results">') => {
  const part = body.slice(body.indexOf(after));
  const list = part.indexOf('<ul class="event-list"');
  const next = part.indexOf('<h2', 1);
  if (list < 0 || (next >= 0 && next < list)) return [];
  return [...part.slice(list, part.indexOf('</ul>', list)).matchAll(/<h3[^>]*><a href="\/events\/([^"]+)">/g)].map((m) =>
    decodeURIComponent(m[1]!),
  );
};

// Harare's past: 60 one-day meetings in 2025, one a day (more than a page), a series over by
// October 2026, and a series still going in December
const pastIds: string[] = [];
t.before(async () => {
  ({ app, auth } = await startApp(t, { clock: new TestClock(Date.parse(`${TODAY}T08:00:00Z`)).read, authFailureLimit: 1000 }));
  tsb = auth('tsb');
  for (let i = 0; i < 60; i++) {
    const day = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
    pastIds.push((await create({ title: `Harare meeting ${i}`, start: day, end: day })).id);
  }
  overSeries = await create({
    title: 'Harare weekly clinic, over',
    kind: 'clinic',
    start: '2026-09-01T10:00',
    end: '2026-09-01T11:00',
    recurrence: 'FREQ=WEEKLY;COUNT=5',
  });
  goingSeries = await create({
    title: 'Harare weekly clinic, going on',
    kind: 'clinic',
    start: '2026-11-03T10:00',
    end: '2026-11-03T11:00',
    recurrence: 'FREQ=WEEKLY;COUNT=10',
  });
});

t.test('the views are links at the top that keep every filter', async (t) => {
  const res = await get('/?region=africa&office=ao-harare&kind=meeting&from=2025-01-01&to=2026-12-31&q=harare');
  t.equal(res.statusCode, 200);
  const tabs = res.body.slice(
    res.body.indexOf('<nav class="views" aria-label="Views">'),
    res.body.indexOf('</nav>', res.body.indexOf('aria-label="Views"')),
  );
  const filters = 'region=africa&amp;office=ao-harare&amp;kind=meeting&amp;from=2025-01-01&amp;to=2026-12-31&amp;q=harare';
  t.match(tabs, `<a href="/?${filters}" aria-current="page">Upcoming</a>`, 'Upcoming, the current view');
  t.match(tabs, `<a href="/?${filters}&amp;view=past">Past</a>`);
  t.match(tabs, `<a href="/?${filters}&amp;view=month">Month</a>`);
  t.ok(res.body.indexOf('aria-label="Views"') < res.body.indexOf('<form method="get" action="/"'), 'above the filters');

  const past = await get('/?region=africa&view=past');
  t.match(past.body, '<a href="/?region=africa&amp;view=past" aria-current="page">Past</a>');
  t.match(past.body, '<input type="hidden" name="view" value="past">', 'filtering keeps the past view');
  t.match(past.body, '<title>Past events – ITU-T regional events</title>');
  t.equal((await get('/?view=upcoming&region=africa')).statusCode, 200, 'view=upcoming is the list too');
});

t.test('past: every matching event that is over, the most recent first, 50 a page', async (t) => {
  const first = await get('/?view=past&office=ao-harare');
  t.equal(first.statusCode, 200);
  t.match(first.body, 'Showing 1–50 of 61 past events, the most recent first.', '60 meetings and the series that is over');
  const ids = listed(first.body);
  t.equal(ids.length, 50);
  t.equal(ids[0], overSeries.id, 'the series that ended in October 2026 is the most recent');
  t.same(ids.slice(1), pastIds.slice(11).reverse(), 'then the meetings, latest first');
  t.notOk(ids.includes(goingSeries.id), 'a series with occurrences ahead is not past');
  t.match(first.body, 'href="/?office=ao-harare&amp;view=past&amp;page=2">Next page</a>');
  t.notMatch(first.body, 'Previous page');
  t.match(
    first.body,
    /Last in the series: <span class="when"><time datetime="2026-09-29T10:00">Tue, 29 Sept? 2026, 10:00–11:00/,
    'a series by its last occurrence',
  );

  const second = await get('/?office=ao-harare&view=past&page=2');
  t.match(second.body, 'Showing 51–61 of 61 past events');
  t.same(listed(second.body), pastIds.slice(0, 11).reverse());
  t.match(second.body, 'href="/?office=ao-harare&amp;view=past">Previous page</a>');
  t.notMatch(second.body, 'Next page');
  const beyond = await get('/?office=ao-harare&view=past&page=9');
  t.match(beyond.body, 'There are only 61 past events: this page is past the last.');
  t.match(beyond.body, 'href="/?office=ao-harare&amp;view=past&amp;page=2">Previous page</a>', 'and a way back');

  // the filters and dates narrow the past as they narrow the list
  const january = await get('/?view=past&office=ao-harare&from=2025-01-10&to=2025-01-12');
  t.same(listed(january.body), [pastIds[11], pastIds[10], pastIds[9]]);
  const clinics = await get('/?view=past&office=ao-harare&kind=clinic');
  t.same(listed(clinics.body), [overSeries.id]);
  const demo = await get('/?view=past&region=europe');
  t.ok(listed(demo.body).length > 0, 'the demo events are past too');
  t.notOk(listed(demo.body).includes('demo-coordination-europe'), 'not the calls, which run to 2027');

  // the upcoming list has the series still going, by its next occurrence, and none of the past
  const upcoming = await get('/?office=ao-harare');
  t.same(listed(upcoming.body), [goingSeries.id]);
  t.match(upcoming.body, /Next in the series: <span class="when"><time datetime="2026-12-01T10:00">/);
});

t.test('nothing upcoming: said plainly, with the most recent matching events and a link to the past', async (t) => {
  const res = await get('/?office=ao-harare&kind=meeting');
  t.equal(res.statusCode, 200);
  t.match(res.body, '<p role="status">No upcoming events match these filters.</p>');
  t.match(res.body, '<h2 id="recent">The most recent past events</h2>');
  t.same(listed(res.body, '<h2 id="recent">'), pastIds.slice(-5).reverse(), 'the five latest, latest first');
  t.match(res.body, '<a href="/?office=ao-harare&amp;kind=meeting&amp;view=past">All past events matching these filters</a>');
  t.notMatch(res.body, 'Next page');

  const none = await get('/?q=nothing-matches-this');
  t.match(none.body, 'No events match these filters.', 'nothing past either: no list, no link');
  t.notMatch(none.body, 'id="recent"');
  const noPast = await get('/?view=past&q=nothing-matches-this');
  t.match(noPast.body, 'No past events match these filters.');
});

t.test('the query is checked: the new parameters, and still no unknown one', async (t) => {
  const cases: [string, RegExp][] = [
    ['/?view=week', /<p>view: must be one of: list, month, upcoming, past/],
    ['/?view=past&page=0', /<p>page: must be &gt;= 1/],
    ['/?view=past&page=x', /<p>page: must be integer/],
    ['/?view=past&page=2&offset=50', /page: give page or offset, not both/],
    ['/?view=past&colour=red', /<p>colour: is not a known field/],
    ['/?when=past', /<p>when: is not a known field/],
  ];
  for (const [url, message] of cases) {
    const res = await get(url);
    t.equal(res.statusCode, 400, url);
    t.match(res.body, message, url);
  }
});

t.test('the month grid: a multi-day event once per week row, a crowded day says how many more', async (t) => {
  // June 2025 starts on a Sunday: its weeks begin 26 May, 2, 9, 16, 23 and 30 June
  const long = await create({
    title: 'Ten-day regional meeting',
    office: 'ao-dakar',
    region: 'africa',
    timeZone: 'Africa/Dakar',
    venue: { city: 'Dakar', country: 'Senegal' },
    start: '2025-06-05',
    end: '2025-06-14',
  });
  const crowd: string[] = [];
  for (let i = 0; i < 5; i++)
    crowd.push(
      (
        await create({
          title: `Crowded day event ${i}`,
          office: 'ao-dakar',
          timeZone: 'Africa/Dakar',
          start: '2025-06-20T09:00',
          end: '2025-06-20T10:00',
        })
      ).id,
    );
  const res = await get('/?view=month&month=2025-06&office=ao-dakar');
  t.equal(res.statusCode, 200);
  const rows = res.body.slice(res.body.indexOf('<tbody>'), res.body.indexOf('</tbody>')).split('<tr>').slice(1);
  t.equal(rows.length, 6, 'six week rows');
  const bars = rows.map((row) => row.split(`href="/events/${long.id}"`).length - 1);
  t.same(bars, [0, 1, 1, 0, 0, 0], 'the ten days are two bars, one in each week they touch');
  t.match(
    rows[1],
    `<div class="bar span-4 after"><a href="/events/${long.id}" dir="auto">Ten-day regional meeting</a><span class="visually-hidden">, Thu, 5 Jun – Sat, 14 Jun 2025</span><span class="goes-on" aria-hidden="true"> ▸</span></div>`,
    'Thursday to Sunday, going on',
  );
  t.match(
    rows[2],
    `<div class="bar span-6 before"><span class="goes-on" aria-hidden="true">◂ </span><a href="/events/${long.id}" dir="auto">`,
    'Monday to Saturday, from the week before',
  );
  t.match(res.body, '6 events this month.', 'each event counted once');

  const cell = (date: string) =>
    res.body.slice(res.body.indexOf(`datetime="${date}"`), res.body.indexOf('</td>', res.body.indexOf(`datetime="${date}"`)));
  t.equal(cell('2025-06-20').split('<li>').length - 1, 2, 'two entries fit beside the "more" line');
  t.match(
    cell('2025-06-20'),
    '<a class="more" href="/?office=ao-dakar&amp;from=2025-06-20&amp;to=2025-06-20">+3 more<span class="visually-hidden"> on Fri, 20 Jun 2025</span></a>',
  );
  const day = await get('/?office=ao-dakar&from=2025-06-20&to=2025-06-20');
  t.same(listed(day.body).sort(), [...crowd].sort(), 'the link lists all five of that day');
  t.match(cell('2025-06-10'), '<div class="lane"></div>', 'a day under a bar keeps its lane');
  t.notMatch(cell('2025-06-10'), 'Ten-day', 'and does not repeat the event');

  // cut at the month's end and at the dates asked for, marked as going on
  const later = await get('/?view=month&month=2025-06&office=ao-dakar&from=2025-06-10');
  const laterRows = later.body.slice(later.body.indexOf('<tbody>'), later.body.indexOf('</tbody>')).split('<tr>').slice(1);
  t.same(
    laterRows.map((row) => row.split(`href="/events/${long.id}"`).length - 1),
    [0, 0, 1, 0, 0, 0],
    'from the 10th: one bar',
  );
  t.match(laterRows[2], '<div class="bar span-5 before">', 'Tuesday 10 to Saturday 14');
});

t.test('the month layout: lanes, and what does not fit', async (t) => {
  const item = (id: string, first: string, last: string): MonthItem => ({
    id,
    title: id,
    language: 'en',
    first,
    last,
    time: null,
    zone: null,
    cancelled: false,
  });
  const href = (date: string) => `/day/${date}`;
  // March 2027 begins on a Monday
  const weeks = layoutMonth(
    [
      item('a', '2027-03-01', '2027-03-03'),
      item('b', '2027-03-02', '2027-03-09'),
      item('c', '2027-03-04', '2027-03-05'),
      item('d', '2027-03-02', '2027-03-02'),
      item('e', '2027-03-01', '2027-03-04'),
      item('f', '2027-03-01', '2027-03-02'),
    ],
    '2027-03',
    '2027-03-01',
    '2027-03-31',
    href,
    3,
  );
  const first = weeks[0]!;
  t.same(
    first.bars.map((b) => [b.id, b.column, b.span, b.lane, b.before, b.after]),
    [
      ['e', 0, 4, 0, false, false],
      ['a', 0, 3, 1, false, false],
      ['f', 0, 2, 2, false, false],
      ['b', 1, 6, 3, false, true],
      ['c', 3, 2, 1, false, false],
    ].filter(([, , , lane]) => (lane as number) < 3),
    'the earliest and longest first, each in the lowest free lane; b finds none of the three',
  );
  t.same(
    first.days.map((d) => d.more),
    [0, 2, 1, 1, 1, 1, 1],
    'what is left out: b each day it touches, and d on the 2nd',
  );
  t.same(
    first.days[0]!.lanes.map((b) => b?.id ?? null),
    ['e', 'a', 'f'],
  );
  t.same(
    first.days[3]!.lanes.map((b) => b?.id ?? null),
    [null, 'c'],
    'Thursday keeps lane 0 under e and starts c in lane 1',
  );
  t.same(first.days[6]!.lanes, [], 'Sunday: nothing over it');
  t.equal(weeks[1]!.bars.find((b) => b.id === 'b')?.before, true, 'b goes on into the second week');
  t.equal(first.days[1]!.dayHref, '/day/2027-03-02');
});

/** Signs in through the form, as a browser would; the session cookie. */
async function signIn(office: string): Promise<string> {
  const form = await app.inject('/sign-in');
  const nonce = form.cookies.find((c) => c.name === 'sign_in')!.value;
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const token = auth(office).authorization.slice('Bearer '.length);
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: { sign_in: nonce },
    payload: new URLSearchParams({ csrf, token }).toString(),
  });
  return res.cookies.find((c) => c.name === 'session')!.value;
}

t.test('the office page: upcoming, past and the same empty state', async (t) => {
  const harare = await signIn('ao-harare');
  const res = await get('/office', harare);
  t.equal(res.statusCode, 200);
  t.match(res.body, '<h2 id="upcoming">Your upcoming events</h2>');
  t.match(res.body, '<a href="/office" aria-current="page">Upcoming</a>');
  t.match(res.body, '<a href="/office?view=past">Past</a>');
  t.same(listed(res.body, '<h2 id="upcoming">'), [goingSeries.id]);

  const past = await get('/office?view=past', harare);
  t.equal(past.statusCode, 200);
  t.match(past.body, '<h2 id="past">Your past events</h2>');
  t.match(past.body, 'Showing 1–50 of 61 past events, the most recent first.');
  const ids = listed(past.body, '<h2 id="past">');
  t.equal(ids[0], overSeries.id);
  t.same(ids.slice(1), pastIds.slice(11).reverse());
  t.match(past.body, `href="/events/${pastIds[59]}/edit"`, 'each with its edit link');
  t.match(past.body, 'href="/office?view=past&amp;page=2">Next page</a>');
  const second = await get('/office?view=past&page=2', harare);
  t.same(listed(second.body, '<h2 id="past">'), pastIds.slice(0, 11).reverse());
  t.match(second.body, 'href="/office?view=past">Previous page</a>');
  t.match(past.body, 'id="missing"', 'the events missing counts stay on top');

  // Dakar (the month test's events, all in June 2025) has nothing ahead
  const dakar = await get('/office', await signIn('ao-dakar'));
  t.match(dakar.body, 'No upcoming events.');
  t.match(dakar.body, '<h3 id="recent">The most recent past events</h3>');
  t.equal(listed(dakar.body, '<h3 id="recent">').length, 5);
  t.match(dakar.body, '<a href="/office?view=past">All past events</a>');
  const jakarta = await get('/office', await signIn('ao-jakarta'));
  t.match(jakarta.body, 'No upcoming events.');
  t.notMatch(jakarta.body, 'id="recent"', 'no past events either');

  for (const [url, message] of [
    ['/office?colour=red', /<p>colour: is not a known field/],
    ['/office?view=month', /<p>view: must be one of: upcoming, past/],
    ['/office?view=past&page=0', /<p>page: must be &gt;= 1/],
  ] as const) {
    const bad = await get(url, harare);
    t.equal(bad.statusCode, 400, url);
    t.match(bad.body, message, url);
  }
});
