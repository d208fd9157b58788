// Phones (issue 23, point 2): no page is wider than a 360 or 390 px viewport, in English and in
// Arabic (right to left), public, signed in as an office and as TSB. The list of pages is checked
// against the GET routes the pages' plugin registered, read from Fastify: a page added without a
// visit here fails this test. A page that is too wide fails naming the widest elements that
// reach past the viewport (what a table or a grid scrolls inside its own box does not count).
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { launchChromium, overflowing, pageRoutes } from './support/browser.js';
import { startApp, TestClock } from './support/helpers.js';

// December 2026: the demo events (2023-2024) are over, the coordination calls go on
const clock = new TestClock(Date.parse('2026-12-06T09:00:00Z'));
const WIDTHS = [360, 390] as const;
// some 140 pages in Chromium, on a machine that may be busy
t.setTimeout(300_000);
const LANGUAGES = ['en', 'ar'] as const;
type Who = 'public' | 'office' | 'tsb';

// the Arab States office and one of its events; TSB edits the monthly coordination call (a series)
const OFFICE = 'ro-arab-states';
const EVENT = 'demo-2024-05-13-sg5rg-arb';
const SERIES = 'demo-coordination-arab-states';

/** Every page, with the route it is an answer of: each GET page route must have at least one. */
const VISITS: { route: string; path: string; who: Who[] }[] = [
  { route: '/', path: '/', who: ['public', 'office', 'tsb'] },
  { route: '/', path: '/?view=past', who: ['public', 'tsb'] },
  { route: '/', path: '/?view=month&month=2024-05', who: ['public', 'tsb'] },
  { route: '/', path: '/?view=month&month=2024-05&tz=Asia/Kolkata', who: ['public'] },
  { route: '/', path: '/?view=month', who: ['tsb'] },
  { route: '/', path: '/?from=2023-09-01&to=2023-09-30&q=workshop', who: ['public'] },
  { route: '/', path: '/?from=2099-01-01', who: ['public'] },
  { route: '/', path: '/?from=not-a-date', who: ['public'] },
  { route: '/events/:id', path: `/events/${EVENT}`, who: ['public', 'office'] },
  { route: '/events/:id', path: `/events/${SERIES}`, who: ['tsb'] },
  { route: '/events/:id', path: '/events/no-such-event', who: ['public'] },
  { route: '/subscribe', path: '/subscribe', who: ['public'] },
  { route: '/subscribe', path: '/subscribe?region=arab-states&group=sg5rg-arb&kind=workshop', who: ['public'] },
  { route: '/sign-in', path: '/sign-in', who: ['public'] },
  { route: '/reports', path: '/reports', who: ['public'] },
  { route: '/reports', path: '/reports?from=2023-01-01&to=2024-12-31', who: ['public', 'tsb'] },
  { route: '/office', path: '/office', who: ['office', 'tsb'] },
  { route: '/office', path: '/office?view=past', who: ['office', 'tsb'] },
  { route: '/office/feeds', path: '/office/feeds', who: ['office', 'tsb'] },
  { route: '/events/new', path: '/events/new', who: ['office', 'tsb'] },
  { route: '/events/:id/edit', path: `/events/${EVENT}/edit`, who: ['office'] },
  { route: '/events/:id/edit', path: `/events/${SERIES}/edit`, who: ['tsb'] },
  { route: '/events/:id/attendance', path: `/events/${EVENT}/attendance`, who: ['office', 'tsb'] },
  { route: '/events/:id/cancel', path: `/events/${EVENT}/cancel`, who: ['office'] },
  { route: '/events/:id/cancel', path: `/events/${SERIES}/cancel`, who: ['tsb'] },
  // the series' first Thursday of January 2027, still ahead of the clock
  { route: '/events/:id/occurrences/:date', path: `/events/${SERIES}/occurrences/2027-01-07`, who: ['office', 'tsb'] },
  { route: '/reports/download', path: '/reports/download?from=2023-09-01&to=2024-06-30&format=html', who: ['public', 'tsb'] },
  { route: '/office/holidays', path: '/office/holidays?country=EG&year=2027', who: ['tsb'] },
  { route: '/office/reference', path: '/office/reference', who: ['tsb'] },
  { route: '/office/reference/groups/new', path: '/office/reference/groups/new', who: ['tsb'] },
  { route: '/office/reference/groups/:id', path: '/office/reference/groups/sg5rg-arb', who: ['tsb'] },
  { route: '/office/reference/partners/new', path: '/office/reference/partners/new', who: ['tsb'] },
  {
    route: '/office/reference/partners/:id',
    path: '/office/reference/partners/ministry-of-digital-development-innovations-and-space-industry-of-kazakhstan',
    who: ['tsb'],
  },
  { route: '/office/reference/offices/:id', path: `/office/reference/offices/${OFFICE}`, who: ['tsb'] },
];

/** Routes of the pages' plugin that answer something other than a page, and why they are not visited. */
const NOT_PAGES: Record<string, string> = {
  '/assets/site.css': 'the style sheet',
  '/assets/site.js': 'the script',
  '/events/:id.ics': 'a calendar file, downloaded',
  '/events/rule-words': "a rule's words as JSON, for the event form's script",
};

let app: FastifyInstance;
let token: (office: string) => string;
let base: string;
let browser: Browser;

t.before(async () => {
  ({ app, token } = await startApp(t, { clock: clock.read, demoData: true, authFailureLimit: 1000 }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

t.test('every page route is visited', async (t) => {
  const routes = pageRoutes(app);
  t.ok(routes.includes('/') && routes.includes('/events/:id/edit'), `the routes are read from Fastify (${routes.join(', ')})`);
  const visited = new Set(VISITS.map((v) => v.route));
  t.same(
    routes.filter((r) => !visited.has(r) && !(r in NOT_PAGES)),
    [],
    'no page route without a visit below (add one to VISITS, or to NOT_PAGES if it is no page)',
  );
  t.same(
    [...visited].filter((r) => !routes.includes(r)),
    [],
    'and no visit of a route that is gone',
  );
});

async function signIn(page: Page, office: string): Promise<void> {
  await page.goto('/sign-in');
  await page.fill('#f-token', token(office));
  await Promise.all([page.waitForURL('**/office'), page.click('main button[type="submit"]')]);
}

/** Fails naming the widest culprits when the page is wider than the viewport. */
async function fits(t: Test, page: Page, name: string): Promise<void> {
  const { scrollWidth, viewport, culprits } = await overflowing(page);
  t.ok(
    scrollWidth <= viewport,
    `${name}: ${scrollWidth} px wide in a ${viewport} px viewport${culprits.length ? `; widest: ${culprits.join('; ')}` : ''}`,
  );
}

for (const who of ['public', 'office', 'tsb'] as const)
  for (const lang of LANGUAGES)
    t.test(`${who}, ${lang}`, async (t) => {
      const context: BrowserContext = await browser.newContext({
        baseURL: base,
        timezoneId: 'Europe/Zurich',
        viewport: { width: 390, height: 800 },
      });
      t.teardown(() => context.close());
      const page = await context.newPage();
      await page.goto(`/?lang=${lang}`);
      if (who !== 'public') await signIn(page, who === 'tsb' ? 'tsb' : OFFICE);
      for (const visit of VISITS.filter((v) => v.who.includes(who))) {
        await page.setViewportSize({ width: WIDTHS[0], height: 800 });
        const response = await page.goto(visit.path);
        t.ok(response && response.status() < 500, `${visit.path} answers`);
        t.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
        // each width on the page as loaded: the layout follows the viewport as a phone turned would
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          await fits(t, page, `${width} px ${lang} ${who} ${visit.path}`);
        }
      }
      if (who !== 'public') {
        // the page that shows a new private feed link once, the longest line of any page
        await page.setViewportSize({ width: 360, height: 800 });
        await page.goto('/office/feeds');
        await page.fill('#f-label', 'Phone');
        await Promise.all([page.waitForLoadState(), page.click('main form button[type="submit"]')]);
        t.ok(await page.locator('.notice').count(), 'a link was made');
        await fits(t, page, `360 px ${lang} ${who} a new feed link`);
      }
    });
