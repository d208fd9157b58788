// TSB's pages for the reference data in Chromium, at a desk and on a 390 px phone: the lists, the
// forms (a refusal keeps everything typed and shows beside its field), the change in the
// calendar's filters at once, and axe finding nothing serious or critical. Another office is refused.
import type { FastifyInstance } from 'fastify';
import { type Browser, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startApp, TestClock } from './support/helpers.js';

const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
let app: FastifyInstance;
let base: string;
let browser: Browser;
const tokenFor = (office: string) => app.root.stores.tokens.create(office, 'browser test', clock.read().toISOString()).token;

t.before(async () => {
  ({ app } = await startApp(t, { clock: clock.read, demoData: false }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

async function signedIn(t: Test, office: string, width = 1200): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, bypassCSP: true, viewport: { width, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.fill('#f-token', tokenFor(office));
  await Promise.all([page.waitForURL('**/office'), page.click('form[action="/sign-in"] button[type=submit]')]);
  return page;
}

async function accessible(t: Test, page: Page, name: string): Promise<void> {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds no serious or critical violation`);
}

/** No sideways scrolling: the page is no wider than the window. */
async function fits(t: Test, page: Page, name: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  t.ok(scroll <= width, `${name}: ${scroll} px wide in a ${width} px window`);
}

const submit = (page: Page) => Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);

t.test('TSB adds a regional group from a page, on a phone; a refusal keeps what was typed', async (t) => {
  const page = await signedIn(t, 'tsb', 390);
  await page.click('a[href="/office/reference"]');
  await page.waitForURL('**/office/reference');
  t.match(await page.textContent('h1'), 'Groups, partners and offices');
  await fits(t, page, 'the lists');
  await accessible(t, page, 'the lists');

  await page.click('a[href="/office/reference/groups/new"]');
  await fits(t, page, 'the new group form');
  await accessible(t, page, 'the new group form');
  await page.fill('#f-id', 'SG13RG-ARB');
  await page.selectOption('#f-kind', 'regional-group');
  await page.selectOption('#f-parent', 'sg13');
  await page.fill('#f-name', 'ITU-T SG13 Regional Group for the Arab Region');
  await page.fill('#f-names-ar', 'الفريق الإقليمي للجنة الدراسات 13 للمنطقة العربية');
  await submit(page);
  // refused: the id in capitals, said beside it, everything kept
  t.match(await page.textContent('#f-id-problem'), 'must match pattern');
  t.equal(await page.getAttribute('#f-id', 'aria-invalid'), 'true');
  t.equal(await page.inputValue('#f-id'), 'SG13RG-ARB');
  t.equal(await page.inputValue('#f-name'), 'ITU-T SG13 Regional Group for the Arab Region');
  t.equal(await page.inputValue('#f-parent'), 'sg13');
  t.equal(await page.inputValue('#f-names-ar'), 'الفريق الإقليمي للجنة الدراسات 13 للمنطقة العربية');
  await fits(t, page, 'the refused form');
  await accessible(t, page, 'the refused form');
  t.notOk(app.root.services.reference.groupsById.has('sg13rg-arb'), 'nothing saved');

  await page.fill('#f-id', 'sg13rg-arb');
  await submit(page);
  t.match(page.url(), /\/office\/reference\?notice=saved#groups$/);
  t.match(await page.textContent('[role=status]'), 'Saved');
  t.match(await page.textContent('#groups + p + ul'), 'ITU-T SG13 Regional Group for the Arab Region');

  // the calendar's group filter offers it at once
  await page.goto('/');
  t.equal(await page.textContent('#f-group option[value="sg13rg-arb"]'), 'ITU-T SG13 Regional Group for the Arab Region');

  // renamed from its page: the id stays, the name follows
  await page.goto('/office/reference/groups/sg13rg-arb');
  await accessible(t, page, 'the rename form');
  t.match(await page.textContent('main form'), 'sg13rg-arb');
  t.equal(await page.locator('#f-id').count(), 0, 'no id to change');
  await page.fill('#f-name', 'ITU-T SG13 Regional Group for Arab States');
  await page.fill('#f-names-fr', 'Groupe régional de la CE 13 pour les États arabes');
  await submit(page);
  t.match(page.url(), /notice=saved/);
  await page.goto('/?lang=fr');
  t.equal(await page.textContent('#f-group option[value="sg13rg-arb"]'), 'Groupe régional de la CE 13 pour les États arabes');
  await page.goto('/?lang=en');
  t.equal(await page.textContent('#f-group option[value="sg13rg-arb"]'), 'ITU-T SG13 Regional Group for Arab States');
});

t.test("TSB changes an office's contacts, languages and working week from a page", async (t) => {
  const page = await signedIn(t, 'tsb');
  await page.goto('/office/reference/offices/ro-arab-states');
  await accessible(t, page, 'the office form');
  t.equal(await page.inputValue('#f-emails'), 'ro-arab-states@example.org');
  t.ok(await page.isChecked('#f-workingDays-7'), 'Cairo works on Sunday');
  t.notOk(await page.isChecked('#f-workingDays-5'), 'not on Friday');
  await page.fill('#f-emails', 'rocairo@itu.int\nnot an address');
  await page.fill('#f-contact', 'focal.point@itu.int');
  await page.selectOption('#f-languages-2', 'fr');
  await page.uncheck('#f-workingDays-4');
  await submit(page);
  t.match(await page.textContent('#f-emails-problem'), 'must be an e-mail address');
  t.equal(await page.inputValue('#f-emails'), 'rocairo@itu.int\nnot an address', 'kept as typed');
  t.equal(await page.inputValue('#f-contact'), 'focal.point@itu.int');
  t.equal(await page.inputValue('#f-languages-2'), 'fr');
  t.notOk(await page.isChecked('#f-workingDays-4'));
  await accessible(t, page, 'the refused office form');
  t.same(app.root.services.reference.officesById.get('ro-arab-states')!.emails, ['ro-arab-states@example.org'], 'nothing saved');

  await page.fill('#f-emails', 'rocairo@itu.int\narab-events@itu.int');
  await submit(page);
  t.match(page.url(), /notice=saved#offices$/);
  const office = app.root.services.reference.officesById.get('ro-arab-states')!;
  t.same(office.emails, ['rocairo@itu.int', 'arab-events@itu.int']);
  t.equal(office.contact, 'focal.point@itu.int');
  t.same(office.languages, ['ar', 'en', 'fr']);
  t.same(office.workingDays, [1, 2, 3, 7]);
  t.match(await page.textContent('#offices + ul'), 'Replies go to: focal.point@itu.int');

  // a partner added from its page, then offered in the event form
  await page.goto('/office/reference/partners/new');
  await page.fill('#f-id', 'smart-africa');
  await page.fill('#f-name', 'Smart Africa');
  await submit(page);
  t.match(page.url(), /notice=saved#partners$/);
  await page.goto('/events/new');
  t.equal(await page.textContent('#f-partners option[value="smart-africa"]'), 'Smart Africa');
});

t.test('another office is refused the pages', async (t) => {
  const page = await signedIn(t, 'ro-africa');
  t.equal(await page.locator('a[href="/office/reference"]').count(), 0, 'no link on its office page');
  const answer = await page.goto('/office/reference');
  t.equal(answer?.status(), 403);
  t.equal((await page.goto('/office/reference/offices/ro-africa'))?.status(), 403, 'not even its own office');
});
