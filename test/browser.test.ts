// The web pages in a real browser: Debian's Chromium driven by playwright-core (which downloads
// no browser of its own). One browser for the whole file; each role gets its own context.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

// 2024-01-15: the report's 2023 events are over, the 2024 ones ahead
const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
// one app and one browser for the file, started before the first test and closed after the last
let app: FastifyInstance;
let base: string;
let workshop: { id: string };
let browser: Browser;
const now = () => clock.read().toISOString();
const tokenFor = (office: string) => app.root.stores.tokens.create(office, 'browser test', now()).token;

t.before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  ({ app } = await startApp(t, { clock: clock.read, authFailureLimit: 1000 }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });

  // an upcoming, timed African event besides the report's all-day ones
  workshop = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${tokenFor('ro-africa')}` },
      payload: workshopBody,
    })
  ).json();

  // closed before the app: teardowns run last registered first
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

/** A fresh context (its own cookies): bypassCSP only so that the axe script can be injected. */
async function newPage(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: base,
    bypassCSP: true,
    timezoneId: 'Europe/Zurich',
    viewport: { width: 1200, height: 900 },
    ...options,
  });
  const page = await context.newPage();
  return { context, page };
}

/** axe-core on the page as it is: nothing serious or critical. */
async function accessible(t: Test, page: Page, name: string): Promise<void> {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds no serious or critical violation`);
}

const shoot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

async function signIn(page: Page, token: string): Promise<number> {
  await page.goto('/sign-in');
  await page.fill('#f-token', token);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST'),
    page.click('main button[type="submit"]'),
  ]);
  await page.waitForLoadState();
  return response.status();
}

t.test('the upcoming events: skip link, filters by keyboard, Africa only', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  await page.goto('/');
  t.equal(await page.getAttribute('html', 'lang'), 'en');
  await accessible(t, page, 'home');
  await shoot(page, 'home');

  // the first Tab reaches the skip link, which moves focus to the main content
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to main content');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth);
  t.equal(outline, '3px', 'focus is visible: a 3px outline');
  await page.keyboard.press('Enter');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // then on, by keyboard alone, to the region filter: choose Africa and submit
  let presses = 0;
  while ((await page.evaluate(() => document.activeElement?.id)) !== 'f-region' && presses++ < 10) await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'f-region', 'the region filter is a few Tabs away');
  await page.selectOption('#f-region', 'africa');
  presses = 0;
  while ((await page.evaluate(() => document.activeElement?.textContent)) !== 'Show events' && presses++ < 12)
    await page.keyboard.press('Tab');
  await Promise.all([page.waitForURL(/region=africa/), page.keyboard.press('Enter')]);

  const items = await page.locator('.event-list > li').allTextContents();
  const api = (await app.inject(`/api/events?region=africa&from=${now().slice(0, 10)}`)).json();
  t.ok(items.length > 0, 'some African events are ahead');
  t.equal(items.length, api.total, 'as many as the API finds');
  t.ok(
    items.every((text) => /Africa · organized by/.test(text)),
    'every event listed is African',
  );
  t.ok(items.some((text) => text.includes(workshopBody.title)));
  t.equal(await page.inputValue('#f-region'), 'africa', 'the filter keeps its value');

  // the month grid of the same filter
  await page.click('text=Month');
  await page.waitForURL(/view=month/);
  t.ok(await page.locator('table.month').isVisible());
  t.match(await page.textContent('#results'), 'January 2024');
  await accessible(t, page, 'month');
  await shoot(page, 'month');
  await page.click('text=Next month');
  await page.click('text=Next month');
  t.match(await page.textContent('table.month'), workshopBody.title, 'March shows the workshop');
});

t.test('an event: details in its zone and the reader’s, and an .ics of its own', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  await page.goto('/');
  await page.click(`text=${workshopBody.title}`);
  await page.waitForURL(`**/events/${workshop.id}`);
  t.equal(await page.textContent('h1'), workshopBody.title);
  t.match(await page.textContent('main'), /Tue, 5 Mar 2024, 09:00–17:30/);
  // the script shows the reader's own time (Zurich, two hours behind Dar es Salaam)
  t.match(await page.textContent('[data-viewer-time]'), 'Your time (Europe/Zurich): Tue, 5 Mar 2024, 07:00–15:30');
  await accessible(t, page, 'event');
  await shoot(page, 'event');

  const href = (await page.getAttribute('a[href$=".ics"]', 'href'))!;
  const ics = await page.request.get(href);
  t.equal(ics.status(), 200);
  t.match(ics.headers()['content-type'], /^text\/calendar/);
  t.match(ics.headers()['content-disposition'], /^attachment; filename=".+\.ics"$/);
  const text = await ics.text();
  t.equal(text.match(/BEGIN:VEVENT/g)?.length, 1, 'that one event');
  t.match(text, `UID:${workshop.id}@regional-calendar.itu-t`);
});

t.test('without JavaScript the page still reads: the time in UTC besides the local one', async (t) => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  t.teardown(() => context.close());
  await page.goto(`/events/${workshop.id}`);
  t.equal(await page.textContent('[data-viewer-time]'), 'Tue, 5 Mar 2024, 06:00–14:30 UTC');
});

t.test('subscribe: the links are the API’s, the builder shows a combined feed', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  const feeds: { path: string; url: string; webcal: string }[] = (await app.inject('/api/feeds')).json();
  await page.goto('/subscribe');
  const africa = feeds.find((f) => f.path === '/feeds/regions/africa.ics')!;
  t.equal(
    await page.getAttribute(`a[href="${africa.webcal}"]`, 'href'),
    africa.webcal,
    'the Africa feed link is the one GET /api/feeds gives',
  );
  const webcals = await page
    .locator('main a[href^="webcal:"]:not([hreflang])')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  t.same([...webcals].sort(), feeds.map((f) => f.webcal).sort(), 'every feed, each once');
  t.equal(await page.locator('main a[href^="webcal:"][hreflang]').count(), 6 * feeds.length, 'and each in the six languages');
  t.ok(await page.locator(`button[data-copy="${africa.url}"]`).isVisible(), 'the copy button shows with the script on');
  await accessible(t, page, 'subscribe');
  await shoot(page, 'subscribe');

  await page.selectOption('#f-region', ['africa', 'europe']);
  await page.selectOption('#f-kind', 'workshop');
  await page.click('text=Show the feed link');
  await page.waitForURL(/\/subscribe\?/);
  const built = await page.textContent('#built + p + p .feed-url');
  t.equal(built, 'http://127.0.0.1:3000/feeds/all.ics?region=africa,europe&kind=workshop');
  const feed = await page.request.get(new URL(built!).pathname + new URL(built!).search);
  t.equal(feed.status(), 200, 'the built feed exists');
  await page.click('button[data-copy][data-status="copied-built"]');
  await page.waitForSelector('#copied-built:text("Copied")');
  t.pass('the copy button says it copied');
});

t.test('sign-in: a wrong token is refused', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  t.equal(await signIn(page, 'abc.wrong'), 401);
  t.match(await page.textContent('[role="alert"]'), 'That token is not valid');
  t.equal(await page.getAttribute('#f-token', 'aria-invalid'), 'true');
  await accessible(t, page, 'sign-in');
  await shoot(page, 'sign-in');
  t.same(
    (await context.cookies()).filter((c) => c.name === 'session'),
    [],
    'no session',
  );
});

t.test('ro-africa signs in, registers counts of an event that is over, edits its event', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  t.equal(await signIn(page, tokenFor('ro-africa')), 303, 'signed in, sent on');
  t.match(page.url(), /\/office$/);
  const session = (await context.cookies()).find((c) => c.name === 'session')!;
  t.match(session, { httpOnly: true, sameSite: 'Strict' }, 'an HttpOnly, SameSite=Strict cookie');
  await accessible(t, page, 'office');
  await shoot(page, 'office');

  // the oldest event without figures comes first
  const missing = (await app.inject('/api/attendance/missing?office=ro-africa')).json();
  const first = missing[0];
  t.match(await page.textContent('#missing + p + ul > li:first-child h3'), first.title);
  await page.click(`a[href="/events/${first.id}/attendance"]`);
  await accessible(t, page, 'attendance form');
  await shoot(page, 'attendance');
  // the API's rule, with the values kept
  await page.fill('#f-participants', '12');
  await page.fill('#f-countries', '40');
  await page.click('text=Save the figures');
  await page.waitForSelector('[role="alert"]');
  t.match(await page.textContent('[role="alert"]'), '40 countries cannot come from 12 participants');
  t.equal(await page.inputValue('#f-participants'), '12');
  await page.fill('#f-participants', '120');
  await page.fill('#f-countries', '31');
  await page.fill('#f-women', '48');
  await Promise.all([page.waitForURL(`**/events/${first.id}?notice=counts`), page.click('text=Save the figures')]);
  t.match(await page.textContent('[role="status"]'), 'The participant figures were saved');
  t.match(await page.textContent('dl.figures:last-of-type'), /Participants\s*120/);
  t.match(await page.textContent('dl.figures:last-of-type'), /Countries represented\s*31/);
  t.equal((await app.inject(`/api/events/${first.id}/attendance`)).json().current.participants, 120);

  // and in the report: the period chosen in the form, Africa only
  await page.goto('/reports');
  await page.fill('#from', '2023-09-01');
  await page.fill('#to', '2024-01-31');
  await page.selectOption('#region', 'africa');
  await Promise.all([page.waitForURL('**/reports?from=2023-09-01&to=2024-01-31&region=africa'), page.click('text=Show the report')]);
  t.match(await page.textContent('#region-africa + ul'), `${first.title}`);
  t.match(await page.textContent('main'), /120 participants from 31 countries/);
  t.match(await page.textContent('main'), /participant counts registered for 1: 120 participants/);
  t.ok(await page.isVisible('figure.chart svg[role="img"]'), 'the chart, made on the server');
  t.equal(await page.getAttribute('a:has-text("CSV")', 'href'), '/reports/download?from=2023-09-01&to=2024-01-31&region=africa&format=csv');
  await accessible(t, page, 'reports');
  await shoot(page, 'reports');

  // its own event: an edit link, the API's message for a bad title, then a good one
  await page.goto(`/events/${workshop.id}`);
  await page.click('text=Edit this event');
  await accessible(t, page, 'edit form');
  await shoot(page, 'edit');
  await page.fill('#f-title', ' ');
  await page.click('text=Save changes');
  await page.waitForSelector('[role="alert"]');
  t.match(await page.textContent('[role="alert"]'), 'must NOT have fewer than 1 character');
  t.match(await page.textContent('#f-title-problem'), 'must NOT have fewer than 1 character', 'beside the title');
  await page.fill('#f-title', 'ITU-T SG13 workshop on future networks (Arusha)');
  await Promise.all([page.waitForURL(`**/events/${workshop.id}?notice=saved`), page.click('text=Save changes')]);
  t.equal(await page.textContent('h1'), 'ITU-T SG13 workshop on future networks (Arusha)');

  // a new event through the form
  await page.goto('/events/new');
  await page.fill('#f-title', 'SG17 security workshop for Africa');
  await page.selectOption('#f-kind', 'workshop');
  await page.fill('#f-start-date', '2024-06-03');
  await page.fill('#f-end-date', '2024-06-04');
  await page.fill('#f-venue-city', 'Kigali');
  // the Africa coordination call of 5 June is a day after: warned first, then saved anyway
  await page.click('text=Create the event');
  t.match(await page.textContent('#clashes'), 'TSB coordination call with the Regional Office for Africa');
  await Promise.all([page.waitForURL(/\/events\/[0-9a-f-]+\?notice=created$/), page.click('text=Save anyway')]);
  t.equal(await page.textContent('h1'), 'SG17 security workshop for Africa');

  // signing out ends the session
  await page.click('text=Sign out');
  await page.waitForURL(`${base}/`);
  t.same(
    (await context.cookies()).filter((c) => c.name === 'session'),
    [],
  );
});

t.test('ro-americas cannot edit an African event, even by forging the form', async (t) => {
  const { context, page } = await newPage();
  t.teardown(() => context.close());
  t.equal(await signIn(page, tokenFor('ro-americas')), 303);
  await page.goto(`/events/${workshop.id}`);
  t.equal(await page.locator('text=Edit this event').count(), 0, 'no edit link');
  t.equal(await page.locator('text=Register participant counts').count(), 0);
  const direct = await page.goto(`/events/${workshop.id}/edit`);
  t.equal(direct!.status(), 403);
  // a form built in the page with the session's own CSRF token: the API's 403
  await page.goto(`/events/${workshop.id}`);
  const csrf = (await page.getAttribute('form[action="/sign-out"] input[name="csrf"]', 'value'))!;
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.evaluate(
      ({ id, csrf }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = `/events/${id}/edit`;
        for (const [name, value] of Object.entries({
          csrf,
          title: 'Taken over',
          kind: 'workshop',
          office: 'ro-africa',
          region: 'africa',
          timeZone: 'Africa/Dar_es_Salaam',
          start: '2024-03-05T09:00',
          end: '2024-03-05T17:30',
        })) {
          const input = document.createElement('input');
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { id: workshop.id, csrf },
    ),
  ]);
  t.equal(response.status(), 403);
  await page.waitForLoadState();
  t.match(await page.textContent('[role="alert"]'), 'organized by ro-africa');
  await accessible(t, page, 'refusal');
  await shoot(page, 'forbidden');
  t.notMatch((await app.inject(`/api/events/${workshop.id}`)).json().title, 'Taken over', 'nothing changed');
});

t.test('the API docs work under their own Content-Security-Policy, which the browser enforces', async (t) => {
  const { context, page } = await newPage({ bypassCSP: false });
  t.teardown(() => context.close());
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const res = await page.goto('/docs');
  t.match(res!.headers()['content-security-policy'], /script-src 'self'/);
  t.notMatch(res!.headers()['content-security-policy'], /upgrade-insecure-requests/, 'assets stay on plain http locally');
  t.equal(res!.headers()['x-content-type-options'], 'nosniff');
  await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
  t.match(await page.locator('.swagger-ui .info .title').innerText(), /ITU-T regional events calendar/, 'the document is rendered');
  t.same(violations, [], 'nothing refused by the policy');
  await shoot(page, 'docs');
});
