// TSB's page of public holidays in a real browser (Debian's Chromium driven by playwright-core):
// reached from TSB's office page, the library's days marked predicted, a move that re-plans the
// follow-ups, a refusal said beside the form, a withdrawal, Arabic; axe finds nothing serious.
import { type Browser, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { signInWith, startApp, TestClock, type TestApp } from './support/helpers.js';

let app: TestApp['app'];
let auth: TestApp['auth'];
let token: TestApp['token'];
let base: string;
let browser: Browser;
let meeting: string;

t.before(async () => {
  ({ app, auth, token } = await startApp(t, {
    clock: new TestClock(Date.parse('2026-03-01T08:00:00Z')).read,
    demoData: false,
    authFailureLimit: 1000,
  }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-arab-states'),
    payload: {
      title: 'Regional meeting before Eid',
      kind: 'meeting',
      office: 'ro-arab-states',
      region: 'arab-states',
      groups: [],
      venue: { city: 'Cairo', country: 'Egypt' },
      timeZone: 'Africa/Cairo',
      start: '2026-03-17',
      end: '2026-03-19',
    },
  });
  meeting = res.json().id;
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

async function accessible(t: Test, page: Page, name: string): Promise<void> {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds no serious or critical violation`);
}

async function firstFollowUp(): Promise<string> {
  const rows = (await app.inject({ url: `/api/reminders?event=${meeting}`, headers: auth('tsb') })).json().items as {
    rule: string;
    dueAt: string;
  }[];
  return rows.find((r) => r.rule === 'follow-up:1')!.dueAt;
}

async function signedIn(office: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, bypassCSP: true, viewport: { width: 1200, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.fill('#f-token', token(office));
  await Promise.all([page.waitForURL('**/office'), page.click('main button[type="submit"]')]);
  return page;
}

t.test('TSB corrects Eid from its page, and the follow-ups move', async (t) => {
  const page = await signedIn('tsb');
  await Promise.all([page.waitForURL('**/office/holidays'), page.click('a[href="/office/holidays"]')]);
  t.equal(await page.textContent('h1'), 'Public holidays');
  t.equal(await page.inputValue('#f-year'), '2026', 'this year');
  t.equal(await page.inputValue('#f-country'), 'EG', 'Egypt first');
  const eid = page.locator('tr', { hasText: 'Friday, 20 March 2026' });
  t.match(await eid.textContent(), /End of Ramadan \(Eid al-Fitr\)\s*predicted/, 'Eid, from the library, predicted');
  t.match(
    await page.textContent('main'),
    /ITU Regional Office for the Arab States works on Sunday, Monday, Tuesday, Wednesday and Thursday/,
  );
  await accessible(t, page, 'holidays');
  t.equal(await firstFollowUp(), '2026-03-23T07:00:00.000Z', 'before: Monday 23 March');

  // the moon was sighted a day later
  await page.fill('#move-2026-03-20', '2026-03-21');
  await Promise.all([page.waitForURL('**notice=saved'), eid.locator('form:has(input[name="to"]) button').click()]);
  t.match(await page.textContent('[role="status"]'), 'Correction saved');
  t.match(
    await page.locator('tr', { hasText: 'Monday, 23 March 2026' }).textContent(),
    /Eid al-Fitr.*corrected by TSB/s,
    'Eid now ends on 23 March',
  );
  t.match(await page.textContent('.corrections'), 'Moved the holiday of 20 Mar 2026 to 21 Mar 2026');
  t.equal(await firstFollowUp(), '2026-03-24T07:00:00.000Z', 'the follow-ups were planned again: Tuesday 24 March');

  // a second correction of the same day is refused, said at the top of the page
  await page.fill('#f-date', '2026-03-18');
  await page.fill('#f-name', 'Day of mourning');
  await Promise.all([page.waitForNavigation(), page.click('form:has(#f-name) button[type="submit"]')]);
  t.match(await page.locator('tr', { hasText: 'Wednesday, 18 March 2026' }).textContent(), 'Day of mourning', 'added');
  await page.fill('#f-date', '2026-03-18');
  await page.fill('#f-name', 'Day of mourning');
  await Promise.all([page.waitForNavigation(), page.click('form:has(#f-name) button[type="submit"]')]);
  t.match(await page.textContent('[role="alert"]'), 'TSB has corrected the holiday on 2026-03-18 already');
  t.equal(await page.getAttribute('#f-date', 'aria-invalid'), 'true', 'the field is marked');
  t.equal(await page.inputValue('#f-name'), 'Day of mourning', 'the form keeps what was typed');
  await accessible(t, page, 'holidays, refused');

  // withdrawn: the library's prediction again
  await page.goto('/office/holidays?country=EG&year=2026');
  await Promise.all([
    page.waitForURL('**notice=withdrawn'),
    page.locator('.corrections li', { hasText: 'Moved the holiday' }).locator('button').click(),
  ]);
  t.equal(await firstFollowUp(), '2026-03-23T07:00:00.000Z', 'withdrawn: Monday 23 March again');

  // in Arabic, right to left, with the library's Arabic names
  await page.goto('/ar/office/holidays?country=EG&year=2026');
  t.equal(await page.getAttribute('html', 'dir'), 'rtl');
  t.equal(await page.textContent('h1'), 'العطل الرسمية');
  t.match(await page.textContent('table'), 'عيد الفطر');
  await accessible(t, page, 'holidays in Arabic');

  // a country whose names the library has in Thai and English only: English, marked as such, on a French page
  await page.goto('/fr/office/holidays?country=TH&year=2026');
  t.equal(await page.locator('span[lang="en"]', { hasText: 'Songkran Festival' }).count(), 3, 'Songkran in English, marked lang="en"');
  await accessible(t, page, 'holidays in French');
});

t.test('only TSB has the page', async (t) => {
  const { cookie } = await signInWith(app, token('ro-arab-states'));
  const office = await app.inject({ url: '/office', cookies: { session: cookie } });
  t.notMatch(office.body, '/office/holidays', 'no link on another office’s page');
  const page = await app.inject({ url: '/office/holidays', cookies: { session: cookie } });
  t.equal(page.statusCode, 403);
  t.match(page.body, 'Only TSB may correct public holidays');
  const anonymous = await app.inject({ url: '/office/holidays' });
  t.equal(anonymous.statusCode, 303, 'signed out: to the sign-in page');
});
