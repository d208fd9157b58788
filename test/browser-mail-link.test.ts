/**
 * Inbox → form → saved: the request for participant counts, as a real SMTP server receives it,
 * links to the figures form; Chromium follows that link, signs in with the office token when asked,
 * lands back on the form, saves, and the figures are stored. An office already signed in that opens
 * the link from a web mail (another site, so a SameSite=Strict cookie is not sent) lands on the form
 * without typing its token again.
 */
import net, { type AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startSmtp } from './support/smtp.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

/** A free port on loopback, so PUBLIC_BASE_URL (and so the mail's link) is where the service listens. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let browser: Browser;
t.before(async () => {
  browser = await launchChromium();
});
t.teardown(() => browser?.close());

async function setup(t: Test) {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const clock = new TestClock(Date.parse('2027-10-01T08:00:00Z'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = await startApp(t, {
    clock: clock.read,
    demoData: false,
    publicBaseUrl: base,
    mail: { smtpUrl: smtp.url, from: 'calendar@itu.example' },
  });
  await started.app.listen({ host: '127.0.0.1', port });
  /** an event of `office` over by the clock's next move, and the link its first request for counts gives */
  const followUpLink = async (office: string, region: string, timeZone: string, title: string) => {
    const event = (
      await started.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: started.auth(office),
        payload: {
          ...workshopBody,
          title,
          office,
          region,
          groups: [],
          timeZone,
          start: '2027-10-12T10:00',
          end: '2027-10-12T12:00',
          reminders: [],
        },
      })
    ).json() as { id: string };
    return {
      event,
      mail: () => smtp.received.find((m) => m.subject?.includes(title) && m.headers.get('x-reminder-rule') === 'follow-up:1'),
    };
  };
  return { ...started, smtp, clock, base, followUpLink, dispatch: () => started.app.root.reminders.dispatcher.runOnce() };
}

const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

async function accessible(t: Test, page: Page, name: string) {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds no serious or critical violation`);
}

t.test('not signed in: the link, the sign-in, back on the form, saved', async (t) => {
  const { app, token, clock, base, followUpLink, dispatch } = await setup(t);
  const { event, mail } = await followUpLink('ro-africa', 'africa', 'Africa/Addis_Ababa', 'Arusha workshop');
  clock.set('2027-10-15T12:00:00Z');
  await dispatch();
  const received = mail();
  t.ok(received, 'the request for counts arrived');
  const link = hrefs(String(received!.html)).find((h) => h.endsWith('/attendance'))!;
  t.equal(link, `${base}/events/${event.id}/attendance`, 'its first link: the figures form');
  t.notMatch(received!.text, '/api/', 'no API route in the mail');

  const context = await browser.newContext({ bypassCSP: true });
  t.teardown(() => context.close());
  const page = await context.newPage();
  // step 1: the link, from the mail
  await page.goto(link);
  t.equal(new URL(page.url()).pathname, '/sign-in', 'not signed in: the sign-in page');
  t.equal(new URL(page.url()).searchParams.get('next'), `/events/${event.id}/attendance`, 'which keeps where the reader was going');
  await accessible(t, page, 'sign-in');
  // step 2: the office token
  await page.fill('#f-token', token('ro-africa'));
  await Promise.all([page.waitForURL(`${base}/events/${event.id}/attendance`), page.click('main button[type="submit"]')]);
  t.match(await page.textContent('h1'), 'Participant counts: Arusha workshop', 'back on the form, signed in');
  await accessible(t, page, 'figures form');
  // step 3: the figures, saved
  await page.fill('#f-participants', '42');
  await page.fill('#f-countries', '12');
  await Promise.all([page.waitForURL(/\?notice=counts$/), page.click('text=Save the figures')]);
  t.match(await page.textContent('main'), 'The participant figures were saved.');
  const stored = app.root.stores.events.get(event.id)!.attendance;
  t.match(stored, { participants: 42, countries: 12 }, 'the figures are stored');
});

t.test('an Arabic office: the Arabic link, signed in, back on the Arabic form', async (t) => {
  const { token, clock, base, followUpLink, dispatch } = await setup(t);
  const { event, mail } = await followUpLink('ro-arab-states', 'arab-states', 'Africa/Cairo', 'Cairo workshop');
  clock.set('2027-10-15T12:00:00Z');
  await dispatch();
  const link = hrefs(String(mail()!.html)).find((h) => h.endsWith('/attendance'))!;
  t.equal(link, `${base}/ar/events/${event.id}/attendance`, 'the first link is the Arabic form');
  const context = await browser.newContext();
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto(link);
  t.equal(await page.getAttribute('html', 'lang'), 'ar', 'the sign-in page in Arabic');
  await page.fill('#f-token', token('ro-arab-states'));
  await Promise.all([page.waitForURL(`${base}/events/${event.id}/attendance`), page.click('main button[type="submit"]')]);
  t.equal(await page.getAttribute('html', 'lang'), 'ar', 'the form in Arabic');
});

t.test('already signed in, opening the link from a web mail (another site): straight to the form', async (t) => {
  const { app, token, clock, base, followUpLink, dispatch } = await setup(t);
  const { event, mail } = await followUpLink('ro-africa', 'africa', 'Africa/Addis_Ababa', 'Nairobi workshop');
  clock.set('2027-10-15T12:00:00Z');
  await dispatch();
  const link = hrefs(String(mail()!.html)).find((h) => h.endsWith('/attendance'))!;
  const context = await browser.newContext();
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#f-token', token('ro-africa'));
  await Promise.all([page.waitForURL(`${base}/office`), page.click('main button[type="submit"]')]);
  // the mail as a web mail shows it: a page of another site with the link
  const webmail = await context.newPage();
  await webmail.setContent(`<html lang="en"><body><a href="${link}">${link}</a></body></html>`);
  await Promise.all([webmail.waitForURL(`${base}/events/${event.id}/attendance`), webmail.click('a')]);
  t.match(await webmail.textContent('h1'), 'Participant counts: Nairobi workshop', 'the form, without signing in again');
  await webmail.fill('#f-participants', '30');
  await webmail.fill('#f-countries', '9');
  await Promise.all([webmail.waitForURL(/\?notice=counts$/), webmail.click('text=Save the figures')]);
  t.match(app.root.stores.events.get(event.id)!.attendance, { participants: 30, countries: 9 });
});
