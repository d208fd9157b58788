// Every write from a page, in Chromium, as an officer in Cairo on a phone (390 px) and at a desk
// (1280 px): a series built from the recurrence controls (its words as it is built), reminders,
// extra recipients and visibility; its occurrences moved, skipped and restored from the event
// page; the event cancelled with a reason and the cancellation undone by its status. axe finds
// nothing serious or critical on any of these pages.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startApp, TestClock } from './support/helpers.js';

// two widths of a whole office's day in a real browser, on a machine shared with others
t.setTimeout(400_000);

const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));
const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
let app: FastifyInstance;
let base: string;
let browser: Browser;

t.before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  ({ app } = await startApp(t, { clock: clock.read, authFailureLimit: 1000 }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

async function accessible(t: Test, page: Page, name: string): Promise<void> {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds no serious or critical violation`);
}

/** Ticks a box or a radio as a click on it does (firing its change), wherever the page has scrolled it. */
const setChecked = (page: Page, selector: string, checked = true) =>
  page.$eval(
    selector,
    (el, want) => {
      if ((el as HTMLInputElement).checked !== want) (el as HTMLInputElement).click();
    },
    checked,
  );

/** The page is no wider than the window: nothing scrolls sideways. */
async function fits(t: Test, page: Page, name: string, width: number): Promise<void> {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(scroll <= width, `${name}: ${scroll} px wide in a ${width} px window`);
}

async function signedIn(width: number) {
  const context = await browser.newContext({
    baseURL: base,
    bypassCSP: true,
    timezoneId: 'Africa/Cairo',
    viewport: { width, height: 900 },
    ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.fill('#f-token', app.root.stores.tokens.create('ro-arab-states', 'browser', clock.read().toISOString()).token);
  await Promise.all([page.waitForURL('**/office'), page.click('main button[type="submit"]')]);
  return { context, page };
}

/**
 * Creates the event; where it collides with what an earlier test made (the same office's calls in
 * the same weeks), the form lists the collisions first and "Save anyway" saves it.
 */
async function createSavingAnyway(page: Page) {
  await Promise.all([page.waitForLoadState(), page.click('text=Create the event')]);
  if (await page.locator('#save-anyway').count()) await Promise.all([page.waitForURL(/notice=created$/), page.click('#save-anyway')]);
}

for (const width of [390, 1280]) {
  t.test(`${width} px: a series from the controls, its occurrences from the event page, cancelled and restored`, async (t) => {
    const { context, page } = await signedIn(width);
    t.teardown(() => context.close());
    const title = `Cairo coordination call (${width})`;

    await page.goto('/events/new');
    t.equal(await page.inputValue('#f-timeZone'), 'Africa/Cairo', 'the zone defaults to the office’s');
    t.equal(await page.getAttribute('#f-timeZone', 'list'), 'zones', 'a searchable list of zones');
    t.ok((await page.locator('#zones option').count()) > 300, 'of every IANA zone');
    t.equal(await page.getAttribute('#f-start-date', 'type'), 'date');
    t.equal(await page.getAttribute('#f-start-time', 'type'), 'time');
    await page.fill('#f-title', title);
    await page.selectOption('#f-kind', 'coordination-call');
    await page.fill('#f-start-date', '2024-02-04');
    await page.fill('#f-start-time', '11:00');
    await page.fill('#f-end-date', '2024-02-04');
    await page.fill('#f-end-time', '12:00');
    await page.fill('#f-venue-url', 'https://itu.zoom.us/j/42');

    // all day hides the times; back again
    await setChecked(page, '#f-allDay');
    t.notOk(await page.isVisible('#f-start-time'), 'all day: dates only');
    await setChecked(page, '#f-allDay', false);
    t.ok(await page.isVisible('#f-start-time'));

    // the recurrence, built from its controls, said in words as it is built
    t.notOk(await page.isVisible('#f-repeat-days-TH'), 'no weekdays before weekly is chosen');
    await page.selectOption('#f-repeat-freq', 'WEEKLY');
    t.ok(await page.isVisible('#f-repeat-days-TH'), 'weekly: the weekdays');
    await page.fill('#f-repeat-interval', '2');
    t.ok(await page.isChecked('#f-repeat-days-MO'), 'a weekday ticked to start with');
    await setChecked(page, '#f-repeat-days-MO', false);
    await setChecked(page, '#f-repeat-days-TH');
    await setChecked(page, '#f-repeat-days-SU');
    await page.fill('#f-repeat-count', '6');
    await page.locator('#f-repeat-count').dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector('#rule-words')?.textContent?.includes('Thursday and Sunday'));
    t.equal(
      await page.textContent('#rule-words'),
      'every 2 weeks on Thursday and Sunday, 11:00 Cairo time, 6 times',
      'the words of the rule, from the server',
    );
    t.equal(await page.getAttribute('#rule-words', 'aria-live'), 'polite', 'read out as they change');
    t.notOk(await page.isVisible('#f-recurrence-rule'), 'the raw rule is folded away');
    await page.$eval('details summary', (el) => (el as HTMLElement).click());
    t.ok(await page.isVisible('#f-recurrence-rule'), 'an advanced field, there when asked for');
    t.equal(await page.inputValue('#f-recurrence-rule'), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,SU;COUNT=6', 'and follows the controls');

    // who sees it, reminders, extra recipients
    await setChecked(page, '#f-visibility-internal');
    await setChecked(page, '#f-reminders-chosen');
    await setChecked(page, '#f-reminders-PT1H');
    await setChecked(page, '#f-reminders-P1D');
    await page.fill('#f-notify', 'cairo-desk@example.org');
    await accessible(t, page, `the new-event form at ${width}`);
    await page.screenshot({ path: `${SHOTS}form-controls-${width}.png`, fullPage: true });
    await createSavingAnyway(page);
    await page
      .waitForURL(/\/events\/[0-9a-f-]+\?notice=created$/, { timeout: 5000 })
      .catch(async () => t.fail(`not created: ${await page.textContent('main')}`));
    const id = /\/events\/([0-9a-f-]+)/.exec(page.url())![1]!;
    const saved = app.root.stores.events.get(id)!;
    t.match(saved, {
      recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,SU;COUNT=6',
      visibility: 'internal',
      reminders: ['PT1H', 'P1D'],
      notify: ['cairo-desk@example.org'],
      start: '2024-02-04T11:00',
      timeZone: 'Africa/Cairo',
    });
    t.notMatch((await app.inject('/feeds/all.ics')).body, title, 'internal: in no public feed');
    t.match(await page.textContent('main'), 'Repeats every 2 weeks on Thursday and Sunday, 11:00 Cairo time, 6 times');
    t.notMatch(await page.textContent('main'), 'FREQ=', 'never the raw rule');

    // skip the second occurrence, restore it, move the third
    await Promise.all([page.waitForURL(/notice=skipped/), page.click('#occurrence-2024-02-15 button:has-text("Skip")')]);
    t.match(await page.textContent('[role="status"]'), 'The occurrence was skipped.');
    t.match(await page.textContent('#occurrence-2024-02-15'), 'Skipped');
    await accessible(t, page, `the event page with its occurrences at ${width}`);
    await fits(t, page, 'the event page', width);
    await Promise.all([page.waitForURL(/notice=restored/), page.click('#occurrence-2024-02-15 button:has-text("Restore")')]);
    t.match(await page.textContent('#occurrence-2024-02-15'), 'As planned');
    await page.click('#occurrence-2024-02-18 a:has-text("Move")');
    await page.waitForURL(`**/events/${id}/occurrences/2024-02-18`);
    t.equal(await page.inputValue('#f-start-time'), '11:00');
    await accessible(t, page, `the move page at ${width}`);
    await fits(t, page, 'the move page', width);
    await page.fill('#f-start-date', '2024-02-19');
    await page.fill('#f-start-time', '13:00');
    await page.fill('#f-end-date', '2024-02-19');
    await page.fill('#f-end-time', '14:00');
    await Promise.all([page.waitForURL(/notice=moved/), page.click('text=Move it')]);
    t.match(await page.textContent('#occurrence-2024-02-18'), 'Moved from');
    const occurrences = (
      await app.inject({
        url: `/api/events/${id}/occurrences`,
        headers: { authorization: `Bearer ${app.root.stores.tokens.create('tsb', 'x', clock.read().toISOString()).token}` },
      })
    ).json();
    t.match(occurrences[1], { originalDate: '2024-02-15', status: 'scheduled' });
    t.match(occurrences[2], { originalDate: '2024-02-18', start: '2024-02-19T13:00', status: 'moved' });

    // cancel, with a reason, after a step that says who will be told
    await page.click('text=Cancel this event…');
    await page.waitForURL(`**/events/${id}/cancel`);
    t.match(await page.textContent('main'), 'Who will be told');
    t.match(await page.textContent('main'), 'cairo-desk@example.org (also reminded)');
    t.match(await page.textContent('main'), 'private feed links');
    await accessible(t, page, `the cancel page at ${width}`);
    await fits(t, page, 'the cancel page', width);
    await page.screenshot({ path: `${SHOTS}cancel-${width}.png`, fullPage: true });
    await page.fill('#f-reason', 'Merged into the February TSB call.');
    await Promise.all([page.waitForURL(/notice=cancelled/), page.click('button:has-text("Cancel the event")')]);
    t.match(await page.textContent('[role="status"]'), 'The event was cancelled.');
    t.match(await page.textContent('main'), 'Merged into the February TSB call.');
    t.equal(app.root.stores.events.get(id)!.status, 'cancelled');

    // undone by its status in the form
    await page.click('text=Edit this event');
    t.equal(await page.inputValue('#f-status'), 'cancelled');
    t.equal(await page.textContent('a:has-text("Back without saving")'), 'Back without saving');
    await page.selectOption('#f-status', 'confirmed');
    await Promise.all([page.waitForURL(/notice=saved/), page.click('text=Save changes')]);
    t.match(
      app.root.stores.events.get(id)!,
      { status: 'confirmed', cancelReason: null, recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,SU;COUNT=6' },
      'confirmed again, the series as it was',
    );
  });
}

t.test('without JavaScript the recurrence controls still post, and the server says the words', async (t) => {
  const context = await browser.newContext({ baseURL: base, javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.fill('#f-token', app.root.stores.tokens.create('ro-arab-states', 'browser', clock.read().toISOString()).token);
  await Promise.all([page.waitForURL('**/office'), page.click('main button[type="submit"]')]);
  await page.goto('/events/new');
  await page.fill('#f-title', 'Monthly regional call');
  await page.fill('#f-start-date', '2024-02-06');
  await page.fill('#f-start-time', '10:00');
  await page.fill('#f-end-date', '2024-02-06');
  await page.fill('#f-end-time', '11:00');
  await page.fill('#f-venue-url', 'https://itu.zoom.us/j/7');
  await page.selectOption('#f-repeat-freq', 'MONTHLY');
  await setChecked(page, '#f-repeat-monthly-weekday');
  await page.selectOption('#f-repeat-nth', '-1');
  await page.selectOption('#f-repeat-weekday', 'TU');
  await setChecked(page, '#f-repeat-ends-until');
  await page.fill('#f-repeat-until', '2024-12-31');
  await createSavingAnyway(page);
  await page.waitForURL(/notice=created/);
  t.match(await page.textContent('main'), 'Repeats monthly, last Tuesday, 10:00 Cairo time, until 31 December 2024');
  const id = /\/events\/([0-9a-f-]+)/.exec(page.url())![1]!;
  t.equal(app.root.stores.events.get(id)!.recurrence, 'FREQ=MONTHLY;BYDAY=-1TU;UNTIL=20241231');
  await page.goto(`/events/${id}/edit`);
  t.equal(
    await page.textContent('#rule-words'),
    'monthly, last Tuesday, 10:00 Cairo time, until 31 December 2024',
    'the words on the form too',
  );
});
