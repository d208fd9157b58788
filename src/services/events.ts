import { randomUUID } from 'node:crypto';
import type { FeedCache } from '../calendar/feed-cache.js';
import { prepareZones } from '../calendar/render.js';
import type { Clock } from '../config.js';
import { mayManage, type Actor } from '../domain/access.js';
import {
  anyChange,
  changedFields,
  fieldChanges,
  fieldsOf,
  snapshotOf,
  venueProblem,
  visibleTo,
  withDefaults,
  type Audience,
  type CalendarEvent,
  type EventFields,
  type EventFilter,
} from '../domain/event.js';
import { checkEventFields, isTimeProblem, normalizeFields } from '../domain/event-rules.js';
import { occurrencesOf, type Occurrence } from '../domain/recurrence.js';
import { EventCancel, EventCreate, EventPatch, OccurrenceChange, type FieldChange, type OccurrenceOverride } from '../domain/shapes.js';
import type { AuditAction } from '../domain/vocabulary.js';
import { isIsoDate, touchesDays } from '../domain/time.js';
import { badRequest, forbidden, notFound, refusal } from '../http-problem.js';
import type { ReminderPlanner } from '../mail/planner.js';
import { writeTransaction, type Db } from '../store/database.js';
import type { AuditStore } from '../store/audit.js';
import type { EventStore, Page } from '../store/events.js';
import { pastEvents, type PastEvent } from './timeline.js';
import type { ReferenceData } from '../domain/reference.js';
import { checked } from './validate.js';
import { textProblem } from '../domain/text.js';

export interface EventServiceDeps {
  db: Db;
  audit: AuditStore;
  events: EventStore;
  reference: ReferenceData;
  planner: ReminderPlanner;
  feedCache: FeedCache;
  clock: Clock;
}

/**
 * The writes of events and their occurrences, for the API, the pages and the
 * command line alike. Each operation checks its input against the API's own schema, runs in one
 * immediate write transaction with its side effects (the event and its reminders commit
 * together: a backup or a crash never sees one without the other), and throws an HttpProblem
 * naming the field when it refuses.
 */
export class EventService {
  constructor(private readonly deps: EventServiceDeps) {}

  /** 404 for an unknown id, and for an internal event asked for by the public (the same answer: it does not say it exists). */
  get(id: string, audience: Audience = 'staff'): CalendarEvent {
    const event = this.deps.events.get(id);
    if (!event || !visibleTo(event, audience)) throw notFound('noEvent', { id });
    return event;
  }

  /** A page of the events matching a filter, by start: the API's list, the pages' upcoming view. */
  list(filter: EventFilter, limit: number, offset: number): Page<CalendarEvent> {
    return this.deps.events.list(filter, limit, offset);
  }

  /** Every event matching a filter, by start (a series when one of its occurrences is in the dates). */
  all(filter: EventFilter): CalendarEvent[] {
    return this.deps.events.all(filter);
  }

  /** The matching events over by `today`, most recent first, a page of them (see timeline.ts). */
  past(filter: EventFilter, today: string, limit: number, offset: number): Page<PastEvent> {
    return pastEvents(this.deps.events, filter, today, limit, offset);
  }

  create(actor: Actor, input: unknown): CalendarEvent {
    const body = checked(EventCreate, input);
    const venue = body.venue && venueProblem(body.venue);
    if (venue) throw refusal(400, venue);
    const fields = normalizeFields(withDefaults(body));
    if (!mayManage(actor.office, fields.office)) {
      throw forbidden('createForOther', { office: actor.office });
    }
    const times = this.validated(fields);
    const id = randomUUID();
    return writeTransaction(this.deps.db, () => {
      const now = this.now();
      this.deps.events.insert(id, fields, times, now);
      this.record(actor, now, 'event.created', id, null, fieldChanges(null, fields));
      return this.changed(id);
    });
  }

  /** Any change a calendar shows bumps the sequence; one that changes nothing writes nothing. */
  update(actor: Actor, id: string, input: unknown): CalendarEvent {
    const patch = checked(EventPatch, input);
    return writeTransaction(this.deps.db, () => {
      const current = this.manageable(actor, id, 'change');
      if (patch.office !== undefined && !mayManage(actor.office, patch.office)) throw forbidden('handOverTsbOnly');
      const before = fieldsOf(current);
      const after: EventFields = normalizeFields({
        ...before,
        ...patch,
        groups: [...(patch.groups ?? before.groups)].sort(),
        // a link added to a venue without one makes it online too, unless the change says otherwise
        venue: {
          ...before.venue,
          ...patch.venue,
          virtual: patch.venue?.virtual ?? (patch.venue?.url && !before.venue.url ? true : before.venue.virtual),
        },
      });
      // a changed recurrence rule or zone starts the series afresh: old exceptions no longer apply
      const keepOverrides = after.recurrence === before.recurrence && after.timeZone === before.timeZone && after.start === before.start;
      const times = this.validated(after, keepOverrides ? current.overrides : []);
      if (!anyChange(before, after)) return current;
      const visible = changedFields(before, after).length > 0;
      const now = this.now();
      const sequence = current.sequence + (visible ? 1 : 0);
      // made internal: the public feeds carry it as cancelled for a while, frozen as the public last
      // saw it, so that nothing done to it from now on reaches them; public again: itself again
      const withdrawnAt = after.visibility === before.visibility ? undefined : after.visibility === 'internal' ? now : null;
      this.deps.events.update(id, after, times, sequence, now, withdrawnAt);
      if (withdrawnAt) this.deps.events.withdraw(id, now, snapshotOf(current, sequence));
      else if (withdrawnAt === null) this.deps.events.republish(id);
      if (!keepOverrides) this.deps.events.clearOverrides(id);
      // confirmed again (the undo of a cancellation): the reason no longer holds
      const reasonGone = before.status === 'cancelled' && after.status !== 'cancelled' && current.cancelReason !== null;
      if (reasonGone) this.deps.events.setCancelReason(id, null);
      this.record(actor, now, 'event.changed', id, null, [
        ...fieldChanges(before, after),
        ...(reasonGone ? [{ field: 'cancelReason', from: current.cancelReason, to: null }] : []),
      ]);
      return this.changed(id);
    });
  }

  /**
   * A cancelled event stays in the feeds as CANCELLED, so subscribed calendars drop it. The
   * optional reason is kept with it, for the cancellation notice to say; undone by a change of
   * its status back to confirmed or tentative (update), which forgets the reason.
   */
  cancel(actor: Actor, id: string, input: unknown = {}): CalendarEvent {
    const { reason: typed } = checked(EventCancel, input ?? {});
    const reason = typed?.trim() ? typed.trim() : null;
    if (reason !== null) {
      const problem = textProblem(reason, { multiline: true });
      if (problem) throw refusal(400, { ...problem, field: 'reason' });
    }
    return writeTransaction(this.deps.db, () => {
      const current = this.manageable(actor, id, 'cancel');
      if (current.status === 'cancelled') return current;
      const fields = { ...fieldsOf(current), status: 'cancelled' as const };
      const now = this.now();
      this.deps.events.update(id, fields, this.validated(fields, current.overrides), current.sequence + 1, now);
      this.deps.events.setCancelReason(id, reason);
      this.record(actor, now, 'event.cancelled', id, null, [
        ...fieldChanges(fieldsOf(current), fields),
        ...(reason !== null ? [{ field: 'cancelReason', from: null, to: reason }] : []),
      ]);
      return this.changed(id);
    });
  }

  /** Undoes a move or a skip: the occurrence planned on `date` is as the rule plans it again. Bumps the sequence. */
  restoreOccurrence(actor: Actor, id: string, date: string): Occurrence {
    if (!isIsoDate(date)) throw badRequest('date', 'notADate', { value: date });
    const event = writeTransaction(this.deps.db, () => {
      const event = this.manageable(actor, id, 'change');
      if (event.recurrence === null) throw notFound('notRecurring', { id });
      const was = occurrencesOf(event).find((o) => o.originalDate === date);
      if (!was) throw notFound('noOccurrence', { id, date });
      if (!event.overrides.some((o) => o.originalDate === date)) return event;
      const overrides = event.overrides.filter((o) => o.originalDate !== date);
      const times = this.validated(fieldsOf(event), overrides);
      const now = this.now();
      this.deps.events.removeOverride(id, date);
      this.deps.events.bump(id, event.sequence + 1, times, now);
      const planned = occurrencesOf({ ...event, overrides }).find((o) => o.originalDate === date)!;
      const changes =
        was.status === 'cancelled'
          ? [{ field: 'cancelled', from: true, to: false }]
          : [
              { field: 'start', from: was.start, to: planned.start },
              { field: 'end', from: was.end, to: planned.end },
            ].filter((c) => c.from !== c.to);
      this.record(actor, now, 'occurrence.restored', id, date, changes);
      return this.changed(id);
    });
    return occurrencesOf(event).find((o) => o.originalDate === date)!;
  }

  /** Occurrences touching the local dates from..to of the event's zone (both optional, inclusive). */
  occurrences(id: string, from?: string, to?: string, audience: Audience = 'staff'): Occurrence[] {
    const event = this.get(id, audience);
    return occurrencesOf(event).filter((o) => touchesDays(o, event.allDay, from, to));
  }

  /** Moves or skips the occurrence planned on `date`; either bumps the series' sequence. */
  changeOccurrence(actor: Actor, id: string, date: string, input: unknown): Occurrence {
    const change = checked(OccurrenceChange, input);
    if (change.cancelled && (change.start || change.end)) throw badRequest('cancelled', 'skipOrMove');
    const event = writeTransaction(this.deps.db, () => {
      const event = this.manageable(actor, id, 'change');
      if (event.recurrence === null) throw notFound('notRecurring', { id });
      if (!occurrencesOf(event).some((o) => o.originalDate === date)) throw notFound('noOccurrence', { id, date });
      let override: OccurrenceOverride;
      if (change.cancelled) {
        override = { originalDate: date, cancelled: true, start: null, end: null, startsAt: null, endsAt: null };
      } else {
        if (change.start === undefined) throw badRequest('start', 'moveNeedsTime');
        if (change.end === undefined) throw badRequest('end', 'moveNeedsTime');
        if (isIsoDate(change.start) !== event.allDay) {
          throw badRequest('start', event.allDay ? 'seriesAllDay' : 'seriesTimed');
        }
        const moved = checkEventFields({ ...fieldsOf(event), start: change.start, end: change.end, recurrence: null }, this.deps.reference);
        if (isTimeProblem(moved)) throw refusal(400, moved);
        override = {
          originalDate: date,
          cancelled: false,
          start: moved.startLocal,
          end: moved.endLocal,
          startsAt: moved.startAt,
          endsAt: moved.endAt,
        };
      }
      const overrides = [...event.overrides.filter((o) => o.originalDate !== date), override];
      const times = this.validated(fieldsOf(event), overrides);
      const now = this.now();
      const was = occurrencesOf(event).find((o) => o.originalDate === date)!;
      this.deps.events.setOverride(id, override, now);
      this.deps.events.bump(id, event.sequence + 1, times, now);
      const changes = override.cancelled
        ? [{ field: 'cancelled', from: was.status === 'cancelled', to: true }]
        : [
            { field: 'start', from: was.status === 'cancelled' ? null : was.start, to: override.start },
            { field: 'end', from: was.status === 'cancelled' ? null : was.end, to: override.end },
          ].filter((c) => c.from !== c.to);
      this.record(actor, now, override.cancelled ? 'occurrence.skipped' : 'occurrence.moved', id, date, changes);
      return this.changed(id);
    });
    return occurrencesOf(event).find((o) => o.originalDate === date)!;
  }

  /** The event a write is about, if this actor may act on it: 404 for an unknown id, 403 for another office's. */
  manageable(actor: Actor, id: string, action: 'change' | 'cancel'): CalendarEvent {
    const event = this.get(id);
    if (!mayManage(actor.office, event.office)) throw forbidden('eventNotYours', { organizer: event.office, office: actor.office, action });
    return event;
  }

  /** The change's row in the audit log, in its transaction: who, when, what, from what to what. */
  private record(actor: Actor, at: string, action: AuditAction, event: string, subject: string | null, changes: FieldChange[]): void {
    this.deps.audit.record({ at, action, event, subject, office: actor.office, token: actor.tokenId, changes });
  }

  private validated(fields: EventFields, overrides: CalendarEvent['overrides'] = []) {
    const times = checkEventFields(fields, this.deps.reference, overrides);
    if (isTimeProblem(times)) throw refusal(400, times);
    return times;
  }

  /** What follows every change a calendar may show, inside its transaction. */
  private changed(id: string): CalendarEvent {
    const event = this.get(id);
    // the zone years the feeds need are scanned by the write that brings them, never by a reader
    prepareZones(event);
    this.deps.feedCache.invalidate(this.deps.clock().getTime());
    this.deps.planner.planEvent(event);
    return event;
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }
}
