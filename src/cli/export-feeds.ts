import fs from 'node:fs';
import path from 'node:path';
import { compose } from '../compose.js';
import { loadConfig } from '../config.js';
import { DatabaseUnavailable } from '../errors.js';
import { english, LOCALES, translatorFor } from '../i18n/index.js';
import { lineLogger } from './log.js';
import { runAsProcess } from './entry.js';

export interface ExportResult {
  written: string[];
  unchanged: string[];
  /** events left out because they could not be rendered, with why */
  leftOut: Map<string, string>;
}

/** Writes a file only when its bytes differ, through a temporary file and a rename, so a reader never sees half of it. */
export function writeIfChanged(file: string, content: Buffer): boolean {
  const existing = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  if (existing?.equals(content)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
  return true;
}

/**
 * Exports every feed of the catalog and an index.json into `outDir`, byte for byte what the
 * service serves for the same data, for any static web server or CDN to carry.
 */
export function exportFeeds(env: NodeJS.ProcessEnv, outDir: string): ExportResult {
  const config = loadConfig(env);
  const result: ExportResult = { written: [], unchanged: [], leftOut: new Map() };
  const root = compose(config, {
    mode: 'read',
    log: lineLogger(() => {}),
    onRenderFailure: (event, error) => result.leftOut.set(event, (error as Error).message),
  });
  try {
    const { feeds } = root.services;
    for (const spec of feeds.catalog()) {
      const file = path.join(outDir, spec.key);
      (writeIfChanged(file, Buffer.from(feeds.render(spec), 'utf8')) ? result.written : result.unchanged).push(spec.key);
    }
    // the other languages beside, each in its own folder: feeds/fr/regions/africa.ics is what
    // /feeds/regions/africa.ics?lang=fr serves
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const t = translatorFor(locale);
      for (const spec of feeds.catalog(t)) {
        const key = `${locale}/${spec.key}`;
        (writeIfChanged(path.join(outDir, key), Buffer.from(feeds.render(spec, undefined, t), 'utf8'))
          ? result.written
          : result.unchanged
        ).push(key);
      }
    }
    // what GET /api/feeds lists
    const index = `${JSON.stringify(
      feeds.links().map(({ title, description, path: where, url, webcal }) => ({ title, description, path: where, url, webcal })),
      null,
      2,
    )}\n`;
    (writeIfChanged(path.join(outDir, 'index.json'), Buffer.from(index)) ? result.written : result.unchanged).push('index.json');
    return result;
  } finally {
    void root.close();
  }
}

/* c8 ignore start -- the process entry point; the tests call exportFeeds */
if (import.meta.url === `file://${process.argv[1]}`) {
  await runAsProcess(() => {
    const outDir = process.argv[2] ?? 'feeds';
    let result;
    try {
      result = exportFeeds(process.env, outDir);
    } catch (error) {
      if (!(error instanceof DatabaseUnavailable)) throw error;
      console.error(error.message);
      return 2;
    }
    const { written, unchanged, leftOut } = result;
    const en = english();
    for (const [event, why] of leftOut) console.error(en.t('cli.export.leftOut', { event, why }));
    console.log(en.t('cli.export.summary', { written: written.length, unchanged: unchanged.length, dir: outDir }));
    return 0;
  });
}
/* c8 ignore stop */
