import type { Logger } from 'pino';
import type { Clock, MailConfig } from '../config.js';
import { occurrencesOf } from '../domain/recurrence.js';
import { definitionOf, WHOLE_EVENT } from '../domain/reminders.js';
import type { Translator } from '../i18n/index.js';
import type { EventStore } from '../store/events.js';
import { SEND_WINDOW_MS, type ClaimedReminder, type Outbox, type PauseState, type RecentSends, type SendAttempt } from '../store/outbox.js';
import { buildReminderMessage, type MailContext, type ReminderMessage } from './message.js';
import type { Delivery, Mailer } from './transport.js';


/** After a configuration error, sending waits this long before it tries again by itself. */
export const PAUSE_MS = 10 * 60 * 1000;
/** How long a stopping dispatcher lets the message in flight finish before it abandons it. */
export const STOP_GRACE_MS = 5000;

export interface DispatchSummary {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

/** What the metrics count: each outcome, and each time a dispatcher found its lease gone. */
export type DispatchOutcome = keyof DispatchSummary | 'lease_lost';

/**
 * Why an attempt failed, for the metrics: `render` (the message could not be built: it would fail
 * the same way again, so the reminder is failed), `transient` (no answer, a 4xx), `permanent` (a
 * 5xx), `configuration` (login, TLS), `exception` (something threw while sending: a mail folder
 * that cannot be written, a full disk, a bug; retried like a transient failure).
 */
export type FailureKind = 'render' | 'transient' | 'permanent' | 'configuration' | 'exception';
export const FAILURE_KINDS: FailureKind[] = ['render', 'transient', 'permanent', 'configuration', 'exception'];

type DispatchMailConfig = Pick<MailConfig, 'leaseMs' | 'maxAttempts' | 'dispatchIntervalMs' | 'sendTimeoutMs' | 'retryDelaysMs' | 'sendConcurrency'>;

export interface DispatcherOptions {
  outbox: Outbox;
  events: EventStore;
  mailer: Mailer;
  context: MailContext;
  mail: DispatchMailConfig;
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** told of each outcome, with the kind of failure when an attempt failed (the metrics count them) */
  observe?: (outcome: DispatchOutcome, failure?: FailureKind) => void;
  /** the languages a recipient reads, the first first (the office's of its address; else the event's office's) */
  languagesOf?: (recipient: string, eventOffice: string) => readonly Translator[];
  /** run before each batch: moves the planning horizon on, so reminders far ahead enter the outbox in time */
  beforeBatch?: () => void;
}

/** The reason /ready and `npm run reminders -- status` give while every recent attempt to send failed; null otherwise. */
export function sendingFailure(recent: RecentSends): string | null {
  if (recent.attempts === 0 || recent.failed < recent.attempts) return null;
  const minutes = Math.round(recent.windowMs / 60_000);
  const attempts = recent.attempts === 1 ? '1 attempt' : `${recent.attempts} attempts`;
  return `every reminder send in the last ${minutes} minutes failed (${attempts}): ${recent.lastError ?? 'no reason recorded'}`;
}

/** better-sqlite3's errors: the database was busy or broken, which says nothing about the message. */
const isDatabaseError = (error: unknown) => error instanceof Error && (error.name === 'SqliteError' || /^SQLITE_/.test(String((error as { code?: unknown }).code)));

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Why a send was given up before the server answered. */
type Abandoned = 'deadline' | 'lease' | 'shutdown';

/**
 * Sends what the outbox holds when it is due, a few messages at a time over the connections of
 * one pool per batch, until nothing is due. A message's lease is renewed while it is being sent
 * and the send is abandoned when renewal fails, so no second dispatcher ever sends a message that
 * is still being sent; a crash leaves at most the messages in flight unrecorded, and each goes
 * again, with the same Message-ID, once its lease has run out.
 */
export class Dispatcher {
  private running: Promise<DispatchSummary> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private started = false;
  private stopping = false;
  private readonly shutdown = new AbortController();
  private readonly outbox: Outbox;
  private readonly events: EventStore;
  private readonly mailer: Mailer;
  private readonly context: MailContext;
  private readonly mail: DispatchMailConfig;
  private readonly clock: Clock;
  private readonly log: DispatcherOptions['log'];
  private readonly observe: NonNullable<DispatcherOptions['observe']>;
  private readonly beforeBatch: NonNullable<DispatcherOptions['beforeBatch']>;
  private readonly languagesOf: DispatcherOptions['languagesOf'];

  constructor(options: DispatcherOptions) {
    this.outbox = options.outbox;
    this.events = options.events;
    this.mailer = options.mailer;
    this.context = options.context;
    this.mail = options.mail;
    this.clock = options.clock;
    this.log = options.log;
    this.observe = options.observe ?? (() => {});
    this.beforeBatch = options.beforeBatch ?? (() => {});
    this.languagesOf = options.languagesOf;
  }

  /** Why sending is failing, by any process on the database: every attempt of the last SEND_WINDOW_MS failed. */
  get failing(): string | null {
    return sendingFailure(this.outbox.recentSends(this.clock(), SEND_WINDOW_MS));
  }

  /** The pause in force, whichever process set it (it lives in the database). */
  get paused(): PauseState | null {
    return this.outbox.pause(this.clock());
  }

  resume(): void {
    this.outbox.setPause(null);
    this.wake();
  }

  /** Sends everything due now; a second call while one runs waits for it instead of racing it. */
  runOnce(): Promise<DispatchSummary> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Runs in the service: at once (what fell due while it was down goes now), then whenever the
   * next reminder falls due, and at least every DISPATCH_INTERVAL_SECONDS, which is how rows
   * planned by another process are found.
   */
  start(): void {
    if (this.mail.dispatchIntervalMs === 0 || this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Something was planned: wake earlier if it falls due before the next turn. */
  wake(): void {
    if (this.started && !this.stopping) this.schedule(this.nextDelay());
  }

  /**
   * Stops at a message boundary: no new claim; the message in flight may finish within
   * `graceMs`, after which it is abandoned and put back, due at once, for the next start.
   */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.started = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const running = this.running;
    if (!running) return;
    let grace: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      grace = setTimeout(() => {
        this.shutdown.abort();
        resolve();
      }, graceMs);
    });
    await Promise.race([running, late]);
    clearTimeout(grace);
    await running;
  }

  private schedule(delayMs: number): void {
    const at = this.clock().getTime() + delayMs;
    // an earlier wake-up stands; a later one only replaces a timer that has fired
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.runOnce()
        .catch((error: unknown) => this.log.error({ err: error }, 'reminder dispatch failed'))
        .finally(() => {
          if (this.started && !this.stopping) this.schedule(this.nextDelay());
        });
    }, delayMs);
    this.timer.unref();
  }

  private nextDelay(): number {
    const now = this.clock().getTime();
    const interval = this.mail.dispatchIntervalMs;
    const pause = this.paused;
    const next = pause ? Date.parse(pause.until) : Date.parse(this.outbox.nextDueAt() ?? '') || Infinity;
    // a little slack, so a row planned in the same millisecond is not chased in a tight loop
    return Math.max(20, Math.min(interval, next - now));
  }

  private async run(): Promise<DispatchSummary> {
    const summary: DispatchSummary = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
    this.beforeBatch();
    if (this.paused) return summary;
    let paused = false;
    // each worker claims and sends one message at a time; together they hide the SMTP round trips
    const worker = async () => {
      while (!this.stopping && !paused) {
        const [row] = this.outbox.claim(this.clock(), this.mail.leaseMs, 1);
        if (!row) return;
        const outcome = await this.handle(row);
        summary[outcome]++;
        if (outcome === 'retrying' && this.outbox.pause(this.clock())) paused = true;
      }
    };
    try {
      const results = await Promise.allSettled(Array.from({ length: this.mail.sendConcurrency }, worker));
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) throw failure.reason;
    } finally {
      this.mailer.release();
    }
    if (summary.sent + summary.failed + summary.retrying > 0) {
      this.log.info(summary, 'reminders dispatched');
      try {
        this.outbox.pruneAttempts(this.clock());
      } catch (error) {
        // housekeeping: the next batch tries again
        this.log.warn({ err: error }, 'could not forget the attempts to send older than a day');
      }
    }
    return summary;
  }

  /** Records an outcome; a lease found lost is said and counted, never ignored. */
  private record(row: ClaimedReminder, change: Parameters<Outbox['finish']>[1], at: Date, attempt?: SendAttempt): void {
    if (this.outbox.finish(row, change, at, attempt)) return;
    this.observe('lease_lost');
    this.log.warn({ reminder: row.id, attempt: row.attempts, outcome: change.status }, 'reminder lease lost before its outcome was recorded: another dispatcher holds it');
  }

  /**
   * One claimed reminder, from its claim to its recorded outcome. Whatever throws on the way is
   * an outcome too: the row never waits in 'sending' for its lease to run out.
   */
  private async handle(row: ClaimedReminder): Promise<keyof DispatchSummary> {
    let outcome: keyof DispatchSummary;
    let failure: FailureKind | undefined;
    try {
      ({ outcome, failure } = await this.attempt(row));
    } catch (error) {
      // a database that could not be read or written, or a bug outside the message and the send
      ({ outcome, failure } = this.recordFailure(row, 'exception', `could not send: ${reason(error)}`, error));
    }
    this.observe(outcome, failure);
    return outcome;
  }

  private async attempt(row: ClaimedReminder): Promise<{ outcome: keyof DispatchSummary; failure?: FailureKind }> {
    const now = this.clock();
    const skip = (why: string) => {
      this.record(row, { status: 'skipped', lastError: why }, now);
      return { outcome: 'skipped' as const };
    };
    if (row.attempts > this.mail.maxAttempts) {
      // claimed again and again from expired leases: its sends never came back
      this.record(row, { status: 'failed', lastError: `gave up after ${row.attempts - 1} attempts: ${row.lastError ?? 'no send of it ever finished'}` }, now);
      return { outcome: 'failed' };
    }
    let message: ReminderMessage;
    try {
      const event = this.events.get(row.eventId);
      if (!event) return skip('the event no longer exists');
      const occurrence = occurrencesOf(event).find((o) => row.occurrence === WHOLE_EVENT || o.originalDate === row.occurrence);
      // late only while it makes sense: before the event starts (a follow-up: before the next one)
      if (now.toISOString() >= row.occursAt) return skip('too late: its moment passed while nothing was sent');
      if (!row.parsed) return skip(`its rule '${row.rule}' is not one this service knows`);
      const definition = definitionOf(row.parsed);
      const obsolete = definition.obsolete(event);
      if (obsolete) return skip(obsolete);
      const closer = this.outbox.supersededBy(row, now);
      if (closer) return skip(`superseded by the ${closer.rule} reminder`);
      if (!occurrence) return skip('the occurrence no longer exists');
      const lateMs = now.getTime() - Date.parse(row.dueAt);
      if (lateMs > 1000 && row.attempts === 1) this.log.info({ reminder: row.id, rule: row.rule, lateSeconds: Math.round(lateMs / 1000) }, 'sending a reminder late');
      message = buildReminderMessage({ ...row, rule: row.parsed }, event, occurrence, this.context, this.languagesOf?.(row.recipient, event.office));
    } catch (error) {
      if (isDatabaseError(error)) throw error;
      // the same event gives the same exception next time: retrying cannot help, fixing the event or the service can
      return this.recordFailure(row, 'render', `the message could not be built: ${reason(error)}`, error);
    }
    let sent: { delivery: Delivery; abandoned: Abandoned | null };
    try {
      sent = await this.send(row, message);
    } catch (error) {
      // the file mailer's EEXIST, ENOTDIR, ENOSPC or EACCES, or a bug: someone may fix it, so it is retried
      return this.recordFailure(row, 'exception', `could not send: ${reason(error)}`, error);
    }
    const { delivery, abandoned } = sent;
    const after = this.clock();
    if (abandoned === 'lease') {
      this.observe('lease_lost');
      this.log.warn({ reminder: row.id, attempt: row.attempts }, 'reminder lease lost while sending: the send was abandoned, another dispatcher holds it');
      return { outcome: 'retrying' };
    }
    if (abandoned === 'shutdown') {
      // it may have reached the server; it goes again, with its Message-ID, at the next start
      this.record(row, { status: 'pending', nextAttemptAt: after.toISOString(), lastError: 'interrupted: the dispatcher stopped while sending' }, after);
      return { outcome: 'retrying' };
    }
    return this.settle(row, abandoned === 'deadline' ? { outcome: 'transient', detail: `no answer within ${this.mail.sendTimeoutMs / 1000} s: the send was abandoned` } : delivery, after);
  }

  /**
   * An attempt that threw: a message that cannot be built is failed at once with the reason, and
   * anything else retried like a transient failure. Logged with the reason, and never left
   * unrecorded: if even recording fails, the lease runs out and the row is claimed again.
   */
  private recordFailure(row: ClaimedReminder, kind: 'render' | 'exception', detail: string, error: unknown): { outcome: keyof DispatchSummary; failure: FailureKind } {
    const after = this.clock();
    try {
      if (kind === 'render') {
        this.log.error({ reminder: row.id, event: row.eventId, rule: row.rule, reason: reason(error) }, 'a reminder could not be built: marked failed');
        this.record(row, { status: 'failed', lastError: detail }, after, { outcome: 'failed', error: detail });
        return { outcome: 'failed', failure: kind };
      }
      // the stack too: it may be a bug
      this.log.error({ reminder: row.id, event: row.eventId, rule: row.rule, attempt: row.attempts, reason: reason(error), err: error }, 'sending a reminder threw: it is retried');
      return { outcome: this.retryLater(row, detail, after), failure: kind };
    } catch (recording) {
      this.log.error({ reminder: row.id, reason: detail, err: recording }, 'could not record the failure of a reminder: it goes again once its lease runs out');
      return { outcome: 'retrying', failure: kind };
    }
  }

  /** A transient failure: tried again after the next delay of REMINDER_RETRY_SECONDS, failed after REMINDER_MAX_ATTEMPTS. */
  private retryLater(row: ClaimedReminder, detail: string, after: Date): 'retrying' | 'failed' {
    if (row.attempts >= this.mail.maxAttempts) {
      const lastError = `gave up after ${row.attempts} attempts: ${detail}`;
      this.record(row, { status: 'failed', lastError }, after, { outcome: 'failed', error: lastError });
      this.log.warn({ reminder: row.id, attempts: row.attempts, reason: detail }, 'reminder given up after its last attempt');
      return 'failed';
    }
    const delays = this.mail.retryDelaysMs;
    const delay = delays[Math.min(row.attempts - 1, delays.length - 1)]!;
    this.record(row, { status: 'pending', nextAttemptAt: new Date(after.getTime() + delay).toISOString(), lastError: detail }, after, { outcome: 'retrying', error: detail });
    this.log.warn({ reminder: row.id, attempt: row.attempts, retryInSeconds: delay / 1000, reason: detail }, 'reminder not sent: it is retried');
    return 'retrying';
  }

  /** One send, renewing the lease while it runs, abandoned at the deadline, on a lost lease or at shutdown. */
  private async send(row: ClaimedReminder, message: Parameters<Mailer['deliver']>[0]): Promise<{ delivery: Delivery; abandoned: Abandoned | null }> {
    const controller = new AbortController();
    let abandoned: Abandoned | null = null;
    const abandon = (why: Abandoned) => {
      if (abandoned) return;
      abandoned = why;
      controller.abort();
    };
    const deadline = setTimeout(() => abandon('deadline'), this.mail.sendTimeoutMs);
    const renewal = setInterval(() => {
      try {
        if (!this.outbox.renew(row, this.clock(), this.mail.leaseMs)) abandon('lease');
      } catch (error) {
        // a busy database is not a lost lease: the next renewal tries again, well within the lease
        this.log.warn({ err: error, reminder: row.id }, 'could not renew a reminder lease');
      }
    }, Math.max(1000, Math.floor(this.mail.leaseMs / 3)));
    const onShutdown = () => abandon('shutdown');
    this.shutdown.signal.addEventListener('abort', onShutdown);
    try {
      const delivery = await this.mailer.deliver(message, controller.signal);
      return { delivery, abandoned };
    } finally {
      clearTimeout(deadline);
      clearInterval(renewal);
      this.shutdown.signal.removeEventListener('abort', onShutdown);
    }
  }

  private settle(row: ClaimedReminder, delivery: Delivery, after: Date): { outcome: keyof DispatchSummary; failure?: FailureKind } {
    switch (delivery.outcome) {
      case 'sent':
        this.record(row, { status: 'sent', sentAt: after.toISOString(), lastError: null }, after, { outcome: 'sent', error: null });
        return { outcome: 'sent' };
      case 'permanent':
        this.record(row, { status: 'failed', lastError: delivery.detail }, after, { outcome: 'failed', error: delivery.detail });
        this.log.warn({ reminder: row.id, reply: delivery.detail }, 'reminder refused for good');
        return { outcome: 'failed', failure: 'permanent' };
      case 'configuration': {
        // not this reminder's fault: it keeps its attempts, and sending stops until fixed
        this.record(row, { status: 'pending', attempts: row.attempts - 1, nextAttemptAt: after.toISOString(), lastError: delivery.detail }, after, { outcome: 'retrying', error: delivery.detail });
        this.outbox.setPause({ reason: delivery.detail, since: after.toISOString(), until: new Date(after.getTime() + PAUSE_MS).toISOString() });
        this.log.error({ reason: delivery.detail, target: this.mailer.target }, 'mail configuration error: sending paused');
        return { outcome: 'retrying', failure: 'configuration' };
      }
      case 'transient':
        return { outcome: this.retryLater(row, delivery.detail, after), failure: 'transient' };
    }
  }
}
