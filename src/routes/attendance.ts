import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AttendanceFigures, AttendanceInput, Nullable, StringEnum } from '../domain/shapes.js';
import { REGIONS } from '../domain/vocabulary.js';
import type { Root } from '../compose.js';
import { errorReplies } from './schemas.js';

const Registration = Type.Object({
  ...AttendanceFigures.properties,
  changes: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() }), {
    description: 'what this registration changed',
  }),
});
const AttendanceReply = Type.Object({ event: Type.String(), current: Nullable(AttendanceFigures), history: Type.Array(Registration) });

/** Participant figures: an event's, registered; and the events that still owe them. */
export default async function attendanceRoutes(fastify: FastifyInstance, { root }: { root: Root }): Promise<void> {
  missingRoutes(fastify, root);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { attendance } = root.services;
  const authenticate = app.authenticate;
  const params = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

  app.get(
    '/api/events/:id/attendance',
    {
      schema: {
        tags: ['attendance'],
        summary: 'Current participant figures of an event and every registration before',
        params,
        response: { 200: AttendanceReply, ...errorReplies(404) },
      },
    },
    async (request) => attendance.figures(request.params.id, app.reader(request) ? 'staff' : 'public'),
  );

  app.put(
    '/api/events/:id/attendance',
    {
      onRequest: authenticate,
      schema: {
        tags: ['attendance'],
        summary: 'Register (or correct) participant figures once the event has started; the organizing office or TSB',
        security: [{ bearer: [] }],
        params,
        body: AttendanceInput,
        response: { 200: AttendanceReply, ...errorReplies(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      attendance.register(request.actor!, request.params.id, request.body);
      return attendance.figures(request.params.id);
    },
  );
}

const MissingItem = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  region: Type.String(),
  start: Type.String(),
  end: Type.String(),
  endedAt: Type.String(),
  office: Type.Object({
    id: Type.String(),
    name: Type.String(),
    emails: Type.Optional(
      Type.Array(Type.String(), { description: 'the contacts to ask; only in replies to a request with a token (ITU staff)' }),
    ),
  }),
});

function missingRoutes(fastify: FastifyInstance, root: Root): void {
  const deps = root.services;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const Query = Type.Object(
    {
      region: Type.Optional(StringEnum(REGIONS)),
      office: Type.Optional(Type.String({ maxLength: 40 })),
    },
    { additionalProperties: false },
  );
  app.get(
    '/api/attendance/missing',
    {
      schema: {
        tags: ['attendance'],
        summary: "Events that ended without participant counts, oldest first, with the organizing office: TSB's follow-up list",
        querystring: Query,
        response: { 200: Type.Array(MissingItem), ...errorReplies(400) },
      },
    },
    async (request) => {
      const staff = app.reader(request) !== undefined;
      return deps.attendance.missing({ ...request.query, audience: staff ? 'staff' : 'public' }).map((e) => {
        const o = deps.reference.officesById.get(e.office)!;
        return {
          id: e.id,
          title: e.title,
          kind: e.kind,
          region: e.region,
          start: e.start,
          end: e.end,
          endedAt: e.endsAt,
          office: { id: o.id, name: o.name, ...(staff ? { emails: o.emails } : {}) },
        };
      });
    },
  );
}
