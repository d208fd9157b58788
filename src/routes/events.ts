import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EVENT_KINDS, EVENT_STATUSES, REGIONS } from '../domain/vocabulary.js';
import { anyChange, changedFields, fieldsOf, withDefaults, type CalendarEvent, type EventFields } from '../domain/event.js';
import { checkEventFields, isTimeProblem, normalizeFields } from '../domain/event-rules.js';
import { toFilter } from '../services/filters.js';
import { badRequest, forbidden, notFound } from '../http-problem.js';
import { mayManage, readerOffice } from '../plugins/auth.js';
import { writeTransaction } from '../store/database.js';
import { AttendanceFigures, errorReplies, Id, Nullable, StringEnum } from './schemas.js';
import type { EventRoutesDeps } from './deps.js';
import { manageableEvent } from '../services/events.js';

export type { EventRoutesDeps } from './deps.js';

const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const HttpUrl = Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$', description: 'http(s) URL' });
const LocalTime = Type.String({
  maxLength: 19,
  description: "ISO date '2023-09-13' (all-day, last day inclusive) or local date-time '2023-09-20T09:00' read in timeZone",
  examples: ['2023-09-13', '2023-09-20T09:00'],
});

const VenueFields = {
  name: Nullable(Text(200)),
  city: Nullable(Text(100)),
  country: Nullable(Text(100)),
  virtual: Type.Boolean(),
  url: Nullable(HttpUrl),
};
const VenueIn = Type.Object(
  { name: Type.Optional(VenueFields.name), city: Type.Optional(VenueFields.city), country: Type.Optional(VenueFields.country), virtual: VenueFields.virtual, url: Type.Optional(VenueFields.url) },
  { additionalProperties: false },
);
const VenuePatch = Type.Partial(Type.Object(VenueFields), { additionalProperties: false, minProperties: 1 });

const editable = {
  title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
  kind: StringEnum(EVENT_KINDS),
  status: StringEnum(['tentative', 'confirmed'] as const, { description: 'cancel with POST /api/events/:id/cancel' }),
  office: Id,
  region: StringEnum(REGIONS),
  groups: Type.Array(Id, { maxItems: 30, uniqueItems: true }),
  partners: Type.Array(Text(100), { maxItems: 30, uniqueItems: true }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone, e.g. 'Africa/Dar_es_Salaam'" }),
  start: LocalTime,
  end: LocalTime,
  description: Nullable(Type.String({ maxLength: 5000 })),
  url: Nullable(HttpUrl),
  recurrence: Nullable(
    Type.String({ maxLength: 300, description: 'RFC 5545 RRULE value read in timeZone, with COUNT or UNTIL, e.g. FREQ=MONTHLY;BYDAY=2TU;COUNT=12' }),
  ),
  reminders: Nullable(
    Type.Array(Type.String({ maxLength: 20 }), {
      maxItems: 10,
      uniqueItems: true,
      description: "reminders before each start as ISO durations ('P30D', 'PT1H'); null for the defaults of the kind",
    }),
  ),
  notify: Type.Array(Type.String({ format: 'email', maxLength: 254 }), { maxItems: 20, uniqueItems: true, description: 'extra addresses to remind' }),
};

const EventCreate = Type.Object(
  {
    ...editable,
    status: Type.Optional(editable.status),
    groups: Type.Optional(editable.groups),
    partners: Type.Optional(editable.partners),
    venue: Type.Optional(VenueIn),
    description: Type.Optional(editable.description),
    url: Type.Optional(editable.url),
    recurrence: Type.Optional(editable.recurrence),
    reminders: Type.Optional(editable.reminders),
    notify: Type.Optional(editable.notify),
  },
  { additionalProperties: false },
);
type EventCreate = Static<typeof EventCreate>;

const EventPatch = Type.Partial(Type.Object({ ...editable, venue: VenuePatch }), { additionalProperties: false, minProperties: 1 });
type EventPatch = Static<typeof EventPatch>;

/** Participant figures, in an event's JSON and in the attendance routes. */

const Override = Type.Object({
  originalDate: Type.String({ description: 'the local date the occurrence was planned for' }),
  cancelled: Type.Boolean(),
  start: Nullable(Type.String()),
  end: Nullable(Type.String()),
  startsAt: Nullable(Type.String()),
  endsAt: Nullable(Type.String()),
});

export const EventReply = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    kind: StringEnum(EVENT_KINDS),
    status: StringEnum(EVENT_STATUSES),
    office: Type.String(),
    region: StringEnum(REGIONS),
    groups: Type.Array(Type.String()),
    partners: Type.Array(Type.String()),
    venue: Type.Object({
      name: Nullable(Type.String()),
      city: Nullable(Type.String()),
      country: Nullable(Type.String()),
      virtual: Type.Boolean(),
      url: Nullable(Type.String()),
    }),
    timeZone: Type.String(),
    start: Type.String(),
    end: Type.String(),
    allDay: Type.Boolean(),
    startsAt: Type.String({ description: 'UTC instant the event starts (derived)' }),
    endsAt: Type.String({ description: 'UTC instant the event ends (derived; the day after the last day for all-day events)' }),
    description: Nullable(Type.String()),
    url: Nullable(Type.String()),
    recurrence: Nullable(Type.String()),
    overrides: Type.Array(Override),
    reminders: Nullable(Type.Array(Type.String())),
    notify: Type.Optional(Type.Array(Type.String(), { description: 'extra addresses reminded; only in replies to a request with a token (ITU staff)' })),
    sequence: Type.Integer({ description: 'grows with every change a calendar shows' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    attendance: Nullable(AttendanceFigures),
  },
  { $id: 'Event' },
);

/** An event as anyone may read it: the addresses it reminds are for ITU staff. */
const withoutAddresses = ({ notify: _notify, ...event }: CalendarEvent) => event;

export const LIST_DEFAULT_LIMIT = 50;
export const LIST_MAX_LIMIT = 500;

const CommaList = (description: string) => Type.String({ maxLength: 500, pattern: '^[a-z0-9-]+(,[a-z0-9-]+)*$', description });
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

const ListQuery = Type.Object(
  {
    region: Type.Optional(CommaList('region ids, comma-separated')),
    group: Type.Optional(CommaList('group ids; a study group includes its regional groups')),
    office: Type.Optional(CommaList('office ids')),
    kind: Type.Optional(CommaList('event kinds')),
    status: Type.Optional(CommaList('tentative, confirmed, cancelled')),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'text in title, description, venue or partners' })),
    limit: Type.Integer({ minimum: 1, maximum: LIST_MAX_LIMIT, default: LIST_DEFAULT_LIMIT }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });



export function eventRoutes(app: FastifyInstance, deps: EventRoutesDeps): void {
  const { db, events, reference, clock, authenticate, onChange } = deps;
  const write = { onRequest: authenticate };
  const security = [{ bearer: [] }];

  function validated(fields: EventFields, overrides: CalendarEvent['overrides'] = []) {
    const times = checkEventFields(fields, reference, overrides);
    if (isTimeProblem(times)) throw badRequest(times.field, times.message);
    return times;
  }

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: `Events sorted by start; ${LIST_DEFAULT_LIMIT} a page by default, at most ${LIST_MAX_LIMIT}`,
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref(EventReply)), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
          ...errorReplies(400),
        },
      },
    },
    async (request) => {
      const { limit, offset, ...query } = request.query as ListQuery;
      const filter = toFilter(query, reference, (field, value) => badRequest(field, `'${value}' is not a known ${field}`));
      const page = events.list(filter, limit, offset);
      return readerOffice(deps.tokens, request) ? page : { ...page, items: page.items.map(withoutAddresses) };
    },
  );

  app.get(
    '/api/events/:id',
    { schema: { tags: ['events'], params: IdParams, response: { 200: Type.Ref(EventReply), ...errorReplies(404) } } },
    async (request) => {
      const { id } = request.params as { id: string };
      const event = events.get(id);
      if (!event) throw notFound(`No event with id '${id}'`);
      return readerOffice(deps.tokens, request) ? event : withoutAddresses(event);
    },
  );

  app.post(
    '/api/events',
    {
      ...write,
      schema: {
        tags: ['events'],
        summary: 'Create an event (an office token may create only events it organizes)',
        security,
        body: EventCreate,
        response: { 201: Type.Ref(EventReply), ...errorReplies(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body as EventCreate;
      const fields = normalizeFields(withDefaults(body));
      if (!mayManage(request.office!, fields.office)) {
        throw forbidden(`A ${request.office} token may create only events organized by ${request.office}`);
      }
      const times = validated(fields);
      const id = randomUUID();
      const now = clock().toISOString();
      // the event and its reminders commit together: a backup or a crash never sees one without the other
      const created = writeTransaction(db, () => {
        events.insert(id, fields, times, now);
        const event = events.get(id)!;
        onChange(event);
        return event;
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/events/:id',
    {
      ...write,
      schema: {
        tags: ['events'],
        summary: 'Change an event; any change a calendar shows bumps its sequence',
        security,
        params: IdParams,
        body: EventPatch,
        response: { 200: Type.Ref(EventReply), ...errorReplies(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const patch = request.body as EventPatch;
      const office = request.office!;
      writeTransaction(db, () => {
        const current = manageableEvent(events, id, office, 'change it');
        if (patch.office !== undefined && !mayManage(office, patch.office)) {
          throw forbidden(`Only TSB can hand an event over to another office`);
        }
        const before = fieldsOf(current);
        const after: EventFields = normalizeFields({
          ...before,
          ...patch,
          groups: [...(patch.groups ?? before.groups)].sort(),
          venue: { ...before.venue, ...patch.venue },
        });
        // a changed recurrence rule or zone starts the series afresh: old exceptions no longer apply
        const keepOverrides = after.recurrence === before.recurrence && after.timeZone === before.timeZone && after.start === before.start;
        const times = validated(after, keepOverrides ? current.overrides : []);
        if (!anyChange(before, after)) return false;
        const visible = changedFields(before, after).length > 0;
        events.update(id, after, times, current.sequence + (visible ? 1 : 0), clock().toISOString());
        if (!keepOverrides) events.clearOverrides(id);
        onChange(events.get(id)!);
        return true;
      });
      return events.get(id)!;
    },
  );

  app.post(
    '/api/events/:id/cancel',
    {
      ...write,
      schema: {
        tags: ['events'],
        summary: 'Cancel an event: it stays in feeds as CANCELLED so subscribed calendars drop it',
        security,
        params: IdParams,
        response: { 200: Type.Ref(EventReply), ...errorReplies(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const office = request.office!;
      writeTransaction(db, () => {
        const current = manageableEvent(events, id, office, 'cancel it');
        if (current.status === 'cancelled') return false;
        const fields = { ...fieldsOf(current), status: 'cancelled' as const };
        events.update(id, fields, validated(fields, current.overrides), current.sequence + 1, clock().toISOString());
        onChange(events.get(id)!);
        return true;
      });
      return events.get(id)!;
    },
  );
}
