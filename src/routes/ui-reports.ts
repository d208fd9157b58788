import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { REGIONS, type RegionId } from '../domain/vocabulary.js';
import type { Root } from '../compose.js';
import { regionName } from '../i18n/words.js';
import { reportsPage } from '../ui/reports.js';
import type { PageTools } from './ui-shared.js';

const ReportsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    region: Type.Optional(Type.Union([Type.Literal(''), Type.Unsafe<RegionId>({ type: 'string', enum: [...REGIONS] })])),
  },
  { additionalProperties: false },
);

/** /reports: the activity report for a chosen period (by default the current month and the eleven before it: twelve whole months) and region. */
export function reportPages(app: FastifyInstance, root: Root, tools: PageTools): void {
  const { reports, reference } = root.services;
  app.get('/reports', { schema: { hide: true, querystring: ReportsQuery } }, async (request, reply) => {
    const { t } = request;
    const query = request.query as Static<typeof ReportsQuery>;
    const today = DateTime.fromJSDate(root.clock(), { zone: 'utc' });
    const from = query.from ?? today.minus({ months: 11 }).startOf('month').toISODate()!;
    const to = query.to ?? today.endOf('month').toISODate()!;
    const region = query.region ? query.region : null;
    const viewer = tools.viewerOf(request);
    const report = reports.build({ from, to, region }, viewer ? 'staff' : 'public', t);
    const regions = reference.regions.map((r) => ({ id: r.id, name: regionName(t, r.id) }));
    return tools.sendPage(reply, reportsPage({ t, from, to, region, regions, report, groupName: reference.groupLabel, viewer }));
  });
}
