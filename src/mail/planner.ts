import type { Clock, MailConfig } from '../config.js';
import type { CalendarEvent } from '../domain/event.js';
import { occurrencesOf } from '../domain/recurrence.js';
import { outboxKey, planReminders, unplannedReason, type PlanInput } from '../domain/reminders.js';
import type { EventStore } from '../store/events.js';
import type { Outbox } from '../store/outbox.js';
import type { ReferenceData } from '../domain/reference.js';
import { TSB } from '../domain/vocabulary.js';

/** Keeps the outbox in line with the events: called after every change, and once at start. */
export interface PlannerOptions {
  outbox: Outbox;
  events: EventStore;
  reference: ReferenceData;
  mail: Pick<MailConfig, 'tsbFocalPoint' | 'planningHorizonMs'>;
  clock: Clock;
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
  private readonly onPlanned: () => void;
  private readonly onPlanFailure: (event: string, error: unknown) => void;

  constructor(options: PlannerOptions) {
    this.outbox = options.outbox;
    this.events = options.events;
    this.reference = options.reference;
    this.mail = options.mail;
    this.clock = options.clock;
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
    return {
      event,
      occurrences: occurrencesOf(event),
      organizer: office.emails.map((address) => ({ address, zone: office.timeZone })),
      others: [{ address: this.mail.tsbFocalPoint, zone: tsb.timeZone }, ...event.notify.map((address) => ({ address, zone: event.timeZone }))],
      organizerZone: office.timeZone,
      hasCounts: event.attendance !== null,
    };
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
