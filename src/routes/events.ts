import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { CalendarEvent } from '../domain/event.js';
import type { Clash } from '../domain/clashes.js';
import { ClashQuery, clashReplyFields, EventCreate, EventPatch, EventReply, SavedEventReply } from '../domain/shapes.js';
import { clashText } from '../i18n/clash-words.js';
import { english } from '../i18n/index.js';
import type { ClashReport } from '../services/clashes.js';
import { toFilter } from '../services/filters.js';
import { errorReplies } from './schemas.js';
import type { Root } from '../compose.js';

/** An event as anyone may read it: the addresses it reminds, and why it was cancelled, are for ITU staff. */
const withoutAddresses = ({ notify: _notify, cancelReason: _reason, ...event }: CalendarEvent) => event;

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
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'text anywhere in the title, description, venue or partners, whatever its case and accents',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: LIST_MAX_LIMIT, default: LIST_DEFAULT_LIMIT }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

/** A collision's values as the API gives them beside its English message. */
function clashParams(clash: Clash): Record<string, string | number | boolean> {
  if (clash.kind === 'holiday') return { date: clash.date, country: clash.country, name: clash.name, predicted: clash.predicted };
  const { other } = clash;
  return {
    event: other.id,
    title: other.title,
    first: other.first,
    last: other.last,
    ...(other.occurrence === null ? {} : { eventOccurrence: other.occurrence }),
    days: clash.days,
    ...(clash.group === null ? {} : { group: clash.group }),
  };
}

export default async function eventRoutes(fastify: FastifyInstance, { root }: { root: Root }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { events: service, reference, clashes } = root.services;
  /** A report of collisions as the API answers it: each with its code, values and English message. */
  const warnings = ({ clashes: found, more }: ClashReport) => ({
    warnings: found.map((clash) => ({
      code: clash.kind,
      occurrence: clash.occurrence,
      params: clashParams(clash),
      message: clashText(english(), clash, reference.groupLabel),
    })),
    moreWarnings: more,
  });
  /**
   * What a writer (ITU staff) is told an event it saved collides with. The event is saved by then:
   * should the check fail, the reply says so by no warning rather than by an error, and the log says why.
   */
  const saved = (event: CalendarEvent, log: FastifyBaseLogger) => {
    try {
      return { ...event, ...warnings(clashes.ofEvent(event, { audience: 'staff', language: 'en' })) };
    } catch (error) {
      log.error({ err: error, event: event.id }, 'the collisions of a saved event could not be checked');
      return { ...event, warnings: [], moreWarnings: 0 };
    }
  };
  const write = { onRequest: app.authenticate };
  const security = [{ bearer: [] }];

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: `Events sorted by start; ${LIST_DEFAULT_LIMIT} a page by default, at most ${LIST_MAX_LIMIT}`,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref(EventReply)),
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
          }),
          ...errorReplies(400),
        },
      },
    },
    async (request) => {
      const { limit, offset, ...query } = request.query;
      const filter = toFilter(query, reference);
      const staff = app.reader(request) !== undefined;
      const page = service.list({ ...filter, audience: staff ? 'staff' : 'public' }, limit, offset);
      return staff ? page : { ...page, items: page.items.map(withoutAddresses) };
    },
  );

  app.get(
    '/api/events/:id',
    { schema: { tags: ['events'], params: IdParams, response: { 200: Type.Ref(EventReply), ...errorReplies(404) } } },
    async (request) => {
      const staff = app.reader(request) !== undefined;
      const event = service.get(request.params.id, staff ? 'staff' : 'public');
      return staff ? event : withoutAddresses(event);
    },
  );

  app.post(
    '/api/events',
    {
      ...write,
      schema: {
        tags: ['events'],
        summary: 'Create an event (an office token may create only events it organizes); `warnings` says what it collides with',
        security,
        body: EventCreate,
        response: { 201: SavedEventReply, ...errorReplies(400, 401, 403, 429) },
      },
    },
    async (request, reply) => reply.code(201).send(saved(service.create(request.actor!, request.body), request.log)),
  );

  app.patch(
    '/api/events/:id',
    {
      ...write,
      schema: {
        tags: ['events'],
        summary: 'Change an event; any change a calendar shows bumps its sequence; `warnings` says what it collides with',
        security,
        params: IdParams,
        body: EventPatch,
        response: { 200: SavedEventReply, ...errorReplies(400, 401, 403, 404, 429) },
      },
    },
    async (request) => saved(service.update(request.actor!, request.params.id, request.body), request.log),
  );

  app.post(
    '/api/events/:id/cancel',
    {
      ...write,
      schema: {
        tags: ['events'],
        summary:
          'Cancel an event: it stays in feeds as CANCELLED so subscribed calendars drop it; an optional body {"reason": "…"} (at most 1000 characters) goes into the cancellation notice. Undo: PATCH its status back',
        security,
        params: IdParams,
        // no body schema: a cancel without a body stays valid for older clients; the service checks
        // an optional {"reason": "…"} with EventCancel (400 naming `reason`)
        response: { 200: Type.Ref(EventReply), ...errorReplies(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.cancel(request.actor!, request.params.id, request.body ?? {}),
  );

  app.get(
    '/api/clashes',
    {
      schema: {
        tags: ['events'],
        summary:
          'What a draft event would collide with, without saving it: events of the same region, office or group within two days, the study group’s and TSAG’s meetings, public holidays of the host country. Without a token, internal events are left out',
        querystring: ClashQuery,
        response: { 200: Type.Object(clashReplyFields), ...errorReplies(400) },
      },
    },
    async (request) => {
      const staff = app.reader(request) !== undefined;
      return warnings(clashes.ofQuery(request.query, { audience: staff ? 'staff' : 'public', language: 'en' }));
    },
  );
}
