import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { REGIONS, type RegionId } from '../domain/vocabulary.js';
import { loadActivityReport } from '../reports/load.js';
import { reportsPage } from '../ui/reports.js';
import { checkPeriod } from '../services/reports.js';
import type { PageTools, UiDeps } from './ui-shared.js';

const ReportsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    region: Type.Optional(Type.Union([Type.Literal(''), Type.Unsafe<RegionId>({ type: 'string', enum: [...REGIONS] })])),
  },
  { additionalProperties: false },
);

/** /reports: the activity report for a chosen period (by default the last twelve months) and region. */
export function reportPages(app: FastifyInstance, deps: UiDeps, tools: PageTools): void {
  app.get('/reports', { schema: { hide: true, querystring: ReportsQuery } }, async (request, reply) => {
    const query = request.query as Static<typeof ReportsQuery>;
    const today = DateTime.fromJSDate(deps.clock(), { zone: 'utc' });
    const from = query.from ?? today.minus({ months: 11 }).startOf('month').toISODate()!;
    const to = query.to ?? today.endOf('month').toISODate()!;
    checkPeriod(from, to);
    const region = query.region ? query.region : null;
    const viewer = tools.viewerOf(request);
    const report = loadActivityReport(deps.events, deps.reference, { from, to, region }, viewer ? 'staff' : 'public');
    return tools.sendPage(reply, reportsPage({ from, to, region, regions: deps.reference.regions, report, viewer }));
  });
}
