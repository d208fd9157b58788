import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { missingCounts } from '../domain/attendance.js';
import { REGIONS, type RegionId } from '../domain/vocabulary.js';
import type { CalendarEvent } from '../domain/event.js';
import { badRequest, conflict, notFound } from '../http-problem.js';
import { readerOffice } from '../plugins/auth.js';
import type { AttendanceRow, AttendanceStore } from '../store/attendance.js';
import { writeTransaction } from '../store/database.js';
import { AttendanceFigures } from './schemas.js';
import type { EventRoutesDeps } from './deps.js';
import { manageableEvent } from '../services/events.js';
import { errorReplies, Nullable } from './schemas.js';

/** UN member states plus observers: no event has more. */
export const MAX_COUNTRIES = 194;
const Count = (description: string, maximum = 1_000_000) => Type.Integer({ minimum: 0, maximum, description });

const AttendanceBody = Type.Object(
  {
    participants: Count('everyone who took part'),
    countries: Count('countries represented', MAX_COUNTRIES),
    inPerson: Type.Optional(Nullable(Count('of the participants, those present'))),
    remote: Type.Optional(Nullable(Count('of the participants, those online'))),
    women: Type.Optional(Nullable(Count('of the participants, women'))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
type AttendanceBody = Static<typeof AttendanceBody>;

const FIGURES = ['participants', 'countries', 'inPerson', 'remote', 'women', 'notes'] as const;

const Figures = AttendanceFigures;
const Registration = Type.Object({
  ...Figures.properties,
  changes: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() }), { description: 'what this registration changed' }),
});
const AttendanceReply = Type.Object({ event: Type.String(), current: Nullable(Figures), history: Type.Array(Registration) });

/** The consistency rules JSON Schema cannot state. */
export function attendanceProblem(body: AttendanceBody): { field: string; message: string } | undefined {
  const parts = (body.inPerson ?? 0) + (body.remote ?? 0);
  if (parts > body.participants) return { field: body.remote != null ? 'remote' : 'inPerson', message: `inPerson + remote (${parts}) is more than the ${body.participants} participants` };
  if (body.women != null && body.women > body.participants) return { field: 'women', message: `${body.women} women is more than the ${body.participants} participants` };
  if (body.countries > body.participants) return { field: 'countries', message: `${body.countries} countries cannot come from ${body.participants} participants` };
  return undefined;
}

function withChanges(rows: AttendanceRow[]) {
  return rows.map((row, i) => {
    const before = rows[i - 1];
    const figures = { participants: row.participants, countries: row.countries, inPerson: row.inPerson, remote: row.remote, women: row.women, notes: row.notes, recordedBy: row.recordedBy, recordedAt: row.recordedAt };
    const changes = FIGURES.filter((f) => !before || before[f] !== row[f]).map((field) => ({ field, from: before ? before[field] : null, to: row[field] }));
    return { ...figures, changes };
  });
}

export function attendanceRoutes(app: FastifyInstance, deps: EventRoutesDeps & { attendance: AttendanceStore }): void {
  const { db, events, attendance, clock, authenticate, onChange } = deps;
  const reply = (event: CalendarEvent) => {
    const history = withChanges(attendance.history(event.id));
    const last = history.at(-1);
    return { event: event.id, current: last ? { ...last, changes: undefined } : null, history };
  };
  const params = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

  app.get(
    '/api/events/:id/attendance',
    { schema: { tags: ['attendance'], summary: 'Current participant figures of an event and every registration before', params, response: { 200: AttendanceReply, ...errorReplies(404) } } },
    async (request) => {
      const { id } = request.params as { id: string };
      const event = events.get(id);
      if (!event) throw notFound(`No event with id '${id}'`);
      return reply(event);
    },
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
        body: AttendanceBody,
        response: { 200: AttendanceReply, ...errorReplies(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body as AttendanceBody;
      const office = request.office!;
      writeTransaction(db, () => {
        const event = manageableEvent(events, id, office, 'register its figures');
        if (event.status === 'cancelled') throw conflict('This event was cancelled: there is nothing to count');
        const now = clock();
        if (Date.parse(event.startsAt) > now.getTime()) {
          throw conflict(`Participant figures can be registered once the event has started (${event.startsAt}); it is still ahead`);
        }
        const problem = attendanceProblem(body);
        if (problem) throw badRequest(problem.field, problem.message);
        attendance.record(id, { participants: body.participants, countries: body.countries, inPerson: body.inPerson ?? null, remote: body.remote ?? null, women: body.women ?? null, notes: body.notes ?? null }, office, now.toISOString());
        onChange(events.get(id)!);
      });
      return reply(events.get(id)!);
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
  office: Type.Object({ id: Type.String(), name: Type.String(), emails: Type.Optional(Type.Array(Type.String(), { description: 'the contacts to ask; only in replies to a request with a token (ITU staff)' })) }),
});

export function missingRoutes(app: FastifyInstance, deps: Pick<EventRoutesDeps, 'events' | 'reference' | 'clock' | 'tokens'>): void {
  const Query = Type.Object(
    {
      region: Type.Optional(Type.Unsafe<RegionId>({ type: 'string', enum: [...REGIONS] })),
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
      const { region, office } = request.query as Static<typeof Query>;
      if (office !== undefined && !deps.reference.officesById.has(office)) throw badRequest('office', `'${office}' is not a known office`);
      const events = deps.events.all({ regions: region ? [region] : undefined, offices: office ? [office] : undefined, statuses: ['confirmed'] });
      const staff = readerOffice(deps.tokens, request) !== undefined;
      return missingCounts(events, deps.clock()).map((e) => {
        const o = deps.reference.officesById.get(e.office)!;
        return { id: e.id, title: e.title, kind: e.kind, region: e.region, start: e.start, end: e.end, endedAt: e.endsAt, office: { id: o.id, name: o.name, ...(staff ? { emails: o.emails } : {}) } };
      });
    },
  );
}
