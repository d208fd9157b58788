import type { Audience } from '../domain/event.js';
import type { ReferenceData } from '../domain/reference.js';
import type { RegionId } from '../domain/vocabulary.js';
import { badRequest } from '../http-problem.js';
import { english, type Translator } from '../i18n/index.js';
import type { ActivityReport } from '../reports/activity.js';
import { renderCsv } from '../reports/csv.js';
import { renderReportHtml } from '../reports/html.js';
import { loadActivityReport } from '../reports/load.js';
import { renderMarkdown } from '../reports/markdown.js';
import type { EventStore } from '../store/events.js';

export const REPORT_FORMATS = ['json', 'md', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** A report covers at most this many days (and so does the period before it). */
export const MAX_REPORT_DAYS = 3 * 366;

/** What a report is asked for: the route's query, the command line's flags, the page's form. */
export interface ReportRequest {
  from: string;
  to: string;
  region?: RegionId | null | undefined;
  format?: ReportFormat | undefined;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** Refuses a period that ends before it starts or is longer than a report may be. */
export function checkPeriod(from: string, to: string): void {
  if (to < from) throw badRequest('to', 'periodBackwards', { from, to });
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_REPORT_DAYS)
    throw badRequest('to', 'periodTooLong', { max: MAX_REPORT_DAYS });
}

/** The regional activity report to TSAG: for the API, the page and `npm run report` alike. */
export class ReportService {
  constructor(private readonly deps: { events: EventStore; reference: ReferenceData }) {}

  /** The report of a period, its texts in `t`'s language: what the page shows. */
  build(query: ReportRequest, audience: Audience, t: Translator): ActivityReport {
    checkPeriod(query.from, query.to);
    return loadActivityReport(
      t,
      this.deps.events,
      this.deps.reference,
      { from: query.from, to: query.to, region: query.region ?? null },
      audience,
    );
  }

  /**
   * The report as a document: Markdown and HTML in `t`'s language; JSON and CSV always in English,
   * whose keys and values the programs reading them rely on.
   */
  render(query: ReportRequest, audience: Audience, t: Translator = english()): { contentType: string; body: string } {
    const format = query.format ?? 'json';
    const machine = format === 'json' || format === 'csv';
    const language = machine ? english() : t;
    const report = this.build(query, audience, language);
    const groupLabel = this.deps.reference.groupLabel;
    const body =
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === 'md'
          ? renderMarkdown(language, report, groupLabel)
          : format === 'html'
            ? renderReportHtml(language, report, groupLabel)
            : renderCsv(report);
    return { contentType: CONTENT_TYPES[format], body };
  }
}
