// The month grid and the past/upcoming views in a real browser (issue 14): Debian's Chromium
// driven by playwright-core, as in browser.test.ts. A multi-day event is one bar per week row,
// drawn across its days; a crowded day links to its list; axe finds nothing serious; and the
// grid reads the same without JavaScript under the pages' own Content-Security-Policy.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startApp, TestClock, type TestApp } from './support/helpers.js';

const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));
// the demo events (2023-2024) are over; only the coordination calls run on. Built before the
// first test, not at import; the browser closes before the app (teardowns run last first)
let app: TestApp['app'];
let auth: TestApp['auth'];
let base: string;
let browser: Browser;
let tenDays: { id: string; title: string };
let training: { id: string; title: string };
const crowd: string[] = [];
const MONTH = '/?view=month&month=2025-06&office=ao-dakar';
const dakar = {
  kind: 'meeting',
  office: 'ao-dakar',
  region: 'africa',
  groups: [],
  venue: { city: 'Dakar', country: 'Senegal' },
  timeZone: 'Africa/Dakar',
};
async function create(body: Record<string, unknown>): Promise<{ id: string; title: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/events', headers: auth('tsb'), payload: { ...dakar, ...body } });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}

t.before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  ({ app, auth } = await startApp(t, { clock: new TestClock(Date.parse('2026-12-01T08:00:00Z')).read, authFailureLimit: 1000 }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  // June 2025 starts on a Sunday: its week rows begin 26 May, 2, 9, 16, 23 and 30 June
  tenDays = await create({ title: 'Ten-day regional meeting', start: '2025-06-05', end: '2025-06-14' });
  training = await create({ title: 'Three-week training course', kind: 'training', start: '2025-06-16', end: '2025-07-04' });
  for (let i = 0; i < 5; i++)
    crowd.push((await create({ title: `Crowded day session ${i}`, start: `2025-06-20T0${i + 1}:00`, end: `2025-06-20T0${i + 1}:45` })).id);
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

/** A fresh context; bypassCSP (by default) only so that the axe script can be injected. */
async function newPage(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: base,
    bypassCSP: true,
    timezoneId: 'Europe/Zurich',
    viewport: { width: 1200, height: 900 },
    ...options,
  });
  return { context, page: await context.newPage() };
}

/** axe-core on the page as it is: no violation at all (the month grid is new markup). */
async function accessible(t: Test, page: Page, name: string): Promise<void> {
  t.same((await axeViolations(page)).map(describeViolation), [], `${name}: axe finds no violation`);
}

const shoot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

interface BarBox {
  row: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The bars of an event: the week row each is in and where it is drawn. */
const barsOf = (page: Page, id: string): Promise<BarBox[]> =>
  page.locator(`table.month .bar:has(a[href="/events/${id}"])`).evaluateAll((bars) =>
    bars.map((bar) => {
      const row = bar.closest('tr')!;
      const box = bar.getBoundingClientRect();
      return {
        row: Array.prototype.indexOf.call(row.parentElement!.children, row) as number,
        left: box.left,
        right: box.right,
        top: box.top,
        bottom: box.bottom,
      };
    }),
  );

/** Where a day's cell is drawn. */
const cellOf = (page: Page, date: string) =>
  page.locator(`table.month td:has(time[datetime="${date}"])`).evaluate((td) => {
    const box = td.getBoundingClientRect();
    return { left: box.left, right: box.right };
  });

t.test('a multi-day event is one bar per week row, across its days', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  const res = await page.goto(MONTH);
  t.equal(res!.status(), 200);
  t.match(await page.textContent('#results'), 'June 2025');
  t.equal(await page.locator('table.month tbody tr').count(), 6, 'six week rows');

  const ten = await barsOf(page, tenDays.id);
  t.same(
    ten.map((b) => b.row),
    [1, 2],
    'the ten-day meeting: once in each of the two weeks it touches',
  );
  t.equal(await page.locator(`table.month a[href="/events/${tenDays.id}"]`).count(), 2, 'and linked nowhere else in the grid');
  const three = await barsOf(page, training.id);
  t.same(
    three.map((b) => b.row),
    [3, 4, 5],
    'the three-week course: once in each of its June weeks',
  );

  // drawn across the cells of its days: Thursday 5 to Sunday 8, then Monday 9 to Saturday 14
  const near = (a: number, b: number) => Math.abs(a - b) <= 12;
  const [thu5, sun8, mon9, sat14, sun15] = await Promise.all(
    ['2025-06-05', '2025-06-08', '2025-06-09', '2025-06-14', '2025-06-15'].map((d) => cellOf(page, d)),
  );
  t.ok(
    near(ten[0]!.left, thu5!.left) && near(ten[0]!.right, sun8!.right),
    `the first bar spans Thursday to Sunday (${JSON.stringify([ten[0], thu5, sun8])})`,
  );
  t.ok(
    near(ten[1]!.left, mon9!.left) && near(ten[1]!.right, sat14!.right),
    `the second spans Monday to Saturday (${JSON.stringify([ten[1], mon9, sat14])})`,
  );
  t.ok(ten[1]!.right <= sun15!.left + 1, 'and stops before Sunday 15');
  const lastWeek = await cellOf(page, '2025-06-30');
  t.ok(
    near(three[2]!.left, lastWeek.left) && near(three[2]!.right, lastWeek.right),
    'the course is cut at the end of the month: Monday 30 only',
  );
  t.match(await page.locator(`table.month .bar:has(a[href="/events/${training.id}"])`).nth(2).textContent(), '▸', 'marked as going on');
  t.match(
    await page.locator(`table.month .bar:has(a[href="/events/${tenDays.id}"])`).nth(1).textContent(),
    '◂',
    'the second part marked as going on from the week before',
  );

  // a day under a bar shows its own entries below the bar, not behind it
  const firstEntry = await page.locator('table.month td:has(time[datetime="2025-06-20"]) li').first().boundingBox();
  const courseInWeek = three[0]!;
  t.ok(firstEntry!.y >= courseInWeek.bottom - 1, 'the crowded day’s entry is below the course’s bar');
  await accessible(t, page, 'month with bars');
  await shoot(page, 'month-bars');
});

t.test('a crowded day says how many more, and links to that day’s list', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  await page.goto(MONTH);
  const cell = page.locator('table.month td:has(time[datetime="2025-06-20"])');
  t.equal(await cell.locator('li').count(), 1, 'under the course’s bar, room for one entry besides the "more" line');
  const more = cell.locator('a.more');
  t.equal((await more.textContent())?.trim(), '+4 more on Fri, 20 Jun 2025', 'the course and five sessions: two shown, four more');
  t.equal(await more.getAttribute('href'), '/?office=ao-dakar&from=2025-06-20&to=2025-06-20', 'the day’s list, with the filter kept');
  await Promise.all([page.waitForURL('**/?office=ao-dakar&from=2025-06-20&to=2025-06-20'), more.click()]);
  const items = await page.locator('.event-list > li h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  t.same([...items].sort(), [training.id, ...crowd].map((id) => `/events/${id}`).sort(), 'the list has all six of that day');
  t.equal(await page.inputValue('#f-office'), 'ao-dakar');
  t.equal(await page.inputValue('#f-from'), '2025-06-20');
  await accessible(t, page, 'a day’s list');
});

t.test('without JavaScript, under the pages’ own policy, the grid is the same', async (t) => {
  const { context, page } = await newPage({ javaScriptEnabled: false, bypassCSP: false });
  t.teardown(() => context.close());
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  await page.goto(MONTH);
  t.same(
    (await barsOf(page, tenDays.id)).map((b) => b.row),
    [1, 2],
  );
  const [bar] = await barsOf(page, tenDays.id);
  const sun8 = await cellOf(page, '2025-06-08');
  t.ok(Math.abs(bar!.right - sun8.right) <= 12, 'the bar is drawn by the style sheet alone');
  t.same(refused, [], 'nothing refused by the policy');
});

t.test('upcoming and past: the tabs, the empty state and the past pages', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  await page.goto('/?office=ao-dakar');
  t.match(await page.textContent('[role="status"]'), 'No upcoming events match these filters.');
  t.equal(await page.locator('#recent + ul > li').count(), 5, 'the five most recent instead');
  await accessible(t, page, 'nothing upcoming');
  await shoot(page, 'nothing-upcoming');
  await Promise.all([page.waitForURL('**/?office=ao-dakar&view=past'), page.click('text=All past events matching these filters')]);
  t.equal(await page.getAttribute('nav[aria-label="Views"] a[aria-current="page"]', 'href'), '/?office=ao-dakar&view=past');
  t.match(await page.textContent('[role="status"]'), 'Showing 1–7 of 7 past events, the most recent first.');
  const titles = await page.locator('.event-list > li h3').allTextContents();
  t.equal(titles[0], 'Crowded day session 4', 'the latest first');
  t.equal(titles.at(-1), 'Ten-day regional meeting');
  await accessible(t, page, 'past');
  await shoot(page, 'past');

  // keyboard: the month tab keeps the filter
  await page.locator('nav[aria-label="Views"] a', { hasText: 'Month' }).focus();
  await Promise.all([page.waitForURL(/view=month/), page.keyboard.press('Enter')]);
  t.match(page.url(), /office=ao-dakar/);
  t.equal(await page.inputValue('#f-office'), 'ao-dakar');
});

t.test('the office page: its past events, a page at a time', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  await page.goto('/sign-in');
  await page.fill('#f-token', auth('ao-dakar').authorization.slice('Bearer '.length));
  await Promise.all([page.waitForURL('**/office'), page.click('main button[type="submit"]')]);
  t.equal(await page.textContent('#upcoming + nav + p'), 'No upcoming events.');
  await accessible(t, page, 'office, nothing upcoming');
  await Promise.all([page.waitForURL('**/office?view=past'), page.click('nav[aria-label="Your events"] >> text=Past')]);
  t.equal(await page.locator('#past ~ ul.event-list > li').count(), 7);
  await accessible(t, page, 'office, past');
  await shoot(page, 'office-past');
});
