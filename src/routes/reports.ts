import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REGIONS } from '../domain/vocabulary.js';
import { LOCALES, translatorFor } from '../i18n/index.js';
import { REPORT_FORMATS } from '../services/reports.js';
import type { Root } from '../compose.js';
import { errorReplies, StringEnum } from './schemas.js';

export const ReportQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'first day of the period (YYYY-MM-DD)' }),
    to: Type.String({ format: 'date', description: 'last day of the period' }),
    region: Type.Optional(StringEnum(REGIONS)),
    format: Type.Optional(StringEnum(REPORT_FORMATS, { default: 'json' })),
    lang: Type.Optional(
      StringEnum(LOCALES, {
        description: 'the language of md and html (English by default); json and csv keep their English keys and values',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

export default async function reportRoutes(app: FastifyInstance, { root }: { root: Root }): Promise<void> {
  app.get(
    '/api/reports/activity',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The regional activity report for a period: per region, events by kind, participant totals, partners, and the change from the period before',
        querystring: ReportQuery,
        response: { ...errorReplies(400) },
      },
    },
    async (request, reply) => {
      const query = request.query as ReportQuery;
      // the public report; a request with an office token (ITU staff) includes the internal events
      const { contentType, body } = root.services.reports.render(
        query,
        app.reader(request) ? 'staff' : 'public',
        translatorFor(query.lang),
      );
      if (query.format === 'csv' || query.format === 'md') {
        reply.header(
          'content-disposition',
          `attachment; filename="activity-${query.from}-${query.to}${query.region ? `-${query.region}` : ''}.${query.format}"`,
        );
      }
      return reply.type(contentType).send(body);
    },
  );
}
