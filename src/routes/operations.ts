import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Dispatcher } from '../mail/dispatcher.js';
import { requireTsb } from '../plugins/auth.js';
import type { Metrics } from '../plugins/metrics.js';
import type { EventProblem } from '../services/event-health.js';
import { errorReplies } from './schemas.js';

export interface OperationsDeps {
  /** a cheap read of the database that throws when it cannot be read */
  probe: () => void;
  /** why the database refuses writes, or null while it takes them (probed no more often than needed) */
  writesFail: () => string | null;
  dispatcher: Dispatcher;
  metrics: Metrics;
  metricsToken: string | null;
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  eventProblems: () => { checked: number; problems: EventProblem[] };
}

const EventProblemReply = Type.Object({
  event: Type.String(),
  title: Type.String(),
  part: Type.Union([Type.Literal('rules'), Type.Literal('feeds'), Type.Literal('reminders')], {
    description: 'rules: would be refused if entered today; feeds: left out of every feed; reminders: cannot be planned',
  }),
  message: Type.String(),
});

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** What an operator's monitoring asks: alive (/health), able to serve and send (/ready), and how (/metrics). */
export function operationsRoutes(app: FastifyInstance, deps: OperationsDeps): void {

  app.get('/health', { schema: { tags: ['operations'], summary: 'Alive: 200 while the process answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Ready to serve, to change and to send: 503 with the reason when the database cannot be read, refuses writes, sending is paused, or every attempt to send of the last 15 minutes failed',
        response: {
          200: Type.Object({ status: Type.Literal('ready') }),
          503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      let reason: string | null;
      try {
        deps.probe();
        const refused = deps.writesFail();
        const pause = deps.dispatcher.paused;
        reason = refused
          ? `the database refuses writes (${refused}): reads are served, changes and sign-ins are answered 503`
          : pause
            ? `sending reminders is paused until ${pause.until}: ${pause.reason}`
            : deps.dispatcher.failing;
      } catch (error) {
        reason = `the database cannot be read: ${(error as Error).message}`;
      }
      if (reason) return reply.code(503).send({ status: 'unavailable' as const, reason });
      return { status: 'ready' as const };
    },
  );

  app.get(
    '/api/health/events',
    {
      onRequest: async (request, reply) => {
        await deps.authenticate(request, reply);
        requireTsb(request, 'Only a TSB token may read the health of the events');
      },
      schema: {
        tags: ['operations'],
        summary: 'Events that break a rule, are left out of the feeds or cannot plan their reminders (TSB): checked now',
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ checked: Type.Integer(), problems: Type.Array(EventProblemReply) }), ...errorReplies(401, 403, 429) },
      },
    },
    async () => deps.eventProblems(),
  );

  app.get(
    '/metrics',
    {
      onRequest: async (request, reply) => {
        const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
        if (deps.metricsToken && bearer && sameSecret(bearer, deps.metricsToken)) return;
        await deps.authenticate(request, reply);
        requireTsb(request, 'Only METRICS_TOKEN or a TSB token may read the metrics');
      },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics: the reminder outbox and HTTP requests (METRICS_TOKEN or a TSB token)',
        security: [{ bearer: [] }],
        response: { 200: Type.String(), ...errorReplies(401, 403, 429) },
      },
    },
    async (_request, reply) => reply.type(deps.metrics.registry.contentType).send(await deps.metrics.text()),
  );
}
