import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { formatRule, REMINDER_RULES, RULE_KINDS } from '../domain/reminders.js';
import type { Root } from '../compose.js';
import type { ReminderRow } from '../services/reminders.js';
import { errorReplies, Nullable, StringEnum } from './schemas.js';

const STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;

// one example per kind of rule, so a new kind shows in the API documentation by itself
const examples = RULE_KINDS.map((kind) => `'${formatRule(REMINDER_RULES[kind].example)}'`);
const ruleExamples = `${examples.slice(0, -1).join(', ')} or ${examples.at(-1)}`;

const Reminder = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  occurrence: Type.String({ description: "the occurrence's planned local date" }),
  rule: Type.String({ description: ruleExamples }),
  recipient: Type.String(),
  recipientZone: Type.String(),
  dueAt: Type.String(),
  status: StringEnum(STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  lastError: Nullable(Type.String()),
  messageId: Type.String(),
  sentAt: Nullable(Type.String()),
});

const ListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(STATUSES)),
    event: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

const toJson = (r: ReminderRow) => ({
  id: r.id,
  event: r.eventId,
  occurrence: r.occurrence,
  rule: r.rule,
  recipient: r.recipient,
  recipientZone: r.recipientZone,
  dueAt: r.dueAt,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  lastError: r.lastError,
  messageId: r.messageId,
  sentAt: r.sentAt,
});

export default async function reminderRoutes(fastify: FastifyInstance, { root }: { root: Root }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reminders } = root.services;
  const authenticate = app.authenticate;
  const security = [{ bearer: [] }];

  app.get(
    '/api/reminders',
    {
      onRequest: authenticate,
      schema: {
        tags: ['reminders'],
        summary: 'The reminder outbox, newest first, with attempts and the last error (TSB)',
        security,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            dispatcher: Type.Object({
              paused: Type.Boolean(),
              reason: Nullable(Type.String({ description: 'why sending is paused (a configuration error)' })),
              since: Nullable(Type.String()),
            }),
            items: Type.Array(Reminder),
            total: Type.Integer(),
          }),
          ...errorReplies(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const page = reminders.list(request.actor!, request.query);
      return { ...page, items: page.items.map(toJson) };
    },
  );

  app.post(
    '/api/reminders/:id/retry',
    {
      onRequest: authenticate,
      schema: {
        tags: ['reminders'],
        summary: 'Queue a failed reminder again, due now (TSB)',
        security,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Reminder, ...errorReplies(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => toJson(reminders.retry(request.actor!, request.params.id)),
  );

  app.post(
    '/api/reminders/resume',
    {
      onRequest: authenticate,
      schema: {
        tags: ['reminders'],
        summary: 'Resume sending after a configuration error was fixed (TSB)',
        security,
        response: { 204: Type.Null(), ...errorReplies(401, 403, 429) },
      },
    },
    async (request, reply) => {
      reminders.resume(request.actor!);
      return reply.code(204).send(null);
    },
  );
}
