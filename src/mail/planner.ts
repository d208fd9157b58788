import type { Clock, MailConfig } from '../config.js';
import type { CalendarEvent } from '../domain/event.js';
import { occurrencesOf } from '../domain/recurrence.js';
import { planReminders } from '../domain/reminders.js';
import type { EventStore } from '../store/events.js';
import type { Outbox } from '../store/outbox.js';
import type { Reference } from '../store/reference.js';
import { TSB } from '../plugins/auth.js';

/** Keeps the outbox in line with the events: called after every change, and once at start. */
export class ReminderPlanner {
  constructor(
    private readonly outbox: Outbox,
    private readonly events: EventStore,
    private readonly reference: Reference,
    private readonly mail: Pick<MailConfig, 'tsbFocalPoint'>,
    private readonly clock: Clock,
  ) {}

  planEvent(event: CalendarEvent): void {
    const now = this.clock();
    if (event.status === 'cancelled') {
      this.outbox.replan(event.id, [], now.toISOString(), 'the event was cancelled');
      this.outbox.queueCancellation(event.id, event.startsAt, now.toISOString());
      return;
    }
    const office = this.reference.officesById.get(event.office)!;
    const tsb = this.reference.officesById.get(TSB)!;
    const planned = planReminders({
      event,
      occurrences: occurrencesOf(event),
      organizer: office.emails.map((address) => ({ address, zone: office.timeZone })),
      others: [{ address: this.mail.tsbFocalPoint, zone: tsb.timeZone }, ...event.notify.map((address) => ({ address, zone: event.timeZone }))],
      organizerZone: office.timeZone,
      hasCounts: event.attendance !== null,
      now,
    });
    this.outbox.replan(event.id, planned, now.toISOString());
  }

  planAll(): void {
    for (const event of this.events.all({})) this.planEvent(event);
  }
}
