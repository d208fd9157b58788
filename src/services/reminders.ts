import type { Clock } from '../config.js';
import { mayManage, mayOperate, type Actor } from '../domain/access.js';
import { conflict, forbidden, notFound } from '../http-problem.js';
import type { Dispatcher } from '../mail/dispatcher.js';
import type { Outbox, OutboxHealth, ReminderRow, ReminderStatus } from '../store/outbox.js';

export type { OutboxHealth, RecentSends, ReminderRow, ReminderStatus } from '../store/outbox.js';

export interface ReminderServiceDeps {
  outbox: Outbox;
  dispatcher: Dispatcher;
  clock: Clock;
}

/** The reminder outbox as TSB operates it: who was reminded of what, a failed one sent again, sending resumed. */
export class ReminderService {
  constructor(private readonly deps: ReminderServiceDeps) {}

  list(actor: Actor, query: { status?: ReminderStatus | undefined; event?: string | undefined; limit: number; offset: number }) {
    this.tsbOnly(actor);
    const { items, total } = this.deps.outbox.list(
      { status: query.status ? [query.status] : undefined, eventId: query.event },
      query.limit,
      query.offset,
    );
    const pause = this.deps.dispatcher.paused;
    return { dispatcher: { paused: pause !== null, reason: pause?.reason ?? null, since: pause?.since ?? null }, items, total };
  }

  /** The outbox at a glance: what /ready, /metrics and `npm run reminders -- status` say. */
  health(actor: Actor): OutboxHealth {
    this.tsbOnly(actor);
    return this.deps.outbox.health(this.deps.clock());
  }

  /** Queues a failed reminder again, due now. */
  retry(actor: Actor, id: number): ReminderRow {
    this.tsbOnly(actor);
    const row = this.deps.outbox.get(id);
    if (!row) throw notFound('noReminder', { id });
    const retried = this.deps.outbox.retry(id, this.deps.clock());
    if (!retried) throw conflict('reminderNotFailed', { id, status: row.status });
    return retried;
  }

  /**
   * Who a cancellation of the event would be mailed to now: every address already sent one of
   * its reminders (the others were told nothing yet, and are told nothing more). For an office
   * that may cancel it.
   */
  remindedOf(actor: Actor, event: { id: string; office: string }): string[] {
    if (!mayManage(actor.office, event.office))
      throw forbidden('eventNotYours', { organizer: event.office, office: actor.office, action: 'cancel' });
    return this.deps.outbox.remindedRecipients(event.id);
  }

  /** Sending goes on after a configuration error was fixed. */
  resume(actor: Actor): void {
    this.tsbOnly(actor);
    this.deps.dispatcher.resume();
  }

  private tsbOnly(actor: Actor): void {
    if (!mayOperate(actor, 'outbox')) throw forbidden('outboxTsbOnly');
  }
}
