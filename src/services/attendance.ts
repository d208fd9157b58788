import type { Clock } from '../config.js';
import type { Actor } from '../domain/access.js';
import { figuresRefusal, isFieldProblem, missingCounts, recordedFigures } from '../domain/attendance.js';
import { visibleTo, type Audience, type CalendarEvent } from '../domain/event.js';
import { AttendanceInput, FIGURES, type AttendanceFigures } from '../domain/shapes.js';
import { badRequest, notFound, refusal } from '../http-problem.js';
import type { ReminderPlanner } from '../mail/planner.js';
import type { AttendanceRow, AttendanceStore } from '../store/attendance.js';
import { writeTransaction, type Db } from '../store/database.js';
import type { AuditStore } from '../store/audit.js';
import type { EventStore } from '../store/events.js';
import type { ReferenceData } from '../domain/reference.js';
import { checked } from './validate.js';

export interface AttendanceServiceDeps {
  db: Db;
  audit: AuditStore;
  events: EventStore;
  attendance: AttendanceStore;
  reference: ReferenceData;
  planner: ReminderPlanner;
  clock: Clock;
}

/** A registration, with what it changed from the one before. */
export type Registration = AttendanceFigures & { changes: { field: string; from: unknown; to: unknown }[] };

/** Participant figures: registering them, their history, and the events that still owe them. */
export class AttendanceService {
  constructor(private readonly deps: AttendanceServiceDeps) {}

  /**
   * Registers (or corrects) an event's figures once it has started. Figures are in no feed: a
   * registration re-plans the follow-ups (which stop asking) and leaves the feeds be.
   */
  register(actor: Actor, id: string, input: unknown): CalendarEvent {
    const body = checked(AttendanceInput, input);
    return writeTransaction(this.deps.db, () => {
      const event = this.event(id);
      const refused = figuresRefusal(event, actor.office, this.deps.clock());
      if (refused) throw refusal(refused.status, refused.problem);
      const figures = recordedFigures(body);
      if (isFieldProblem(figures)) throw refusal(400, figures);
      const before = this.deps.attendance.history(id).at(-1);
      const now = this.deps.clock().toISOString();
      this.deps.attendance.record(id, figures, actor.office, now);
      const changes = FIGURES.filter((f) => !same(before ? before[f] : null, figures[f])).map((field) => ({
        field,
        from: before ? before[field] : null,
        to: figures[field],
      }));
      this.deps.audit.record({
        at: now,
        action: 'figures.registered',
        event: id,
        subject: null,
        office: actor.office,
        token: actor.tokenId,
        changes,
      });
      const updated = this.event(id);
      this.deps.planner.planEvent(updated);
      return updated;
    });
  }

  /** Whether this office may register the event's figures now (organizer or TSB, started, not cancelled). */
  mayRegister(event: CalendarEvent, office: string): boolean {
    return figuresRefusal(event, office, this.deps.clock()) === undefined;
  }

  /** A refusal (401, 403, 409) unless this office may register the event's figures now. */
  checkMayRegister(event: CalendarEvent, office: string): void {
    const refused = figuresRefusal(event, office, this.deps.clock());
    if (refused) throw refusal(refused.status, refused.problem);
  }

  /** The current figures of an event and every registration, oldest first; a correction keeps what it corrected. */
  figures(id: string, audience: Audience = 'staff'): { event: string; current: AttendanceFigures | null; history: Registration[] } {
    const event = this.event(id);
    if (!visibleTo(event, audience)) throw notFound('noEvent', { id });
    const history = withChanges(this.deps.attendance.history(event.id));
    const last = history.at(-1);
    const current = last ? (({ changes: _changes, ...figures }) => figures)(last) : null;
    return { event: event.id, current, history };
  }

  /** TSB's follow-up list: confirmed events that ended without figures, oldest first. */
  missing(filter: { region?: string | undefined; office?: string | undefined; audience?: Audience } = {}): CalendarEvent[] {
    if (filter.office !== undefined && !this.deps.reference.officesById.has(filter.office))
      throw badRequest('office', 'unknownOffice', { value: filter.office });
    const events = this.deps.events.all({
      regions: filter.region ? [filter.region] : undefined,
      offices: filter.office ? [filter.office] : undefined,
      statuses: ['confirmed'],
      audience: filter.audience ?? 'staff',
    });
    return missingCounts(events, this.deps.clock());
  }

  private event(id: string): CalendarEvent {
    const event = this.deps.events.get(id);
    if (!event) throw notFound('noEvent', { id });
    return event;
  }
}

function withChanges(rows: AttendanceRow[]): Registration[] {
  return rows.map((row, i) => {
    const before = rows[i - 1];
    const figures = {
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
    const changes = FIGURES.filter((f) => !before || !same(before[f], row[f])).map((field) => ({
      field,
      from: before ? before[field] : null,
      to: row[field],
    }));
    return { ...figures, changes };
  });
}

/** Two values of a figure alike: numbers and texts by value, lists of countries by their codes. */
function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join() === b.join() : a === b;
}
