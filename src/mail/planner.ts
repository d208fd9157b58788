import type { Clock, MailConfig } from '../config.js';
import type { CalendarEvent } from '../domain/event.js';
import { occurrencesOf } from '../domain/recurrence.js';
import { DateTime, Duration } from 'luxon';
import type { HolidayCalendar } from '../domain/holidays.js';
import { DEFAULT_REMINDERS, FOLLOW_UP_INTERVAL_DAYS, FOLLOW_UPS, outboxKey, planReminders, unplannedReason, type PlanInput } from '../domain/reminders.js';
import type { WorkWeek } from '../domain/working-days.js';
import type { Occurrence } from '../domain/recurrence.js';
import type { EventStore } from '../store/events.js';
import type { Outbox } from '../store/outbox.js';
import type { Office, ReferenceData } from '../domain/reference.js';
import { TSB } from '../domain/vocabulary.js';

/** Keeps the outbox in line with the events: called after every change, and once at start. */
export interface PlannerOptions {
  outbox: Outbox;
  events: EventStore;
  reference: ReferenceData;
  mail: Pick<MailConfig, 'tsbFocalPoint' | 'planningHorizonMs'>;
  clock: Clock;
  /**
   * the public holidays (TSB's corrections applied): follow-ups and reminders counted in days fall
   * on the recipient office's working days; without it, only its working week is kept
   */
  holidays?: HolidayCalendar;
  /** told after each planning, so an in-service dispatcher can wake for a reminder due sooner */
  onPlanned?: () => void;
  /** told of each event planAll could not plan (the metrics count them) */
  onPlanFailure?: (event: string, error: unknown) => void;
}

export class ReminderPlanner {
  private readonly outbox: Outbox;
  private readonly events: EventStore;
  private readonly reference: ReferenceData;
  private readonly mail: PlannerOptions['mail'];
  private readonly clock: Clock;
  private readonly holidays: HolidayCalendar | undefined;
  private readonly onPlanned: () => void;
  private readonly onPlanFailure: (event: string, error: unknown) => void;

  constructor(options: PlannerOptions) {
    this.outbox = options.outbox;
    this.events = options.events;
    this.reference = options.reference;
    this.mail = options.mail;
    this.clock = options.clock;
    this.holidays = options.holidays;
    this.onPlanned = options.onPlanned ?? (() => {});
    this.onPlanFailure = options.onPlanFailure ?? (() => {});
  }

  planEvent(event: CalendarEvent): void {
    this.plan(event);
    this.onPlanned();
  }

  /**
   * Plans every event, each on its own: one that cannot be planned is reported with its id and
   * the others are planned all the same, so one bad row never stops a start or a cron run.
   */
  planAll(): { failed: { event: string; error: unknown }[] } {
    const failed: { event: string; error: unknown }[] = [];
    const horizon = this.horizon();
    for (const event of this.events.all({})) {
      try {
        this.plan(event, horizon);
      } catch (error) {
        failed.push({ event: event.id, error });
        this.onPlanFailure(event.id, error);
      }
    }
    this.outbox.setPlannedThrough(horizon);
    this.onPlanned();
    return { failed };
  }

  /**
   * Plans every event again when the horizon has moved on by more than a day (or a tenth of it)
   * since the last planning by any process; the dispatcher calls this before each batch, so a
   * reminder enters the outbox long before it is due. Returns whether it planned.
   */
  extendHorizon(): { planned: boolean; failed: { event: string; error: unknown }[] } {
    const step = Math.min(86_400_000, this.mail.planningHorizonMs / 10);
    const through = Date.parse(this.outbox.plannedThrough() ?? '') || 0;
    if (Date.parse(this.horizon()) - through < step) return { planned: false, failed: [] };
    return { planned: true, ...this.planAll() };
  }

  /** Why the reminders of an event cannot be planned, found without writing anything; undefined when they can. */
  problem(event: CalendarEvent): string | undefined {
    try {
      const seen = new Set<string>();
      for (const plan of planReminders(this.input(event))) {
        // the outbox keeps one reminder per occurrence date, rule and recipient
        const key = outboxKey(plan);
        if (seen.has(key)) return `two occurrences fall on ${plan.occurrence}, and reminders are kept per occurrence date`;
        seen.add(key);
      }
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  private input(event: CalendarEvent): PlanInput {
    const office = this.reference.officesById.get(event.office);
    const tsb = this.reference.officesById.get(TSB)!;
    if (!office) throw new Error(`its office '${event.office}' is not a known office`);
    const occurrences = occurrencesOf(event);
    const period = planningPeriod(event, occurrences);
    const organizerWeek = this.weekOf(office, period);
    const tsbWeek = this.weekOf(tsb, period);
    return {
      event,
      occurrences,
      organizer: office.emails.map((address) => ({ address, zone: office.timeZone, week: organizerWeek })),
      // an extra address is nobody's office the service knows: its reminders keep calendar days
      others: [
        { address: this.mail.tsbFocalPoint, zone: tsb.timeZone, week: tsbWeek },
        ...event.notify.map((address) => ({ address, zone: event.timeZone })),
      ],
      organizerZone: office.timeZone,
      organizerWeek,
      hasCounts: event.attendance !== null,
    };
  }

  /** An office's working week and its country's public holidays over the days its reminders may fall on. */
  private weekOf(office: Office, period: { from: string; to: string }): WorkWeek {
    const holidays =
      this.holidays && office.countryCode
        ? new Set(this.holidays.between(office.countryCode, period.from, period.to).map((h) => h.date))
        : new Set<string>();
    return { workingDays: office.workingDays, holidays };
  }

  private horizon(): string {
    return new Date(this.clock().getTime() + this.mail.planningHorizonMs).toISOString();
  }

  private plan(event: CalendarEvent, horizon = this.horizon()): void {
    const now = this.clock().toISOString();
    if (event.status === 'cancelled') {
      this.outbox.replan(event.id, [], now, horizon, () => 'the event was cancelled');
      this.outbox.queueCancellation(event.id, event.startsAt, now);
      return;
    }
    const input = this.input(event);
    this.outbox.replan(event.id, planReminders(input), now, horizon, (row) => unplannedReason(row, input));
  }
}

/**
 * The days an event's reminders and follow-ups may fall on: from its longest reminder before its
 * first occurrence to its last follow-up after its last one, with room for days off moving them.
 */
function planningPeriod(event: CalendarEvent, occurrences: Occurrence[]): { from: string; to: string } {
  const offsets = event.reminders ?? DEFAULT_REMINDERS[event.kind];
  const longest = Math.max(0, ...offsets.map((o) => Duration.fromISO(o).shiftTo('days').days || 0));
  const starts = occurrences.map((o) => o.start.slice(0, 10)).sort();
  const ends = occurrences.map((o) => o.end.slice(0, 10)).sort();
  const first = starts[0] ?? event.start.slice(0, 10);
  const last = ends.at(-1) ?? event.end.slice(0, 10);
  const slack = 30;
  return {
    from: DateTime.fromISO(first, { zone: 'utc' }).minus({ days: Math.ceil(longest) + slack }).toISODate()!,
    to: DateTime.fromISO(last, { zone: 'utc' }).plus({ days: FOLLOW_UPS * FOLLOW_UP_INTERVAL_DAYS + slack }).toISODate()!,
  };
}
