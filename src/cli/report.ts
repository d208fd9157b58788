import { compose } from '../compose.js';
import { loadConfig } from '../config.js';
import { HttpProblem } from '../http-problem.js';
import { REPORT_FORMATS, type ReportRequest } from '../services/reports.js';
import { escapeControls } from '../domain/text.js';
import { REGIONS } from '../domain/vocabulary.js';
import { DatabaseUnavailable } from '../errors.js';
import { english, isLocale, LOCALES, translatorFor, type OfficialLocale } from '../i18n/index.js';
import { lineLogger } from './log.js';
import { optionProblem } from './refusal.js';
import { runAsProcess } from './entry.js';

/** The command line speaks English: its words are the English catalog's. */
const en = english();
const usage = () => en.t('cli.report.usage', { regions: REGIONS.join('|'), formats: REPORT_FORMATS.join('|'), langs: LOCALES.join('|') });

/** Prints the activity report; returns the exit code. */
export function runReportCommand(args: string[], env: NodeJS.ProcessEnv, out: (text: string) => void, err: (text: string) => void): number {
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const from = option('from');
  const to = option('to');
  const region = option('region');
  const format = option('format') ?? 'md';
  const lang = option('lang') ?? 'en';
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const problem =
    !from || !date.test(from) || Number.isNaN(Date.parse(from))
      ? en.t('cli.report.badDate', { option: 'from', example: '2023-09-01' })
      : !to || !date.test(to) || Number.isNaN(Date.parse(to))
        ? en.t('cli.report.badDate', { option: 'to', example: '2024-06-30' })
        : region !== undefined && !(REGIONS as readonly string[]).includes(region)
          ? en.t('cli.report.oneOf', { option: 'region', values: REGIONS.join(', ') })
          : !(REPORT_FORMATS as readonly string[]).includes(format)
            ? en.t('cli.report.oneOf', { option: 'format', values: REPORT_FORMATS.join(', ') })
            : !isLocale(lang)
              ? en.t('cli.report.oneOf', { option: 'lang', values: LOCALES.join(', ') })
              : undefined;
  if (problem) {
    err(`${problem}\n${usage()}`);
    return 2;
  }
  const config = loadConfig(env);
  let root;
  try {
    root = compose(config, { mode: 'read', log: lineLogger(err) });
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    err(error.message);
    return 2;
  }
  try {
    const { body } = root.services.reports.render(
      { from, to, region, format } as ReportRequest,
      'public',
      translatorFor(lang as OfficialLocale),
    );
    // a report is data, often read on the terminal: text stored before the text rules must not act on it
    out(escapeControls(body, { lines: true, json: format === 'json' }));
    return 0;
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    err(optionProblem(error));
    return 2;
  } finally {
    void root.close();
  }
}

/* c8 ignore next 10 -- the process entry point; the tests call runReportCommand */
if (import.meta.url === `file://${process.argv[1]}`) {
  await runAsProcess(() =>
    runReportCommand(
      process.argv.slice(2),
      process.env,
      (t) => process.stdout.write(t),
      (t) => process.stderr.write(`${t}\n`),
    ),
  );
}
