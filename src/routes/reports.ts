import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REGIONS, type RegionId } from '../../db/seed/types.js';
import { badRequest } from '../http-problem.js';
import { renderCsv } from '../reports/csv.js';
import { renderReportHtml } from '../reports/html.js';
import { loadActivityReport } from '../reports/load.js';
import { renderMarkdown } from '../reports/markdown.js';
import type { EventStore } from '../store/events.js';
import type { Reference } from '../store/reference.js';
import { errorReplies, StringEnum } from './schemas.js';

export const REPORT_FORMATS = ['json', 'md', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** A report covers at most this many days (and so does the period before it). */
export const MAX_REPORT_DAYS = 3 * 366;

export const ReportQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'first day of the period (YYYY-MM-DD)' }),
    to: Type.String({ format: 'date', description: 'last day of the period' }),
    region: Type.Optional(StringEnum(REGIONS)),
    format: Type.Optional(StringEnum(REPORT_FORMATS, { default: 'json' })),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

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
export function activityReport(events: EventStore, reference: Reference, query: ReportQuery): { contentType: string; body: string } {
  checkPeriod(query.from, query.to);
  const report = loadActivityReport(events, reference, { from: query.from, to: query.to, region: (query.region as RegionId | undefined) ?? null });
  const groupName = (id: string) => id.toUpperCase();
  const format = query.format ?? 'json';
  const body =
    format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'md' ? renderMarkdown(report, groupName) : format === 'html' ? renderReportHtml(report, groupName) : renderCsv(report);
  return { contentType: CONTENT_TYPES[format], body };
}

export function reportRoutes(app: FastifyInstance, deps: { events: EventStore; reference: Reference }): void {
  app.get(
    '/api/reports/activity',
    {
      schema: {
        tags: ['reports'],
        summary: 'The regional activity report for a period: per region, events by kind, participant totals, partners, and the change from the period before',
        querystring: ReportQuery,
        response: { ...errorReplies(400) },
      },
    },
    async (request, reply) => {
      const query = request.query as ReportQuery;
      const { contentType, body } = activityReport(deps.events, deps.reference, query);
      if (query.format === 'csv' || query.format === 'md') {
        reply.header('content-disposition', `attachment; filename="activity-${query.from}-${query.to}${query.region ? `-${query.region}` : ''}.${query.format}"`);
      }
      return reply.type(contentType).send(body);
    },
  );
}
