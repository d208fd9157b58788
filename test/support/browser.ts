// Debian's Chromium through playwright-core (which downloads no browser of its own), and axe-core:
// shared by the browser tests.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium; a clear failure, not a skip, when it is missing: CI installs it (.ci/run), so must a developer. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's violations on the page as it is (the context must bypass the CSP to inject it). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: never[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
}

export const describeViolation = (v: AxeViolation) =>
  `${v.id} [${v.impact}] (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`;

/**
 * The paths of the GET routes the pages' plugin registered (`src/routes/ui.ts`): those whose
 * onRequest hooks include its `translator` (the page's language), read from Fastify's own route
 * tree, so that a page added tomorrow is on the list without anyone writing it down.
 */
export function pageRoutes(app: { printRoutes(options: object): string }): string[] {
  const tree = app.printRoutes({ commonPrefix: false, method: 'GET', includeHooks: true });
  const found: string[] = [];
  const stack: { depth: number; path: string }[] = [];
  let current: string | undefined;
  for (const line of tree.split('\n')) {
    const route = /^(.*?)(?:├── |└── )(.*) \(GET\)\s*$/.exec(line);
    if (route) {
      // each level of the tree is indented four characters more
      const depth = route[1]!.length / 4;
      while (stack.length && stack.at(-1)!.depth >= depth) stack.pop();
      current = (stack.at(-1)?.path ?? '') + route[2]!;
      stack.push({ depth, path: current });
      continue;
    }
    if (current !== undefined && /\(onRequest\).*"translator\(\)"/.test(line)) found.push(current);
  }
  return [...new Set(found)].sort();
}

/** What makes a page wider than its viewport: the widest elements reaching past either side, named. */
export function overflowing(page: Page): Promise<{ scrollWidth: number; viewport: number; culprits: string[] }> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const name = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${classes} "${text}"`;
    };
    // what a container scrolls or clips inside itself does not widen the page
    const clipped = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== 'visible') return true;
      return false;
    };
    const outside = Array.from(document.body.querySelectorAll('*'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.right > viewport + 0.5 || box.left < -0.5));
    // (unless nothing else is outside: an absolutely placed element escapes a scrolling box that is not positioned)
    const unclipped = outside.filter(({ el }) => !clipped(el));
    const culprits = (unclipped.length ? unclipped : outside)
      .sort((a, b) => b.box.width - a.box.width)
      .slice(0, 5)
      .map(({ el, box }) => `${name(el)}: ${Math.round(box.width)} px from ${Math.round(box.left)} to ${Math.round(box.right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, culprits };
  });
}
