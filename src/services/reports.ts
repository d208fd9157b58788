import type { Audience } from '../domain/event.js';
import type { RegionId } from '../domain/vocabulary.js';
import { badRequest } from '../http-problem.js';
import { renderCsv } from '../reports/csv.js';
import { renderReportHtml } from '../reports/html.js';
import { loadActivityReport } from '../reports/load.js';
import { renderMarkdown } from '../reports/markdown.js';
import type { EventStore } from '../store/events.js';
import type { Reference } from '../store/reference.js';

export const REPORT_FORMATS = ['json', 'md', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** A report covers at most this many days (and so does the period before it). */
export const MAX_REPORT_DAYS = 3 * 366;

/** What a report is asked for: the route's query, the command line's flags. */
export interface ReportRequest {
  from: string;
  to: string;
  region?: RegionId | undefined;
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
  if (to < from) throw badRequest('to', `${to} is before from ${from}`);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_REPORT_DAYS) throw badRequest('to', `a report covers at most ${MAX_REPORT_DAYS} days`);
}

/** Checks a period and renders the report in a format: shared by the route and `npm run report`. */
export function activityReport(events: EventStore, reference: Reference, query: ReportRequest, audience: Audience = 'public'): { contentType: string; body: string } {
  checkPeriod(query.from, query.to);
  const report = loadActivityReport(events, reference, { from: query.from, to: query.to, region: (query.region as RegionId | undefined) ?? null }, audience);
  const groupName = (id: string) => id.toUpperCase();
  const format = query.format ?? 'json';
  const body =
    format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'md' ? renderMarkdown(report, groupName) : format === 'html' ? renderReportHtml(report, groupName) : renderCsv(report);
  return { contentType: CONTENT_TYPES[format], body };
}

