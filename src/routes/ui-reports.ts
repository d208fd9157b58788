import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { REGIONS, type RegionId } from '../domain/vocabulary.js';
import type { Root } from '../compose.js';
import { REPORT_FORMATS } from '../services/reports.js';
import { StringEnum } from './schemas.js';
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

  /*
   * The page's downloads: the same report for the same reader as the page (signed in, the
   * internal events too, marked), from the same service as GET /api/reports/activity, which
   * knows only bearer tokens. Markdown and HTML in the page's language, JSON and CSV in English.
   */
  app.get('/reports/download', { schema: { hide: true, querystring: DownloadQuery } }, async (request, reply) => {
    const query = request.query as Static<typeof DownloadQuery>;
    const region = query.region ? query.region : null;
    const viewer = tools.viewerOf(request);
    const { contentType, body } = reports.render({ ...query, region }, viewer ? 'staff' : 'public', request.t);
    // a document, not a page: the HTML report has its own styles (the document's CSP, not the pages')
    request.page = false;
    if (query.format === 'csv' || query.format === 'md')
      reply.header(
        'content-disposition',
        `attachment; filename="activity-${query.from}-${query.to}${region ? `-${region}` : ''}.${query.format}"`,
      );
    // a signed-in reader's report holds internal events: kept by no cache
    reply.header('cache-control', viewer ? 'private, no-store' : 'no-cache');
    return reply.type(contentType).send(body);
  });
}

const DownloadQuery = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    region: ReportsQuery.properties.region,
    format: StringEnum(REPORT_FORMATS),
  },
  { additionalProperties: false },
);
