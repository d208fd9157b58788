// Warnings before a collision, on the office's form in Chromium: the form comes back with what
// the event collides with and everything typed kept; "Save anyway" saves; a form that collides
// with nothing saves at once.
import type { FastifyInstance } from 'fastify';
import { type Browser, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startApp, TestClock } from './support/helpers.js';

const clock = new TestClock(Date.parse('2026-12-01T08:00:00Z'));
let app: FastifyInstance;
let base: string;
let browser: Browser;
let workshop: { id: string };

t.before(async () => {
  ({ app } = await startApp(t, { clock: clock.read, demoData: false }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  workshop = app.root.services.events.create(
    { office: 'tsb', tokenId: null },
    {
      title: 'Cairo workshop on DFS security',
      kind: 'workshop',
      office: 'ro-arab-states',
      region: 'arab-states',
      venue: { city: 'Cairo', country: 'Egypt' },
      timeZone: 'Africa/Cairo',
      start: '2027-01-12',
      end: '2027-01-13',
    },
  );
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

async function signedIn(t: Test, office: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, bypassCSP: true, viewport: { width: 1200, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.fill('#f-token', app.root.stores.tokens.create(office, 'browser', clock.read().toISOString()).token);
  await Promise.all([page.waitForURL('**/office'), page.click('main button[type="submit"]')]);
  return page;
}

async function accessible(t: Test, page: Page, name: string): Promise<void> {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds no serious or critical violation`);
}

async function fillCall(page: Page, title: string, start: string, end: string) {
  await page.fill('#f-title', title);
  await page.selectOption('#f-kind', 'coordination-call');
  await page.check('#f-visibility-internal');
  // the browser's date and time inputs, as a person fills them
  await page.fill('#f-start-date', start.slice(0, 10));
  await page.fill('#f-start-time', start.slice(11, 16));
  await page.fill('#f-end-date', end.slice(0, 10));
  await page.fill('#f-end-time', end.slice(11, 16));
  await page.check('#f-venue-virtual');
  await page.fill('#f-venue-url', 'https://meet.example.org/cairo');
}

t.test('a call typed on the workshop’s first day: warned, everything kept, "Save anyway" saves', async (t) => {
  const page = await signedIn(t, 'ro-arab-states');
  await page.goto('/events/new');
  await fillCall(page, 'Cairo coordination call', '2027-01-12T11:00', '2027-01-12T12:00');
  await page.click('text=Create the event');
  await page.waitForSelector('#clashes');
  t.match(new URL(page.url()).pathname, '/events/new', 'not saved yet: the form again');
  t.match(await page.textContent('#clashes h2'), 'Before you save: 1 collision');
  t.match(
    await page.textContent('#clashes li'),
    'Cairo workshop on DFS security (Tue, 12 Jan – Wed, 13 Jan 2027), organized by the same office: on the same days',
  );
  t.equal(await page.getAttribute('#clashes li a', 'href'), `/events/${workshop.id}`, 'a link to the workshop');
  t.equal(await page.inputValue('#f-title'), 'Cairo coordination call', 'typed values kept');
  t.same([await page.inputValue('#f-start-date'), await page.inputValue('#f-start-time')], ['2027-01-12', '11:00']);
  t.equal(await page.inputValue('#f-kind'), 'coordination-call');
  t.ok(await page.isChecked('#f-visibility-internal'), 'internal still chosen');
  t.ok(await page.isChecked('#f-venue-virtual'));
  t.equal(await page.inputValue('#f-venue-url'), 'https://meet.example.org/cairo');
  t.equal(app.root.services.events.all({ q: 'Cairo coordination call' }).length, 0, 'nothing saved');
  await accessible(t, page, 'form with warnings');

  // saving again as it is, with the form's own button: the warnings once more (the office did not choose)
  await page.click('text=Create the event');
  await page.waitForSelector('#clashes');
  t.equal(app.root.services.events.all({ q: 'Cairo coordination call' }).length, 0, 'still nothing saved');

  await Promise.all([page.waitForURL(/\/events\/[0-9a-f-]+\?notice=created$/), page.click('text=Save anyway')]);
  t.equal(await page.textContent('h1'), 'Cairo coordination call');
  const saved = app.root.services.events.all({ q: 'Cairo coordination call' });
  t.match(saved, [{ start: '2027-01-12T11:00', visibility: 'internal', kind: 'coordination-call' }], 'saved as typed');

  // its edit: a title changed brings no new collision, so it saves at once
  await page.goto(`/events/${saved[0]!.id}/edit`);
  await page.fill('#f-title', 'Cairo coordination call (TSB)');
  await Promise.all([page.waitForURL(`**/events/${saved[0]!.id}?notice=saved`), page.click('text=Save changes')]);
  // moved onto Eid al-Fitr: a new collision, the holiday marked predicted
  await page.goto(`/events/${saved[0]!.id}/edit`);
  await page.fill('#f-start-date', '2027-03-10');
  await page.fill('#f-start-time', '11:00');
  await page.fill('#f-end-date', '2027-03-10');
  await page.fill('#f-end-time', '12:00');
  await page.click('text=Save changes');
  await page.waitForSelector('#clashes');
  t.match(await page.textContent('#clashes li.holiday'), /Wed, 10 Mar 2027: End of Ramadan \(Eid al-Fitr\), a public holiday in Egypt/);
  t.match(await page.textContent('#clashes li.holiday .predicted'), 'predicted: the date may move by a day');
  t.same([await page.inputValue('#f-start-date'), await page.inputValue('#f-start-time')], ['2027-03-10', '11:00'], 'the new start kept');
  await accessible(t, page, 'edit form with a holiday');
  await Promise.all([page.waitForURL(`**/events/${saved[0]!.id}?notice=saved`), page.click('text=Save anyway')]);
  t.equal(app.root.services.events.get(saved[0]!.id).start, '2027-03-10T11:00');
});

t.test('a form that collides with nothing saves at once; the warnings speak the reader’s language', async (t) => {
  const page = await signedIn(t, 'ro-arab-states');
  await page.goto('/events/new');
  await fillCall(page, 'A quiet call', '2027-02-16T11:00', '2027-02-16T12:00');
  await Promise.all([page.waitForURL(/\/events\/[0-9a-f-]+\?notice=created$/), page.click('text=Create the event')]);

  await page.goto('/events/new?lang=ar');
  await fillCall(page, 'مكالمة تنسيق', '2027-01-13T11:00', '2027-01-13T12:00');
  await page.click('#main form .actions button[type="submit"] >> nth=0');
  await page.waitForSelector('#clashes');
  t.match(await page.textContent('#clashes h2'), 'قبل الحفظ');
  t.match(await page.textContent('#clashes li'), 'ينظمها المكتب نفسه');
  t.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await accessible(t, page, 'form with warnings in Arabic');
  await Promise.all([page.waitForURL(/\/events\/[0-9a-f-]+\?notice=created$/), page.click('#save-anyway')]);
});
