import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Root } from '../compose.js';
import { errorReplies } from './schemas.js';

const EventProblemReply = Type.Object({
  event: Type.String(),
  title: Type.String(),
  part: Type.Union([Type.Literal('rules'), Type.Literal('feeds'), Type.Literal('reminders')], {
    description: 'rules: would be refused if entered today; feeds: left out of every feed; reminders: cannot be planned',
  }),
  message: Type.String(),
});

/** What an operator's monitoring asks: alive (/health), able to serve and send (/ready), and how (/metrics). */
export default async function operationsRoutes(app: FastifyInstance, { root }: { root: Root }): Promise<void> {
  const { health } = root.services;

  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Alive: 200 while the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Ready to serve, to change and to send: 503 with the reason when the database cannot be read, refuses writes, sending is paused, or every attempt to send of the last 15 minutes failed',
        response: {
          200: Type.Object({ status: Type.Literal('ready') }),
          503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      const reason = health.notReady();
      if (reason) return reply.code(503).send({ status: 'unavailable' as const, reason });
      return { status: 'ready' as const };
    },
  );

  app.get(
    '/api/health/events',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['operations'],
        summary: 'Events that break a rule, are left out of the feeds or cannot plan their reminders (TSB): checked now',
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({ checked: Type.Integer(), problems: Type.Array(EventProblemReply) }),
          ...errorReplies(401, 403, 429),
        },
      },
    },
    async (request) => health.eventProblems(request.actor!),
  );

  app.get(
    '/metrics',
    {
      onRequest: async (request, reply) => {
        const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
        if (health.isMetricsToken(bearer, root.config.metricsToken)) return;
        await app.authenticate(request, reply);
      },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics: the reminder outbox and HTTP requests (METRICS_TOKEN or a TSB token)',
        security: [{ bearer: [] }],
        response: { 200: Type.String(), ...errorReplies(401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { contentType, text } = await health.metrics(request.actor ?? 'metrics-token');
      return reply.type(contentType).send(text);
    },
  );
}
