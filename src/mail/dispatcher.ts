import type { FastifyBaseLogger } from 'fastify';
import type { RenderContext } from '../calendar/render.js';
import type { Clock, MailConfig } from '../config.js';
import { occurrencesOf } from '../domain/recurrence.js';
import type { EventStore } from '../store/events.js';
import type { ClaimedReminder, Outbox } from '../store/outbox.js';
import { buildReminderMessage } from './message.js';
import type { Mailer } from './transport.js';

/** Waits before the 1st, 2nd, … retry of a transient failure. */
export const RETRY_DELAYS_SECONDS = [60, 300, 900, 3600, 4 * 3600];
/** After a configuration error, sending waits this long before it tries again by itself. */
export const PAUSE_MS = 10 * 60 * 1000;
/** At most this many messages a run, so one run never holds the process for long. */
const MAX_PER_RUN = 200;

export interface DispatchSummary {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

export interface PauseState {
  reason: string;
  since: string;
  until: string;
}

/**
 * Sends what the outbox holds when it is due, one message at a time: a crash can leave at most
 * the one message in flight unrecorded, and it goes again, with the same Message-ID, once its
 * lease has run out.
 */
export class Dispatcher {
  private pause: PauseState | null = null;
  private running: Promise<DispatchSummary> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly outbox: Outbox,
    private readonly events: EventStore,
    private readonly mailer: Mailer,
    private readonly context: RenderContext & { mailFrom: string },
    private readonly mail: Pick<MailConfig, 'leaseMs' | 'maxAttempts' | 'dispatchIntervalMs'>,
    private readonly clock: Clock,
    private readonly log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>,
  ) {}

  get paused(): PauseState | null {
    return this.pause;
  }

  resume(): void {
    this.pause = null;
  }

  /** Sends everything due now; a second call while one runs waits for it instead of racing it. */
  runOnce(): Promise<DispatchSummary> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    if (this.mail.dispatchIntervalMs === 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.runOnce().catch((error: unknown) => this.log.error({ err: error }, 'reminder dispatch failed'));
    }, this.mail.dispatchIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async run(): Promise<DispatchSummary> {
    const summary: DispatchSummary = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
    if (this.pause && this.clock().getTime() < Date.parse(this.pause.until)) return summary;
    for (let i = 0; i < MAX_PER_RUN; i++) {
      const [row] = this.outbox.claim(this.clock(), this.mail.leaseMs, 1);
      if (!row) break;
      const outcome = await this.handle(row);
      summary[outcome]++;
      if (this.pause) break;
    }
    if (summary.sent + summary.failed + summary.retrying > 0) this.log.info(summary, 'reminders dispatched');
    return summary;
  }

  private async handle(row: ClaimedReminder): Promise<keyof DispatchSummary> {
    const now = this.clock();
    const skip = (why: string) => {
      this.outbox.finish(row, { status: 'skipped', lastError: why }, now);
      return 'skipped' as const;
    };
    const event = this.events.get(row.eventId)!;
    const occurrence = occurrencesOf(event).find((o) => row.occurrence === '' || o.originalDate === row.occurrence);
    // late only while it makes sense: before the event starts (a follow-up: before the next one)
    if (now.toISOString() >= row.occursAt) return skip('too late: its moment passed while nothing was sent');
    if (row.rule.startsWith('follow-up:') && event.attendance) return skip('participant counts were registered');
    const closer = this.outbox.supersededBy(row, now);
    if (closer) return skip(`superseded by the ${closer.rule} reminder`);
    if (!occurrence) return skip('the occurrence no longer exists');
    const message = buildReminderMessage(row, event, occurrence, this.context);
    const delivery = await this.mailer.deliver(message);
    const after = this.clock();
    switch (delivery.outcome) {
      case 'sent':
        this.outbox.finish(row, { status: 'sent', sentAt: after.toISOString(), lastError: null }, after);
        return 'sent';
      case 'permanent':
        this.outbox.finish(row, { status: 'failed', lastError: delivery.detail }, after);
        this.log.warn({ reminder: row.id, recipient: row.recipient, reply: delivery.detail }, 'reminder refused for good');
        return 'failed';
      case 'configuration': {
        // not this reminder's fault: it keeps its attempts, and sending stops until fixed
        this.outbox.finish(row, { status: 'pending', attempts: row.attempts - 1, nextAttemptAt: after.toISOString(), lastError: delivery.detail }, after);
        this.pause = { reason: delivery.detail, since: after.toISOString(), until: new Date(after.getTime() + PAUSE_MS).toISOString() };
        this.log.error({ reason: delivery.detail, target: this.mailer.target }, 'mail configuration error: sending paused');
        return 'retrying';
      }
      case 'transient': {
        if (row.attempts >= this.mail.maxAttempts) {
          this.outbox.finish(row, { status: 'failed', lastError: `gave up after ${row.attempts} attempts: ${delivery.detail}` }, after);
          return 'failed';
        }
        const delay = RETRY_DELAYS_SECONDS[Math.min(row.attempts - 1, RETRY_DELAYS_SECONDS.length - 1)]! * 1000;
        this.outbox.finish(row, { status: 'pending', nextAttemptAt: new Date(after.getTime() + delay).toISOString(), lastError: delivery.detail }, after);
        return 'retrying';
      }
    }
  }
}
