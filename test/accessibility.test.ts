// axe-core in Chromium on the pages in Arabic (right to left) and Russian, on the demo data: the
// translated pages must be as usable with a screen reader or a keyboard as the English ones
// (browser.test.ts checks those). Nothing serious or critical may be found; a failure lists each
// violation's rule, impact and the elements it names.
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { axeViolations, describeViolation, launchChromium } from './support/browser.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

// the tour's day: the demo events are past, the coordination calls go on
const clock = new TestClock(Date.parse('2026-12-01T09:00:00Z'));

let app: FastifyInstance;
let base: string;
let browser: Browser;

t.before(async () => {
  ({ app } = await startApp(t, { clock: clock.read, demoData: true }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  // closed before the app: teardowns run last registered first
  browser = await launchChromium();
  t.teardown(() => browser.close());
});

/**
 * axe-core (4.14) leaves out of its contrast check any text it takes for an icon font: it draws the
 * first letter alone and the whole text on a canvas and compares the pixels. Arabic letters join, so
 * the first letter alone never looks like its joined form, and most Arabic text would go unchecked
 * (as would, once three Arabic texts are met, all text in the same font). The pages use no icon
 * font, so the comparison is made to always say "text": every text node's contrast is checked.
 */
async function noIconFonts(page: Page): Promise<void> {
  await page.evaluate(() => {
    // the same opaque pixels for any drawing: the first letter and the whole text never differ
    CanvasRenderingContext2D.prototype.getImageData = (_x: number, _y: number, w: number, h: number) => {
      const width = Math.max(1, Math.ceil(w));
      const height = Math.max(1, Math.ceil(h));
      return new ImageData(new Uint8ClampedArray(width * height * 4).fill(255), width, height);
    };
  });
}

/** axe-core on the page as it is: nothing serious or critical, every violation named in the message. */
async function accessible(t: Test, page: Page, name: string): Promise<void> {
  await noIconFonts(page);
  const found = await axeViolations(page);
  const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
  t.same(bad, [], `${name}: axe finds no serious or critical violation${bad.length ? `:\n${bad.join('\n')}` : ''}`);
}

const languages = [
  // an Arab States event and office for the Arabic pages, CIS ones for the Russian pages
  { lang: 'ar', dir: 'rtl', event: 'demo-2024-05-13-sg5rg-arb', office: 'ro-arab-states' },
  { lang: 'ru', dir: 'ltr', event: 'demo-2024-03-26-rdf-cis', office: 'ro-cis' },
] as const;

for (const { lang, dir, event, office } of languages) {
  t.test(`the pages in ${lang}`, async (t) => {
    // bypassCSP only so that the axe script can be injected; a context of its own: its own cookies
    const context: BrowserContext = await browser.newContext({
      baseURL: base,
      bypassCSP: true,
      timezoneId: 'Europe/Zurich',
      viewport: { width: 1200, height: 900 },
    });
    t.teardown(() => context.close());
    const page = await context.newPage();

    const visit = async (path: string, name: string) => {
      const response = await page.goto(path);
      t.equal(response?.status(), 200, `${name}: ${path} answers`);
      t.same([await page.getAttribute('html', 'lang'), await page.getAttribute('html', 'dir')], [lang, dir], `${name}: in ${lang}`);
      await accessible(t, page, `${lang} ${name}`);
    };

    // the prefix on the first page, ?lang= on the next; the cookie keeps it from then on
    await visit(`/${lang}/`, 'home');
    t.ok((await page.locator('main a[href^="/events/"]').count()) > 0, 'the home page lists events');
    await visit(`/?view=month&month=2024-03&lang=${lang}`, 'month');
    t.ok((await page.locator('table.month a[href^="/events/"]').count()) > 0, 'March 2024 has events in the grid');
    await visit(`/events/${event}`, 'event');
    await visit('/subscribe', 'subscribe');
    await visit('/sign-in', 'sign-in');

    // signed in as the office, through the form, as a person would
    const token = app.root.stores.tokens.create(office, 'accessibility test', clock.read().toISOString()).token;
    await page.fill('#f-token', token);
    await Promise.all([page.waitForURL(/\/office$/), page.click('main button[type="submit"]')]);
    t.same(
      [await page.getAttribute('html', 'lang'), await page.getAttribute('html', 'dir')],
      [lang, dir],
      'office: in the language chosen',
    );
    t.ok((await page.locator('main a[href^="/events/"]').count()) > 0, 'the office page lists its events');
    await accessible(t, page, `${lang} office`);
    // and an event page as its organizer sees it: the edit link, the counts, the history
    await visit(`/events/${event}`, 'event, signed in');
  });
}

t.test('the check sees what it is there to see: faint text and an unlabelled field on an Arabic page', async (t) => {
  const context = await browser.newContext({ baseURL: base, bypassCSP: true });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto('/ar/');
  await page.evaluate(() => {
    const main = document.getElementById('main')!;
    main.insertAdjacentHTML('beforeend', '<p id="faint" style="color:#bbb;background:#fff">نص باهت</p><input id="unlabelled" type="text">');
  });
  await noIconFonts(page);
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const found = bad.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`);
  t.ok(
    found.some((v) => v === 'color-contrast #faint'),
    `the faint text is reported: ${found.join('; ')}`,
  );
  t.ok(
    found.some((v) => v === 'label #unlabelled'),
    `the unlabelled field is reported: ${found.join('; ')}`,
  );
});

/**
 * Where each character of `needle` stands on the screen, from the left, within the text of the first
 * `selector` (hidden parts included: `needle` must be a visible part).
 */
async function lefts(page: Page, selector: string, needle: string): Promise<number[]> {
  return page
    .locator(selector)
    .first()
    .evaluate((element, needle) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
      const text = nodes.map((n) => n.data).join('');
      const at = text.lastIndexOf(needle);
      if (at < 0) throw new Error(`"${needle}" is not in "${text}"`);
      return [...needle].map((_, i) => {
        let offset = at + i;
        const node = nodes.find((n) => (offset < n.data.length ? true : ((offset -= n.data.length), false)))!;
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        return Math.round(range.getBoundingClientRect().left);
      });
    }, needle);
}

const leftToRight = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

t.test('Latin words keep their reading order in Arabic lines: a title ending in a question mark, the .ics of a button', async (t) => {
  // a Latin title that ends in a mark with no direction of its own, which an Arabic line would take to its far end
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { authorization: `Bearer ${app.root.stores.tokens.create('ro-africa', 'reading order', clock.read().toISOString()).token}` },
    payload: { ...workshopBody, title: 'What next for IMT-2030?' },
  });
  t.equal(res.statusCode, 201, res.body);
  const event = `/events/${encodeURIComponent(res.json().id)}`;

  const context = await browser.newContext({ baseURL: base, viewport: { width: 1200, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto('/ar/sign-in');
  await page.fill('#f-token', app.root.stores.tokens.create('ro-africa', 'reading order', clock.read().toISOString()).token);
  await Promise.all([page.waitForURL(/\/office$/), page.click('main button[type="submit"]')]);

  await page.goto(event);
  let xs = await lefts(page, 'main a.button', '.ics');
  t.ok(leftToRight(xs), `".ics" reads left to right in the Arabic button (${xs.join(', ')})`);
  xs = await lefts(page, 'h1', 'IMT-2030?');
  t.ok(leftToRight(xs), `the title alone reads left to right (${xs.join(', ')})`);
  // a window title has no markup: the Latin title is isolated in the text, ahead of the site's Arabic name
  t.equal(await page.title(), '\u2068What next for IMT-2030?\u2069 – الأحداث الإقليمية لقطاع تقييس الاتصالات');
  for (const form of ['/edit', '/attendance']) {
    await page.goto(event + form);
    t.equal(await page.getAttribute('html', 'dir'), 'rtl');
    xs = await lefts(page, 'h1', 'IMT-2030?');
    t.ok(leftToRight(xs), `${form}: the title after the Arabic words keeps its question mark (${xs.join(', ')})`);
  }
});
