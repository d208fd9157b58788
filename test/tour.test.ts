// The README's "Try it in five minutes", walked in Chromium on the demo data as a new user would,
// each step asserted and photographed into docs/tour/: the pictures in the README are what the
// product shows, made again by every run (a change of the pages shows as a changed picture).
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { runReportCommand } from '../src/cli/report.js';
import { runTokenCommand } from '../src/cli/token.js';
import { launchChromium } from './support/browser.js';
import { startApp, TestClock } from './support/helpers.js';

const TOUR = fileURLToPath(new URL('../docs/tour/', import.meta.url));
// the day the README was written: the report's events are all past, the coordination calls go on
const clock = new TestClock(Date.parse('2026-12-01T09:00:00Z'));

let app: FastifyInstance;
let databasePath: string;
let base: string;
let browser: Browser;
let page: Page;

t.before(async () => {
  fs.mkdirSync(TOUR, { recursive: true });
  let config;
  ({ app, config } = await startApp(t, { clock: clock.read, demoData: true, publicBaseUrl: 'http://127.0.0.1:3000' }));
  databasePath = config.databasePath;
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  t.teardown(() => browser.close());
  const context = await browser.newContext({
    baseURL: base,
    timezoneId: 'Africa/Addis_Ababa',
    viewport: { width: 1100, height: 720 },
    deviceScaleFactor: 1,
  });
  page = await context.newPage();
});

/** Kept small: the visible part of the page. */
const shoot = (name: string) => page.screenshot({ path: `${TOUR}${name}.png`, type: 'png' });

t.test('1. open the calendar: the events of the regional presence', async (t) => {
  await page.goto('/');
  t.equal(await page.textContent('h1'), 'ITU-T regional events');
  t.ok((await page.locator('main a[href^="/events/"]').count()) > 0, 'events are listed');
  await shoot('1-calendar');
});

t.test('2. subscribe to the Africa feed: the link the page gives is a calendar', async (t) => {
  await page.goto('/subscribe');
  const link = page.locator('a[href$="/feeds/regions/africa.ics"]').first();
  const href = await link.getAttribute('href');
  t.match(href, /^webcal:\/\/.*\/feeds\/regions\/africa\.ics$/);
  // the link names PUBLIC_BASE_URL (here the default, as in the README); this test listens elsewhere
  t.match(href, /^webcal:\/\/127\.0\.0\.1:3000\//);
  const feed = await page.request.get(new URL(href!.replace(/^webcal:/, 'http:')).pathname);
  t.equal(feed.status(), 200);
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
  const events = calendar.getAllSubcomponents('vevent');
  t.ok(events.length > 5, `${events.length} events in the Africa feed`);
  t.match(String(calendar.getFirstPropertyValue('x-wr-calname')), /Africa/, 'named for the region');
  await link.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -200));
  await shoot('2-subscribe');
});

t.test('3. make an office token and sign in', async (t) => {
  const printed: string[] = [];
  t.equal(
    runTokenCommand(['create', '--office', 'ro-africa', '--label', 'README tour'], { DATABASE_PATH: databasePath }, (line) =>
      printed.push(line),
    ),
    0,
  );
  const token = printed[1]!;
  await page.goto('/sign-in');
  await page.fill('#f-token', token);
  await Promise.all([page.waitForURL(/\/office$/), page.click('main button[type="submit"]')]);
  t.equal(await page.textContent('h1'), 'ITU Regional Office for Africa');
  t.ok((await page.locator('a:has-text("Register participant counts")').count()) > 0, 'past events ask for their figures');
  await shoot('3-office');
});

t.test('4. register figures for a past event', async (t) => {
  await page.locator('a:has-text("Register participant counts")').first().click();
  await page.waitForURL(/\/attendance$/);
  const eventPath = new URL(page.url()).pathname.replace(/\/attendance$/, '');
  await page.fill('#f-participants', '120');
  await page.fill('#f-countries', '31');
  await page.fill('#f-inPerson', '100');
  await page.fill('#f-remote', '20');
  await page.fill('#f-women', '48');
  await shoot('4-figures');
  await Promise.all([page.waitForURL(new RegExp(`${eventPath}\\?notice=counts$`)), page.click('main button[type="submit"]')]);
  t.match(await page.textContent('main'), /Participants\s*120/);
  const id = decodeURIComponent(eventPath.split('/').pop()!);
  t.equal(app.root.stores.events.get(id)!.attendance?.participants, 120, 'stored');
});

t.test('5. print the TSAG report', async (t) => {
  const out: string[] = [];
  const err: string[] = [];
  t.equal(
    runReportCommand(
      ['--from', '2023-09-01', '--to', '2024-06-30', '--region', 'africa'],
      { DATABASE_PATH: databasePath },
      (s) => out.push(s),
      (s) => err.push(s),
    ),
    0,
    err.join('\n'),
  );
  t.match(out.join(''), /## Africa – ITU Regional Office for Africa/);
  t.match(out.join(''), /120 participants/, 'the figures just registered');
  await page.goto('/reports?from=2023-09-01&to=2024-06-30&region=africa');
  t.match(await page.textContent('main'), /120/);
  await shoot('5-report');
});

t.test('6. the month in Arabic: the page right to left, the week from Saturday on the right', async (t) => {
  await page.goto('/ar/?view=month&month=2024-03');
  t.same([await page.getAttribute('html', 'lang'), await page.getAttribute('html', 'dir')], ['ar', 'rtl']);
  const headers = page.locator('table.month thead th abbr');
  t.equal(await headers.first().getAttribute('title'), 'السبت', 'the first column is Saturday');
  const x = async (n: number) => (await headers.nth(n).boundingBox())!.x;
  t.ok((await x(0)) > (await x(1)) && (await x(1)) > (await x(6)), 'and the columns run from the right');
  const nav = page.locator('header nav').first().locator('a');
  t.ok((await nav.first().boundingBox())!.x > (await nav.nth(1).boundingBox())!.x, 'so does the navigation');
  // a Latin title keeps its own order inside the Arabic page
  const forum = page.locator('table.month a:has-text("Regional Development Forum for CIS Region")').first();
  t.equal(await forum.getAttribute('dir'), 'auto');
  t.equal(await forum.evaluate((a) => getComputedStyle(a).direction), 'ltr', 'the Latin title reads left to right');
  // a bar too long for its day shows the start of its title and cuts the end, marks in sight
  const bar = page.locator('table.month tbody tr').first().locator('.bar.before').first();
  const cut = await bar.evaluate((b) => {
    const link = b.querySelector('a')!.getBoundingClientRect();
    const box = b.getBoundingClientRect();
    const mark = b.querySelector('.goes-on')!;
    return {
      truncated: b.querySelector('a')!.scrollWidth > b.querySelector('a')!.clientWidth,
      startShown: link.left >= box.left,
      markRight: mark.getBoundingClientRect().left > link.right,
      mirrored: getComputedStyle(mark).transform,
    };
  });
  t.same(cut, { truncated: true, startShown: true, markRight: true, mirrored: 'matrix(-1, 0, 0, 1, 0, 0)' }, 'the title cut at its end');
  // the grid from its heading down (the next picture shows the header)
  await page.evaluate(() => document.getElementById('results')!.scrollIntoView());
  await shoot('6-month-arabic');
});

t.test('7. an event page in Arabic: a Latin title in a right-to-left page', async (t) => {
  await page.goto('/events/demo-2024-05-13-sg5rg-arb');
  t.equal(await page.getAttribute('html', 'dir'), 'rtl', 'the language chosen is kept');
  const h1 = page.locator('h1');
  t.equal(await h1.textContent(), 'ITU-T SG5 Arab Regional Group (SG5RG-ARB) meeting');
  t.equal(await h1.evaluate((e) => getComputedStyle(e).direction), 'ltr', 'the title reads left to right');
  const main = (await page.locator('main').boundingBox())!;
  // the text's own box, not the heading's (which spans the page either way)
  const title = await h1.evaluate((e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const r = range.getBoundingClientRect();
    return { left: r.left, right: r.right };
  });
  t.ok(main.x + main.width - title.right < title.left - main.x, 'and stands on the right, where the page begins');
  await shoot('7-event-arabic');
});

t.test('8. on a phone, the Cairo office plans a workshop on Eid and is warned before saving', async (t) => {
  // an officer's phone: 390 px wide, in Cairo
  const phone = await browser.newContext({
    baseURL: base,
    timezoneId: 'Africa/Cairo',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  t.teardown(() => phone.close());
  const p = await phone.newPage();
  await p.goto('/sign-in');
  await p.fill('#f-token', app.root.stores.tokens.create('ro-arab-states', 'README tour, phone', clock.read().toISOString()).token);
  await Promise.all([p.waitForURL(/\/office$/), p.click('main button[type="submit"]')]);
  await p.goto('/events/new');
  await p.fill('#f-title', 'Workshop on the security of digital financial services');
  await p.selectOption('#f-kind', 'workshop');
  await p.fill('#f-start-date', '2027-03-09');
  await p.fill('#f-start-time', '09:00');
  await p.fill('#f-end-date', '2027-03-10');
  await p.fill('#f-end-time', '17:00');
  await p.fill('#f-venue-city', 'Cairo');
  await p.fill('#f-venue-country', 'Egypt');
  t.equal(await p.inputValue('#f-timeZone'), 'Africa/Cairo', "the zone defaults to the office's");
  await p.click('text=Create the event');
  t.match(new URL(p.url()).pathname, '/events/new', 'not saved yet');
  t.match(await p.textContent('#clashes'), /Eid al-Fitr/, 'Eid named');
  t.match(await p.textContent('#clashes'), /predicted/, 'as a prediction');
  t.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling on the phone');
  await p.evaluate(() => document.getElementById('clashes')!.scrollIntoView());
  await p.screenshot({ path: `${TOUR}8-phone-warning.png`, type: 'png' });
  await Promise.all([p.waitForURL(/notice=created$/), p.click('#save-anyway')]);
  const id = decodeURIComponent(new URL(p.url()).pathname.split('/').pop()!);
  t.equal(app.root.stores.events.get(id)?.start, '2027-03-09T09:00', 'saved anyway');

  // 9. and cancels it from the same phone: a confirmation that says who will be told
  await p.click('text=Cancel this event…');
  await p.waitForURL(/\/cancel$/);
  t.match(await p.textContent('main'), /Who will be told/);
  await p.fill('#f-reason', 'Moved to after Eid: a new date follows.');
  await p.screenshot({ path: `${TOUR}9-phone-cancel.png`, type: 'png' });
  await Promise.all([p.waitForURL(/notice=cancelled$/), p.click('button:has-text("Cancel the event")')]);
  t.equal(app.root.stores.events.get(id)?.status, 'cancelled', 'cancelled');
});

t.test('10. TSB corrects the public holidays the follow-ups avoid', async (t) => {
  const desk = await browser.newContext({
    baseURL: base,
    timezoneId: 'Europe/Zurich',
    viewport: { width: 1100, height: 720 },
    deviceScaleFactor: 1,
  });
  t.teardown(() => desk.close());
  const p = await desk.newPage();
  await p.goto('/sign-in');
  await p.fill('#f-token', app.root.stores.tokens.create('tsb', 'README tour, TSB', clock.read().toISOString()).token);
  await Promise.all([p.waitForURL(/\/office$/), p.click('main button[type="submit"]')]);
  await p.click('a[href="/office/holidays"]');
  await p.goto('/office/holidays?country=EG&year=2027');
  t.match(await p.textContent('main'), /Eid al-Fitr/);
  t.match(await p.textContent('main'), /predicted/);
  await p.screenshot({ path: `${TOUR}10-holidays.png`, type: 'png' });
});
