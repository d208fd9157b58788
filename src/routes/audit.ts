import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AuditEntry } from '../domain/shapes.js';
import type { Root } from '../compose.js';
import { AUDIT_LIMIT } from '../services/audit.js';
import { errorReplies } from './schemas.js';

const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC)' });

export default async function auditRoutes(fastify: FastifyInstance, { root }: { root: Root }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  app.get(
    '/api/events/:id/history',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['audit'],
        summary: 'Who changed the event, when, and which fields from what to what, oldest first (any office token)',
        security,
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(AuditEntry), ...errorReplies(401, 404, 429) },
      },
    },
    async (request) => root.services.audit.history(request.actor!, request.params.id),
  );

  app.get(
    '/api/audit',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['audit'],
        summary: `Every change in a period, by one office if given, oldest first, at most ${AUDIT_LIMIT} (TSB)`,
        security,
        querystring: Type.Object(
          { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate), office: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AuditEntry), ...errorReplies(400, 401, 403, 429) },
      },
    },
    async (request) => root.services.audit.log(request.actor!, request.query),
  );
}
