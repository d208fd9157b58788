// The month grid says whose time (issue 23, point 5): a time in another zone than the page's says
// its zone, or every time is converted to one zone the reader chose (kept in a cookie); today is
// marked from the service's clock; a month and year picker jumps anywhere, keeping the filters;
// the week starts on the locale's first day; and on a narrow screen the grid is a list of days.
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startApp, TestClock } from './support/helpers.js';

// Sunday 6 December 2026, 09:00 UTC
const clock = new TestClock(Date.parse('2026-12-06T09:00:00Z'));
let app: FastifyInstance;
let auth: (office: string) => { authorization: string };
let base: string;
let browser: Browser;
const ids: Record<string, string> = {};

const online = { kind: 'coordination-call', region: 'arab-states', groups: [], venue: { virtual: true, url: 'https://zoom.us/j/1' } };
async function create(key: string, body: Record<string, unknown>): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/api/events', headers: auth('tsb'), payload: { ...online, ...body } });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  ids[key] = (res.json() as { id: string }).id;
}

t.before(async () => {
  ({ app, auth } = await startApp(t, { clock: clock.read, authFailureLimit: 1000 }));
  // the case: a Geneva call and a Cairo call on one day, and one more in Geneva
  await create('geneva', {
    title: 'TSB coordination call',
    office: 'tsb',
    timeZone: 'Europe/Zurich',
    start: '2026-12-10T13:00',
    end: '2026-12-10T14:00',
  });
  await create('cairo', {
    title: 'Cairo-Geneva call',
    office: 'ro-arab-states',
    timeZone: 'Africa/Cairo',
    start: '2026-12-10T11:00',
    end: '2026-12-10T12:00',
  });
  await create('later', {
    title: 'TSB planning call',
    office: 'tsb',
    timeZone: 'Europe/Zurich',
    start: '2026-12-15T09:00',
    end: '2026-12-15T10:00',
  });
  await create('workshop', {
    title: 'Three-day Cairo workshop',
    kind: 'workshop',
    office: 'ro-arab-states',
    venue: { city: 'Cairo', country: 'Egypt', virtual: false },
    timeZone: 'Africa/Cairo',
    start: '2026-12-21',
    end: '2026-12-23',
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

/** The grid's entry (a list item of a day cell) that links to an event, as HTML. */
function gridEntry(body: string, id: string): string {
  const grid = body.slice(body.indexOf('<table class="month">'), body.indexOf('</table>', body.indexOf('<table class="month">')));
  const link = grid.indexOf(`href="/events/${id}"`);
  if (link < 0) throw new Error(`no entry of ${id}`);
  return grid.slice(grid.lastIndexOf('<li>', link), grid.indexOf('</li>', link));
}

const get = (url: string, cookies: Record<string, string> = {}) => app.inject({ url, cookies });

t.test('each event’s own zone: a time not in the page’s zone says its zone', async (t) => {
  const res = await get('/?view=month&month=2026-12');
  t.equal(res.statusCode, 200);
  const geneva = gridEntry(res.body, ids.geneva!);
  const cairo = gridEntry(res.body, ids.cairo!);
  t.match(geneva, /^<li>13:00 <a /, 'the Geneva call: its time alone, in the page’s zone');
  t.notMatch(geneva, 'class="zone"');
  t.match(cairo, /^<li>11:00 <span class="zone" title="Africa\/Cairo">EET<\/span> <a /, 'the Cairo call: its time and its zone');
  t.match(res.body, 'Times are in each event’s own time zone: Geneva time unless another zone is named beside the time.');
  t.notMatch(gridEntry(res.body, ids.later!), 'class="zone"');
  // in Arabic the zone is named in Arabic, the city from the catalog
  const ar = await get('/ar/?view=month&month=2026-12');
  t.match(gridEntry(ar.body, ids.cairo!), 'title="Africa/Cairo">توقيت مصر</span>');
  t.match(ar.body, 'بتوقيت جنيف ما لم');
});

t.test('the reader’s zone: every time converted, the zone said once, the choice kept in a cookie', async (t) => {
  const res = await get('/?view=month&month=2026-12&tz=Asia/Tokyo');
  t.equal(res.statusCode, 200);
  const cookie = res.cookies.find((c) => c.name === 'tz');
  t.equal(cookie?.value, 'Asia/Tokyo', 'the choice is remembered');
  t.equal(cookie?.maxAge, 365 * 24 * 3600, 'for a year');
  t.equal(cookie?.sameSite, 'Lax');
  // 13:00 in Geneva (UTC+1) and 11:00 in Cairo (UTC+2) are 21:00 and 18:00 in Tokyo (UTC+9)
  t.match(gridEntry(res.body, ids.geneva!), /^<li>21:00 <a /);
  t.match(gridEntry(res.body, ids.cairo!), /^<li>18:00 <a /);
  t.notMatch(res.body.slice(res.body.indexOf('<table class="month">')), 'class="zone"', 'no time is marked: all are in one zone');
  t.match(res.body, /All times are in [^<.]+ time\./);
  t.match(res.body, '<option value="Asia/Tokyo" selected>Asia/Tokyo</option>');

  // the next visit, with the cookie and no choice in the address, reads the same
  const again = await get('/?view=month&month=2026-12', { tz: 'Asia/Tokyo' });
  t.match(gridEntry(again.body, ids.cairo!), /^<li>18:00 <a /, 'the cookie keeps the reader’s zone');
  // a call at 23:30 in Geneva is the next day in Tokyo
  const late = await get('/?view=month&month=2026-12&tz=Pacific/Kiritimati');
  t.match(late.body, new RegExp(`<time datetime="2026-12-11">(?:(?!</td>).)*href="/events/${ids.geneva}"`, 's'), 'moved to its day there');
  // back to each event's own zone
  const own = await get('/?view=month&month=2026-12&tz=own', { tz: 'Asia/Tokyo' });
  t.equal(own.cookies.find((c) => c.name === 'tz')?.value, 'own');
  t.match(gridEntry(own.body, ids.cairo!), /^<li>11:00 <span class="zone"/);
  // an all-day workshop keeps its dates whatever the zone
  for (const body of [own.body, late.body])
    t.match(body, new RegExp(`<time datetime="2026-12-21">(?:(?!</td>).)*href="/events/${ids.workshop}"`, 's'));
});

t.test('a zone that is none is refused, naming the field; one in the cookie is forgotten', async (t) => {
  const res = await get('/?view=month&month=2026-12&tz=Mars/Olympus');
  t.equal(res.statusCode, 400);
  t.match(res.body, 'times in');
  t.match(res.body, 'Mars/Olympus');
  const cookie = await get('/?view=month&month=2026-12', { tz: 'Mars/Olympus' });
  t.equal(cookie.statusCode, 200);
  t.match(gridEntry(cookie.body, ids.cairo!), /^<li>11:00 <span class="zone"/, 'each event’s own zone');
});

t.test('today is marked, from the service’s clock, in the reader’s zone', async (t) => {
  const res = await get('/?view=month&month=2026-12');
  const marked = [...res.body.matchAll(/<td class="today" aria-current="date"><span class="day"><time datetime="([\d-]+)">/g)].map(
    (m) => m[1],
  );
  t.same(marked, ['2026-12-06'], 'the clock’s day, once');
  t.match(res.body, '<span class="today-mark">Today</span>');
  // at 12:00 UTC it is already the 7th on Kiritimati (UTC+14)
  clock.set('2026-12-06T12:00:00Z');
  t.teardown(() => clock.set('2026-12-06T09:00:00Z'));
  const east = await get('/?view=month&month=2026-12&tz=Pacific/Kiritimati');
  t.match(east.body, '<td class="today" aria-current="date"><span class="day"><time datetime="2026-12-07">');
  const other = await get('/?view=month&month=2024-03');
  t.notMatch(other.body, 'aria-current="date"', 'another month has no today');
});

t.test('the picker: any month and year, the filters kept', async (t) => {
  const res = await get('/?view=month&year=2024&mon=03&region=africa&q=workshop');
  t.equal(res.statusCode, 200);
  t.match(res.body, '<h2 id="results">March 2024</h2>');
  t.match(res.body, '<option value="03" selected>March</option>');
  t.match(res.body, '<option value="2024" selected>2024</option>');
  t.match(res.body, '<input type="hidden" name="region" value="africa">');
  t.match(res.body, '<input type="hidden" name="q" value="workshop">');
  t.match(res.body, '<input type="hidden" name="view" value="month">');
  const far = await get('/?view=month&year=1999&mon=12');
  t.match(far.body, '<h2 id="results">December 1999</h2>', 'a year before the list’s is shown too');
  t.match(far.body, '<option value="1999" selected>1999</option>');
  const bad = await get('/?view=month&year=2024&mon=13');
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'month');
});

t.test('the week starts on the locale’s first day', async (t) => {
  const firstDay = async (lang: string) => {
    const res = await get(`/${lang}/?view=month&month=2026-12`);
    const thead = /<thead><tr>(.*?)<\/tr><\/thead>/s.exec(res.body)![1]!;
    const first = /<abbr title="([^"]+)"/.exec(thead)![1]!;
    const firstCell = /<tbody>\s*<tr>(?:<td class="outside">.*?<\/td>)*\s*<td[^>]*><span class="day"><time datetime="([\d-]+)"/s.exec(
      res.body,
    )![1];
    return { first, firstCell };
  };
  // December 2026 begins on a Tuesday
  t.same(await firstDay('en'), { first: 'Monday', firstCell: '2026-12-01' }, 'English: Monday (one day of November before)');
  t.same(await firstDay('zh'), { first: '星期一', firstCell: '2026-12-01' }, 'Chinese: Monday');
  t.same(await firstDay('ar'), { first: 'السبت', firstCell: '2026-12-01' }, 'Arabic: Saturday');
  const ar = await get('/ar/?view=month&month=2026-12');
  t.equal((ar.body.match(/<td class="outside">/g) ?? []).length, 3 + 1, 'Arabic: Sat 28 – Mon 30 November before, Fri 1 January after');
});

async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, bypassCSP: true, timezoneId: 'Asia/Tokyo', ...options });
  t.teardown(() => context.close());
  return context.newPage();
}

async function accessible(t: Test, page: Page, name: string): Promise<void> {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds nothing serious or critical`);
}

t.test('in Chromium: the grid, then the list of days on a phone; the reader’s zone offered by the script', async (t) => {
  const page = await newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto('/?view=month&month=2026-12');
  t.ok(await page.locator('table.month').isVisible(), 'the grid on a wide screen');
  t.notOk(await page.locator('.day-list').isVisible(), 'the list of days hidden');
  t.equal(await page.locator('table.month td[aria-current="date"] time').getAttribute('datetime'), '2026-12-06');
  const option = page.locator('#m-tz option').nth(1);
  t.equal(await option.getAttribute('value'), 'Asia/Tokyo', 'the browser’s own zone, second in the list');
  t.equal(await option.textContent(), 'your time zone (Asia/Tokyo)');
  await accessible(t, page, 'the month grid');
  await page.selectOption('#m-tz', { index: 1 });
  await Promise.all([page.waitForURL(/tz=Asia%2FTokyo/), page.click('.month-controls button[type="submit"]')]);
  t.match(await page.locator(`table.month li:has(a[href="/events/${ids.cairo}"])`).textContent(), /^18:00 /);

  await page.setViewportSize({ width: 360, height: 800 });
  t.notOk(await page.locator('table.month').isVisible(), 'the grid hidden on a phone');
  t.ok(await page.locator('.day-list').isVisible(), 'the list of days instead');
  const days = await page.locator('.day-list > li h3 time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
  t.same(days, ['2026-12-10', '2026-12-15', '2026-12-21'], 'the days that have events, in order');
  const first = await page.locator('.day-list > li').first().locator('ul > li').allTextContents();
  t.same(
    first.map((s) => s.trim()),
    ['18:00 Cairo-Geneva call', '21:00 TSB coordination call'],
    'each day’s events by time',
  );
  t.match(
    await page.locator('.day-list > li').nth(2).textContent(),
    '(Mon, 21 Dec – Wed, 23 Dec 2026)',
    'an event of several days says its days',
  );
  t.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'no wider than the phone');
  await accessible(t, page, 'the month as a list of days');

  // in Arabic, right to left: the same list, today's mark and the zones in Arabic words
  await page.goto('/ar/?view=month&month=2026-12&tz=own');
  t.ok(await page.locator('.day-list').isVisible());
  t.match(await page.locator('.day-list > li').first().textContent(), 'توقيت مصر');
  t.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'no wider than the phone in Arabic either');
  await accessible(t, page, 'the month as a list of days, in Arabic');
});

t.test('in Chromium without JavaScript: the picker jumps, the filters kept', async (t) => {
  const page = await newPage({ javaScriptEnabled: false, bypassCSP: false, viewport: { width: 390, height: 800 } });
  await page.goto('/?view=month&region=arab-states');
  t.equal(await page.locator('#m-tz option').nth(1).getAttribute('value'), 'UTC', 'without the script, no zone of the browser’s');
  await page.selectOption('#m-mon', '05');
  await page.selectOption('#m-year', '2024');
  await Promise.all([page.waitForURL(/year=2024/), page.click('.month-controls button[type="submit"]')]);
  t.match(page.url(), /region=arab-states/);
  t.equal(await page.textContent('#results'), 'May 2024');
  t.equal(await page.inputValue('#f-region'), 'arab-states');
});
