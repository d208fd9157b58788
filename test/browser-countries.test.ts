// The figures form's country list in Chromium (issue 23, point 6): the filter box narrows the list
// by name in the page's language, ticked countries stay, saving keeps them, a refused value is kept;
// at 390 px the page is no wider than the phone; axe finds nothing serious.
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

const clock = new TestClock(Date.parse('2024-03-10T12:00:00Z'));
let app: FastifyInstance;
let base: string;
let browser: Browser;
let token: string;
let eventId: string;

t.before(async () => {
  const started = await startApp(t, { clock: clock.read, authFailureLimit: 1000 });
  app = started.app;
  token = started.token('ro-africa');
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const res = await app.inject({ method: 'POST', url: '/api/events', headers: started.auth('tsb'), payload: workshopBody });
  eventId = res.json().id;
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

async function signedIn(t: Test, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, bypassCSP: true, viewport: { width: 1200, height: 900 }, ...options });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.fill('#f-token', token);
  await Promise.all([page.waitForURL('**/office'), page.click('main button[type="submit"]')]);
  return page;
}

async function accessible(t: Test, page: Page, name: string): Promise<void> {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds no serious or critical violation`);
}

const visibleCountries = (page: Page) =>
  page.$$eval('#f-country-list li', (items) => items.filter((li) => !(li as HTMLElement).hidden).map((li) => li.textContent!.trim()));

t.test('search, choose, save; a refused value kept', async (t) => {
  const page = await signedIn(t);
  await page.goto(`/events/${eventId}/attendance`);
  t.ok(await page.isVisible('#f-country-search'), 'the filter box, shown by the script');
  await accessible(t, page, 'figures form');

  await page.fill('#f-country-search', 'zzzz');
  t.same(await visibleCountries(page), [], 'nothing matches');
  t.ok(await page.isVisible('[data-country-none]'), 'and the form says so');
  await page.fill('#f-country-search', 'tanz');
  t.same(await visibleCountries(page), ['Tanzania'], 'typing narrows the list');
  t.notOk(await page.isVisible('[data-country-none]'));
  await page.check('#f-country-TZ');
  await page.fill('#f-country-search', 'ken');
  t.same(await visibleCountries(page), ['Kenya', 'Tanzania'], 'a ticked country stays in view');
  await page.check('#f-country-KE');
  await page.fill('#f-country-search', 'cote');
  t.same(await visibleCountries(page), ['Côte d’Ivoire', 'Kenya', 'Tanzania'], 'accents do not matter');
  await page.check('#f-country-CI');
  await page.fill('#f-country-search', 'zzzz');
  t.same(await visibleCountries(page), ['Côte d’Ivoire', 'Kenya', 'Tanzania'], 'ticked countries always shown');
  t.notOk(await page.isVisible('[data-country-none]'));
  await page.keyboard.press('Enter');
  t.match(page.url(), /\/attendance$/, 'Enter in the filter box does not send the form');

  // refused: three countries from two participants; everything typed and ticked is kept
  await page.fill('#f-participants', '2');
  await page.fill('#f-notes', 'from the registration desk');
  await page.click('text=Save the figures');
  await page.waitForSelector('[role="alert"]');
  t.match(await page.textContent('[role="alert"]'), '3 countries cannot come from 2 participants');
  t.match(await page.textContent('#f-countryCodes-problem'), '3 countries cannot come from 2 participants', 'beside the list');
  for (const code of ['TZ', 'KE', 'CI']) t.ok(await page.isChecked(`#f-country-${code}`), `${code} still ticked`);
  t.equal(await page.inputValue('#f-notes'), 'from the registration desk');
  await accessible(t, page, 'figures form, refused');

  await page.fill('#f-participants', '48');
  await Promise.all([page.waitForURL(`**/events/${eventId}?notice=counts`), page.click('text=Save the figures')]);
  t.match(await page.textContent('main'), /3 countries: Côte d’Ivoire, Kenya and Tanzania/);
  t.same(app.root.services.attendance.figures(eventId).current?.countryCodes, ['CI', 'KE', 'TZ']);
});

t.test('in French the names are French, and the filter finds them', async (t) => {
  const page = await signedIn(t);
  await page.goto(`/fr/events/${eventId}/attendance`);
  await page.fill('#f-country-search', 'allem');
  const shown = await visibleCountries(page);
  t.ok(shown.includes('Allemagne'), 'Germany as Allemagne');
  t.ok(shown.includes('Kenya'), 'the ticked ones stay');
});

t.test('at 390 px: no sideways scrolling, the list usable', async (t) => {
  const page = await signedIn(t, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`/events/${eventId}/attendance`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 390, `the page is ${width} px wide`);
  await page.fill('#f-country-search', 'rwa');
  await page.tap('label[for="f-country-RW"]');
  t.ok(await page.isChecked('#f-country-RW'), 'a country ticked by touch');
  const box = await page.locator('#f-country-list').boundingBox();
  t.ok(box !== null && box.x >= 0 && box.x + box.width <= 390, 'the list inside the screen');
  await accessible(t, page, 'figures form at 390 px');
});
