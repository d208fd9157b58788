import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { checkEventFields, isTimeProblem } from '../domain/event-rules.js';
import { occurrencesOf, type Occurrence, type OccurrenceOverride } from '../domain/recurrence.js';
import { isIsoDate, touchesDays } from '../domain/time.js';
import { badRequest, notFound } from '../http-problem.js';
import { writeTransaction } from '../store/database.js';
import { fieldsOf } from '../domain/event.js';
import type { EventRoutesDeps } from './deps.js';
import { manageableEvent } from '../services/events.js';
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

const LocalTime = Type.String({ maxLength: 19, description: 'local date-time (or date, for an all-day series) in the event zone' });
const OccurrenceChange = Type.Object(
  { start: Type.Optional(LocalTime), end: Type.Optional(LocalTime), cancelled: Type.Optional(Type.Literal(true)) },
  { additionalProperties: false, minProperties: 1, description: 'move the occurrence ({start, end}) or skip it ({"cancelled": true})' },
);
type OccurrenceChange = Static<typeof OccurrenceChange>;

const Params = Type.Object({ id: Type.String({ maxLength: 100 }), date: Type.String({ format: 'date' }) }, { additionalProperties: false });
const RangeQuery = Type.Object(
  { from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) },
  { additionalProperties: false },
);

export function occurrenceRoutes(app: FastifyInstance, deps: EventRoutesDeps): void {
  const { db, events, reference, clock, authenticate, onChange } = deps;

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
    async (request) => {
      const { id } = request.params as { id: string };
      const { from, to } = request.query as Static<typeof RangeQuery>;
      const event = events.get(id);
      if (!event) throw notFound(`No event with id '${id}'`);
      return occurrencesOf(event).filter((o) => touchesDays(o, event.allDay, from, to));
    },
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
    async (request) => {
      const { id, date } = request.params as Static<typeof Params>;
      const change = request.body as OccurrenceChange;
      const office = request.office!;
      const result = writeTransaction(db, () => {
        const event = manageableEvent(events, id, office, 'change it');
        if (event.recurrence === null) throw notFound(`Event '${id}' does not recur; change it with PATCH /api/events/${id}`);
        if (!occurrencesOf(event).some((o) => o.originalDate === date)) throw notFound(`Event '${id}' has no occurrence planned on ${date}`);
        let override: OccurrenceOverride;
        if (change.cancelled && (change.start || change.end)) throw badRequest('cancelled', 'give either {"cancelled": true} or a new start and end, not both');
        if (change.cancelled) {
          override = { originalDate: date, cancelled: true, start: null, end: null, startsAt: null, endsAt: null };
        } else {
          if (change.start === undefined) throw badRequest('start', 'is required to move an occurrence');
          if (change.end === undefined) throw badRequest('end', 'is required to move an occurrence');
          if (isIsoDate(change.start) !== event.allDay) {
            throw badRequest('start', event.allDay ? 'this series is all-day: give dates' : 'this series has times: give local date-times');
          }
          const moved = checkEventFields({ ...fieldsOf(event), start: change.start, end: change.end, recurrence: null }, reference);
          if (isTimeProblem(moved)) throw badRequest(moved.field, moved.message);
          override = { originalDate: date, cancelled: false, start: moved.startLocal, end: moved.endLocal, startsAt: moved.startAt, endsAt: moved.endAt };
        }
        const overrides = [...event.overrides.filter((o) => o.originalDate !== date), override];
        const times = checkEventFields(fieldsOf(event), reference, overrides);
        /* c8 ignore next -- the series was valid before and a valid occurrence cannot break it */
        if (isTimeProblem(times)) throw badRequest(times.field, times.message);
        const now = clock().toISOString();
        events.setOverride(id, override, now);
        events.bump(id, event.sequence + 1, times, now);
        onChange(events.get(id)!);
        return date;
      });
      return occurrencesOf(events.get(id)!).find((o) => o.originalDate === result)!;
    },
  );
}
