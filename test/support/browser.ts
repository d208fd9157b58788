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
