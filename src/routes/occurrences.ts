import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Occurrence } from '../domain/recurrence.js';
import { OccurrenceChange } from '../domain/shapes.js';
import type { Root } from '../compose.js';
import { errorReplies } from './schemas.js';

const OccurrenceReply = Type.Object({
  originalDate: Type.String({ description: 'the local date the occurrence was planned for; its key' }),
  originalStart: Type.String(),
  start: Type.String(),
  end: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.Unsafe<Occurrence['status']>({ type: 'string', enum: ['scheduled', 'moved', 'cancelled'] }),
});

const Params = Type.Object({ id: Type.String({ maxLength: 100 }), date: Type.String({ format: 'date' }) }, { additionalProperties: false });
const RangeQuery = Type.Object(
  { from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) },
  { additionalProperties: false },
);

export default async function occurrenceRoutes(fastify: FastifyInstance, { root }: { root: Root }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = root.services.events;
  const authenticate = app.authenticate;

  app.get(
    '/api/events/:id/occurrences',
    {
      schema: {
        tags: ['events'],
        summary: 'Occurrences of an event in a date range (local dates of the event zone)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        querystring: RangeQuery,
        response: { 200: Type.Array(OccurrenceReply), ...errorReplies(400, 404) },
      },
    },
    async (request) =>
      service.occurrences(request.params.id, request.query.from, request.query.to, app.reader(request) ? 'staff' : 'public'),
  );

  app.put(
    '/api/events/:id/occurrences/:date',
    {
      onRequest: authenticate,
      schema: {
        tags: ['events'],
        summary: 'Move or skip one occurrence of a recurring event, by the local date it was planned for',
        security: [{ bearer: [] }],
        params: Params,
        body: OccurrenceChange,
        response: { 200: OccurrenceReply, ...errorReplies(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.changeOccurrence(request.actor!, request.params.id, request.params.date, request.body),
  );

  app.delete(
    '/api/events/:id/occurrences/:date',
    {
      onRequest: authenticate,
      schema: {
        tags: ['events'],
        summary: 'Restore one occurrence moved or skipped: as the rule plans it again (nothing changes for one never moved or skipped)',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: OccurrenceReply, ...errorReplies(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.restoreOccurrence(request.actor!, request.params.id, request.params.date),
  );
}
