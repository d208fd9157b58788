import { and, asc, count, eq, getTableColumns, gte, inArray, isNotNull, lte, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { EventKind, EventStatus, Language, RegionId, Visibility } from '../domain/vocabulary.js';
import {
  cancellationOf,
  type AttendanceFigures,
  type Audience,
  type CalendarEvent,
  type EventFields,
  type EventFilter,
  type Venue,
  type WithdrawnSnapshot,
} from '../domain/event.js';
import { occursBetween, type OccurrenceOverride } from '../domain/recurrence.js';
import { eventSearchText, searchQuery } from '../domain/search.js';
import { touchesDays, type EventTimes } from '../domain/time.js';
import type { Db } from './database.js';

// every column but the search text, which only the WHERE of a search reads: feeds read thousands of rows
const { searchText: _searchText, ...eventColumns } = getTableColumns(t.events);
type EventRow = Omit<typeof t.events.$inferSelect, 'searchText'>;
type AttendanceRow = typeof t.attendance.$inferSelect;
type OverrideRow = typeof t.occurrenceOverrides.$inferSelect;

const toOverride = (o: OverrideRow): OccurrenceOverride => ({
  originalDate: o.originalDate,
  cancelled: o.cancelled,
  start: o.startLocal,
  end: o.endLocal,
  startsAt: o.startAt,
  endsAt: o.endAt,
});

function toFigures(row: AttendanceRow): AttendanceFigures {
  return {
    participants: row.participants,
    countries: row.countries,
    countryCodes: row.countryCodes,
    inPerson: row.inPerson,
    remote: row.remote,
    women: row.women,
    notes: row.notes,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt,
  };
}

function toEvent(row: EventRow, groups: string[], attendance: AttendanceRow | undefined, overrides: OccurrenceOverride[]): CalendarEvent {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind as EventKind,
    status: row.status as EventStatus,
    visibility: row.visibility as Visibility,
    withdrawnAt: row.withdrawnAt,
    office: row.officeId,
    region: row.regionId as RegionId,
    groups,
    partners: row.partners,
    venue: venueOf(row),
    timeZone: row.timeZone,
    start: row.startLocal,
    end: row.endLocal,
    allDay: row.allDay,
    startsAt: row.startAt,
    endsAt: row.endAt,
    description: row.description,
    language: row.language as Language,
    translations: row.translations,
    url: row.url,
    recurrence: row.recurrence,
    overrides,
    reminders: row.reminderOffsets,
    notify: row.notify,
    sequence: row.sequence,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    attendance: attendance ? toFigures(attendance) : null,
    cancelReason: row.cancelReason,
  };
}

/**
 * Loads the groups, current attendance and moved or skipped occurrences of many events in a
 * query each, not one per event. `scope` selects the events' ids: their list, or for a whole
 * feed the query that found them, which spares SQLite hundreds of bound parameters.
 */
function hydrate(db: Db, rows: EventRow[], scope: string[] | SQLWrapper = rows.map((r) => r.id)): CalendarEvent[] {
  if (rows.length === 0) return [];
  const groupsByEvent = new Map<string, string[]>();
  const attendanceByEvent = new Map<string, AttendanceRow>();
  const overridesByEvent = new Map<string, OccurrenceOverride[]>();
  // SQLite limits bound parameters; chunk large id lists
  const chunks = Array.isArray(scope)
    ? Array.from({ length: Math.ceil(scope.length / 500) }, (_, i) => scope.slice(i * 500, i * 500 + 500))
    : [scope];
  for (const chunk of chunks) {
    for (const g of db
      .select({ eventId: t.eventGroups.eventId, groupId: t.eventGroups.groupId })
      .from(t.eventGroups)
      .where(inArray(t.eventGroups.eventId, chunk))
      .orderBy(asc(t.eventGroups.groupId))
      .all()) {
      const list = groupsByEvent.get(g.eventId);
      if (list) list.push(g.groupId);
      else groupsByEvent.set(g.eventId, [g.groupId]);
    }
    const latest = db
      .select({ id: sql<number>`max(${t.attendance.id})` })
      .from(t.attendance)
      .where(inArray(t.attendance.eventId, chunk))
      .groupBy(t.attendance.eventId);
    for (const a of db.select().from(t.attendance).where(inArray(t.attendance.id, latest)).all()) {
      attendanceByEvent.set(a.eventId, a);
    }
  }
  const series = rows.filter((r) => r.recurrence !== null).map((r) => r.id);
  for (let i = 0; i < series.length; i += 500) {
    for (const o of db
      .select()
      .from(t.occurrenceOverrides)
      .where(inArray(t.occurrenceOverrides.eventId, series.slice(i, i + 500)))
      .orderBy(asc(t.occurrenceOverrides.originalDate))
      .all()) {
      const list = overridesByEvent.get(o.eventId);
      if (list) list.push(toOverride(o));
      else overridesByEvent.set(o.eventId, [toOverride(o)]);
    }
  }
  return rows.map((r) => toEvent(r, groupsByEvent.get(r.id) ?? [], attendanceByEvent.get(r.id), overridesByEvent.get(r.id) ?? []));
}

/** A LIKE pattern finding `text` anywhere, its wildcards taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterConditions(filter: EventFilter, expandGroups: (ids: string[]) => string[]): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.regions?.length) conditions.push(inArray(t.events.regionId, filter.regions));
  if (filter.offices?.length) conditions.push(inArray(t.events.officeId, filter.offices));
  if (filter.kinds?.length) conditions.push(inArray(t.events.kind, filter.kinds));
  if (filter.statuses?.length) conditions.push(inArray(t.events.status, filter.statuses));
  if (filter.audience === 'public') conditions.push(eq(t.events.visibility, 'public'));
  if (filter.from) conditions.push(gte(t.events.endDate, filter.from));
  if (filter.to) conditions.push(lte(t.events.startDate, filter.to));
  if (filter.groups?.length) {
    const members = sql`select ${t.eventGroups.eventId} from ${t.eventGroups} where ${inArray(
      t.eventGroups.groupId,
      expandGroups(filter.groups),
    )}`;
    conditions.push(sql`${t.events.id} in (${members})`);
  }
  const q = filter.q ? searchQuery(filter.q) : '';
  // both sides folded alike (src/domain/search.ts): LIKE only compares, its own ASCII-only case folding has nothing left to do
  if (q) conditions.push(sql`${t.events.searchText} like ${likePattern(q)} escape '\\'`);
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * Whether a withdrawn event's snapshot is in a filter's selection: the same rules as
 * filterConditions, on what the snapshot kept. A text search never finds one: its cancellation
 * has no text, and matching what it hides would tell.
 */
function snapshotMatches(s: WithdrawnSnapshot, filter: EventFilter, expandGroups: (ids: string[]) => string[]): boolean {
  if (filter.regions?.length && !filter.regions.includes(s.region)) return false;
  if (filter.offices?.length && !filter.offices.includes(s.office)) return false;
  if (filter.kinds?.length && !filter.kinds.includes(s.kind)) return false;
  if (filter.statuses?.length && !filter.statuses.includes('cancelled')) return false;
  if (filter.groups?.length) {
    const wanted = new Set(expandGroups(filter.groups));
    if (!s.groups.some((g) => wanted.has(g))) return false;
  }
  if (filter.q) return false;
  if (!filter.from && !filter.to) return true;
  const stub = cancellationOf(s, '');
  return s.recurrence === null
    ? touchesDays(s, s.allDay, filter.from, filter.to)
    : occursBetween({ ...stub, status: 'confirmed' }, filter.from, filter.to);
}

/** The values of each feed dimension that some event has: what a feed's filter can select. */
export interface DimensionValues {
  regions: Set<string>;
  offices: Set<string>;
  kinds: Set<string>;
  /** the groups events are in, as stored (a study group's feed also takes its regional groups') */
  groups: Set<string>;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export class EventStore {
  constructor(
    private readonly db: Db,
    /** a group and everything under it (a study group's regional groups) */
    private readonly expandGroups: (ids: string[]) => string[],
  ) {}

  list(filter: EventFilter, limit: number, offset: number): Page<CalendarEvent> {
    if ((filter.from || filter.to) && this.anySeries()) {
      // a series spans months in SQL; which of its occurrences fall in the range needs expanding
      const items = this.all(filter);
      return { items: items.slice(offset, offset + limit), total: items.length, limit, offset };
    }
    const where = filterConditions(filter, this.expandGroups);
    const rows = this.db
      .select(eventColumns)
      .from(t.events)
      .where(where)
      .orderBy(asc(t.events.startAt), asc(t.events.id))
      .limit(limit)
      .offset(offset)
      .all();
    const total = this.db.select({ n: count() }).from(t.events).where(where).get()?.n ?? 0;
    return { items: hydrate(this.db, rows), total, limit, offset };
  }

  /** Every matching event, for feeds and reports; a series only when one of its occurrences is in the date range. */
  all(filter: EventFilter): CalendarEvent[] {
    const where = filterConditions(filter, this.expandGroups);
    const rows = this.db.select(eventColumns).from(t.events).where(where).orderBy(asc(t.events.startAt), asc(t.events.id)).all();
    const events = hydrate(this.db, rows, this.db.select({ id: t.events.id }).from(t.events).where(where));
    if (!filter.from && !filter.to) return events;
    return events.filter((e) => e.recurrence === null || occursBetween(e, filter.from, filter.to));
  }

  /**
   * The events made internal since `since` that a public feed with this filter carries as bare
   * cancellations: built from the snapshot taken at the withdrawal, in its selection as it was
   * then, never from the event as it is now.
   */
  withdrawn(filter: EventFilter, since: string): CalendarEvent[] {
    return this.db
      .select({ withdrawnAt: t.withdrawnEvents.withdrawnAt, snapshot: t.withdrawnEvents.snapshot })
      .from(t.withdrawnEvents)
      .innerJoin(t.events, eq(t.events.id, t.withdrawnEvents.eventId))
      .where(and(gte(t.withdrawnEvents.withdrawnAt, since), eq(t.events.visibility, 'internal')))
      .all()
      .filter((row) => snapshotMatches(row.snapshot, filter, this.expandGroups))
      .map((row) => cancellationOf(row.snapshot, row.withdrawnAt));
  }

  /** Must run inside a write transaction: the event is made internal, and this is what the public feeds keep of it. */
  withdraw(eventId: string, at: string, snapshot: WithdrawnSnapshot): void {
    const row = { eventId, withdrawnAt: at, snapshot };
    this.db.insert(t.withdrawnEvents).values(row).onConflictDoUpdate({ target: t.withdrawnEvents.eventId, set: row }).run();
  }

  /** Must run inside a write transaction: public again, the event itself is in the feeds. */
  republish(eventId: string): void {
    this.db.delete(t.withdrawnEvents).where(eq(t.withdrawnEvents.eventId, eventId)).run();
  }

  /** The regions, offices, kinds and groups that some event the audience sees has. */
  dimensionValues(audience: Audience): DimensionValues {
    const visible = audience === 'public' ? eq(t.events.visibility, 'public') : undefined;
    const distinct = (column: typeof t.events.regionId | typeof t.events.officeId | typeof t.events.kind) =>
      new Set(
        this.db
          .selectDistinct({ v: column })
          .from(t.events)
          .where(visible)
          .all()
          .map((r) => r.v),
      );
    const groups = this.db
      .selectDistinct({ v: t.eventGroups.groupId })
      .from(t.eventGroups)
      .innerJoin(t.events, eq(t.events.id, t.eventGroups.eventId))
      .where(visible)
      .all();
    return {
      regions: distinct(t.events.regionId),
      offices: distinct(t.events.officeId),
      kinds: distinct(t.events.kind),
      groups: new Set(groups.map((r) => r.v)),
    };
  }

  /**
   * The events that may collide with another (src/domain/clashes.ts): not cancelled, not `except`,
   * touching the local dates [from, to] (a series by the span of all its occurrences), and of the
   * region, the office or one of the groups. Found through the indexes of the dates, the region,
   * the office and each group's events; the rules then look at each occurrence.
   */
  clashCandidates(q: {
    from: string;
    to: string;
    region: string;
    office: string;
    groups: readonly string[];
    except?: string | undefined;
    audience: Audience;
  }): CalendarEvent[] {
    const near = [
      eq(t.events.regionId, q.region),
      eq(t.events.officeId, q.office),
      ...(q.groups.length
        ? [
            sql`${t.events.id} in (select ${t.eventGroups.eventId} from ${t.eventGroups} where ${inArray(t.eventGroups.groupId, [...q.groups])})`,
          ]
        : []),
    ];
    const where = and(
      gte(t.events.endDate, q.from),
      lte(t.events.startDate, q.to),
      ne(t.events.status, 'cancelled'),
      q.except === undefined ? undefined : ne(t.events.id, q.except),
      q.audience === 'public' ? eq(t.events.visibility, 'public') : undefined,
      or(...near),
    );
    const rows = this.db.select(eventColumns).from(t.events).where(where).orderBy(asc(t.events.startAt), asc(t.events.id)).all();
    return hydrate(this.db, rows);
  }

  private anySeries(): boolean {
    return this.db.select({ id: t.events.id }).from(t.events).where(isNotNull(t.events.recurrence)).limit(1).get() !== undefined;
  }

  get(id: string): CalendarEvent | undefined {
    const row = this.db.select(eventColumns).from(t.events).where(eq(t.events.id, id)).get();
    return row ? hydrate(this.db, [row])[0] : undefined;
  }

  /** Must run inside a write transaction (see writeTransaction). */
  insert(id: string, fields: EventFields, times: EventTimes, now: string): void {
    this.db
      .insert(t.events)
      .values({ id, ...columns(fields, times), sequence: 0, createdAt: now, updatedAt: now })
      .run();
    this.setGroups(id, fields.groups);
  }

  /** Must run inside a write transaction (see writeTransaction). */
  update(id: string, fields: EventFields, times: EventTimes, sequence: number, now: string, withdrawnAt?: string | null): void {
    this.db
      .update(t.events)
      .set({ ...columns(fields, times), sequence, updatedAt: now, ...(withdrawnAt !== undefined ? { withdrawnAt } : {}) })
      .where(eq(t.events.id, id))
      .run();
    this.db.delete(t.eventGroups).where(eq(t.eventGroups.eventId, id)).run();
    this.setGroups(id, fields.groups);
  }

  /** Must run inside a write transaction. */
  setOverride(eventId: string, override: OccurrenceOverride, now: string): void {
    const row = {
      eventId,
      originalDate: override.originalDate,
      cancelled: override.cancelled,
      startLocal: override.start,
      endLocal: override.end,
      startAt: override.startsAt,
      endAt: override.endsAt,
      updatedAt: now,
    };
    this.db
      .insert(t.occurrenceOverrides)
      .values(row)
      .onConflictDoUpdate({ target: [t.occurrenceOverrides.eventId, t.occurrenceOverrides.originalDate], set: row })
      .run();
  }

  /** Must run inside a write transaction: the occurrence as the rule plans it again. */
  removeOverride(eventId: string, originalDate: string): void {
    this.db
      .delete(t.occurrenceOverrides)
      .where(and(eq(t.occurrenceOverrides.eventId, eventId), eq(t.occurrenceOverrides.originalDate, originalDate)))
      .run();
  }

  /** Must run inside a write transaction: why it was cancelled (null: not cancelled, or no reason given). */
  setCancelReason(eventId: string, reason: string | null): void {
    this.db.update(t.events).set({ cancelReason: reason }).where(eq(t.events.id, eventId)).run();
  }

  /** Must run inside a write transaction. */
  clearOverrides(eventId: string): void {
    this.db.delete(t.occurrenceOverrides).where(eq(t.occurrenceOverrides.eventId, eventId)).run();
  }

  /** Must run inside a write transaction. */
  bump(eventId: string, sequence: number, dates: { startDate: string; endDate: string }, now: string): void {
    this.db
      .update(t.events)
      .set({ sequence, updatedAt: now, ...dates })
      .where(eq(t.events.id, eventId))
      .run();
  }

  exists(id: string): boolean {
    return this.db.select({ id: t.events.id }).from(t.events).where(eq(t.events.id, id)).get() !== undefined;
  }

  private setGroups(eventId: string, groups: string[]): void {
    if (groups.length === 0) return;
    this.db
      .insert(t.eventGroups)
      .values([...new Set(groups)].map((groupId) => ({ eventId, groupId })))
      .run();
  }
}

/** Each part of the venue and the column it is kept in: a record over the venue's parts, so a part added to the venue must be given its column. */
const VENUE_COLUMNS = {
  name: 'venueName',
  city: 'venueCity',
  country: 'venueCountry',
  virtual: 'venueVirtual',
  url: 'venueUrl',
} as const satisfies Record<keyof Venue, keyof EventRow>;

const venueParts = Object.keys(VENUE_COLUMNS) as (keyof Venue)[];

function venueOf(row: EventRow): Venue {
  return Object.fromEntries(venueParts.map((part) => [part, row[VENUE_COLUMNS[part]]])) as Venue;
}

/**
 * The columns of an event's fields: a record over every field a writer sets (EventFields), so a
 * field added to the shape is flagged here until it is given its columns.
 */
function fieldColumns(fields: EventFields): Partial<typeof t.events.$inferInsert> {
  const byField = {
    title: { title: fields.title },
    kind: { kind: fields.kind },
    status: { status: fields.status },
    visibility: { visibility: fields.visibility },
    office: { officeId: fields.office },
    region: { regionId: fields.region },
    // kept in event_groups (setGroups)
    groups: {},
    partners: { partners: fields.partners },
    venue: Object.fromEntries(venueParts.map((part) => [VENUE_COLUMNS[part], fields.venue[part]])),
    timeZone: { timeZone: fields.timeZone },
    // kept as the times derived from them (EventTimes)
    start: {},
    end: {},
    description: { description: fields.description },
    language: { language: fields.language },
    translations: { translations: fields.translations },
    url: { url: fields.url },
    recurrence: { recurrence: fields.recurrence },
    reminders: { reminderOffsets: fields.reminders },
    notify: { notify: fields.notify },
  } satisfies Record<keyof EventFields, Partial<typeof t.events.$inferInsert>>;
  return Object.assign({}, ...Object.values(byField)) as Partial<typeof t.events.$inferInsert>;
}

function columns(fields: EventFields, times: EventTimes) {
  return {
    ...fieldColumns(fields),
    allDay: times.allDay,
    startLocal: times.startLocal,
    endLocal: times.endLocal,
    startDate: times.startDate,
    endDate: times.endDate,
    startAt: times.startAt,
    endAt: times.endAt,
    searchText: eventSearchText(fields),
  } as Omit<typeof t.events.$inferInsert, 'id' | 'sequence' | 'createdAt' | 'updatedAt'>;
}
