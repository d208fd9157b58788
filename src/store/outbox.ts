import { createHash, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, lt, lte, max, min, ne, or, sql, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import {
  cancellationNotice,
  definitionOfText,
  outboxKey,
  parseRule,
  type PlannedReminder,
  type ReminderRule,
} from '../domain/reminders.js';
import { writeTransaction, type Db } from './database.js';

export type ReminderRow = typeof t.reminders.$inferSelect;
export type ReminderStatus = ReminderRow['status'];

/**
 * Whether planning owns rows of this rule: moves and skips them, and counts one sent as its
 * recipient reminded of the event. A text no rule formats to counts as planned, so that a
 * planning skips it with its reason instead of leaving it pending for ever.
 */
const isPlanned = (rule: string) => definitionOfText(rule)?.planning !== null;

/** Stable per reminder, so a message sent twice after a crash is recognisably the same message. */
export function messageIdOf(eventId: string, r: { occurrence: string; rule: string; recipient: string }): string {
  const digest = createHash('sha256')
    .update(`${eventId}\u0000${outboxKey(r)}`)
    .digest('base64url')
    .slice(0, 24);
  return `<reminder.${digest}@regional-calendar.itu-t>`;
}

export interface ClaimedReminder extends ReminderRow {
  leaseToken: string;
  /** its rule, read once here from the stored text; undefined for a text no rule of this version formats to */
  parsed: ReminderRule | undefined;
}

/** Sending stopped after a configuration error; kept in the database, so every process sees it. */
export interface PauseState {
  reason: string;
  since: string;
  until: string;
}

/** One attempt to send, as `finish` keeps it. */
export interface SendAttempt {
  outcome: 'sent' | 'retrying' | 'failed';
  error: string | null;
}

/** The attempts to send of a recent window, by every process on the database. */
export interface RecentSends {
  windowMs: number;
  attempts: number;
  /** those that did not end in 'sent' */
  failed: number;
  /** the newest failure's reason */
  lastError: string | null;
  lastFailedAt: string | null;
}

/**
 * How far back /ready, the metrics and `npm run reminders -- status` look at the attempts to send:
 * when every one of them failed, sending is broken, whatever the reason.
 */
export const SEND_WINDOW_MS = 15 * 60_000;

/** Attempts are kept this long: /ready looks back minutes, an operator reading the table a day. */
const ATTEMPTS_KEPT_MS = 24 * 3600_000;

/** The outbox at a glance, for /ready, /metrics and `npm run reminders -- status`. */
export interface OutboxHealth {
  byStatus: Record<ReminderStatus, number>;
  /** pending or sending whose moment has come: not yet sent, though due */
  due: number;
  /** when the oldest of those fell due */
  oldestDueAt: string | null;
  /** the next moment something falls due, if nothing is due now */
  nextDueAt: string | null;
  lastSentAt: string | null;
  pause: PauseState | null;
  /** the attempts to send of the last SEND_WINDOW_MS */
  recent: RecentSends;
}

const PAUSE_KEY = 'dispatch_pause';
/** how far ahead every event's reminders were last planned (an ISO instant) */
const PLANNED_THROUGH_KEY = 'reminders_planned_through';
const STATUSES: ReminderStatus[] = ['pending', 'sending', 'sent', 'failed', 'skipped'];

/**
 * The outbox of reminders. Planning is idempotent (the unique key event/occurrence/rule/
 * recipient); claims are leases, so only the current holder may record an outcome.
 */
export class Outbox {
  constructor(private readonly db: Db) {}

  /**
   * Brings the reminders of an event in line with a fresh plan (every reminder the event should
   * have, past moments included):
   * - a reminder planned for the first time is added, unless its moment has already passed or
   *   lies beyond `horizon` (a later planning adds it, when the horizon has moved on);
   * - a pending one whose moment is unchanged stays as it is, even when due: whether a due,
   *   unsent reminder still goes late is the dispatcher's decision, never planning's (a cron run
   *   or a restart plans first, then sends);
   * - a pending one whose moment moved follows it, or is skipped when the new moment has passed;
   * - a pending one no longer planned is skipped with `reasonFor`'s account of what changed;
   * - a skipped one planned again with its moment ahead comes back (an occurrence un-skipped).
   * What was sent, failed or is being sent stays as it is, so planning again never sends again.
   */
  replan(eventId: string, planned: PlannedReminder[], now: string, horizon: string, reasonFor: (row: ReminderRow) => string): void {
    writeTransaction(this.db, () => {
      const existing = new Map(
        this.db
          .select()
          .from(t.reminders)
          .where(eq(t.reminders.eventId, eventId))
          .all()
          .map((r) => [outboxKey(r), r]),
      );
      const wanted = new Set<string>();
      const skip = (row: ReminderRow, why: string) =>
        this.db.update(t.reminders).set({ status: 'skipped', lastError: why, updatedAt: now }).where(eq(t.reminders.id, row.id)).run();
      for (const plan of planned) {
        const key = outboxKey(plan);
        wanted.add(key);
        const row = existing.get(key);
        const ahead = plan.dueAt > now;
        if (!row) {
          if (!ahead || plan.dueAt > horizon) continue;
          this.db
            .insert(t.reminders)
            .values({
              eventId,
              ...plan,
              status: 'pending',
              nextAttemptAt: plan.dueAt,
              messageId: messageIdOf(eventId, plan),
              createdAt: now,
              updatedAt: now,
            })
            .run();
          continue;
        }
        if (!isPlanned(row.rule)) continue;
        const moved = row.dueAt !== plan.dueAt || row.occursAt !== plan.occursAt;
        if (row.status === 'pending' && moved && !ahead) {
          skip(row, 'the event moved, and its new reminder time had already passed');
        } else if ((row.status === 'pending' && moved) || (row.status === 'skipped' && ahead)) {
          this.db
            .update(t.reminders)
            .set({
              status: 'pending',
              dueAt: plan.dueAt,
              occursAt: plan.occursAt,
              nextAttemptAt: plan.dueAt,
              recipientZone: plan.recipientZone,
              lastError: null,
              updatedAt: now,
            })
            .where(eq(t.reminders.id, row.id))
            .run();
        }
      }
      for (const [key, row] of existing) {
        if (!wanted.has(key) && row.status === 'pending' && isPlanned(row.rule)) skip(row, reasonFor(row));
      }
    });
  }

  /** Queues one cancellation notice for every address already reminded of the event. */
  /** The addresses already sent a reminder of the event: those a cancellation notice goes to (queueCancellation). */
  remindedRecipients(eventId: string): string[] {
    const sent = this.db
      .select({ recipient: t.reminders.recipient, rule: t.reminders.rule })
      .from(t.reminders)
      .where(and(eq(t.reminders.eventId, eventId), eq(t.reminders.status, 'sent')))
      .all();
    const byAddress = new Map(sent.filter((r) => isPlanned(r.rule)).map((r) => [r.recipient.toLowerCase(), r.recipient]));
    return [...byAddress.values()];
  }

  queueCancellation(eventId: string, occursAt: string, now: string): number {
    return writeTransaction(this.db, () => {
      const reminded = this.db
        .select()
        .from(t.reminders)
        .where(and(eq(t.reminders.eventId, eventId), eq(t.reminders.status, 'sent')))
        .all();
      const byAddress = new Map(reminded.filter((r) => isPlanned(r.rule)).map((r) => [r.recipient.toLowerCase(), r]));
      let queued = 0;
      for (const r of byAddress.values()) {
        const plan = cancellationNotice(r.recipient);
        const result = this.db
          .insert(t.reminders)
          .values({
            eventId,
            ...plan,
            recipientZone: r.recipientZone,
            dueAt: now,
            occursAt,
            status: 'pending',
            nextAttemptAt: now,
            messageId: messageIdOf(eventId, plan),
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .run();
        queued += result.changes;
      }
      return queued;
    });
  }

  /**
   * Claims up to `limit` due reminders in one immediate transaction: pending ones whose time has
   * come, and ones whose sender's lease ran out (a crashed or stalled dispatcher).
   */
  claim(now: Date, leaseMs: number, limit: number): ClaimedReminder[] {
    const nowIso = now.toISOString();
    return writeTransaction(this.db, () => {
      const due = this.db
        .select()
        .from(t.reminders)
        .where(
          or(
            and(eq(t.reminders.status, 'pending'), lte(t.reminders.nextAttemptAt, nowIso)),
            and(eq(t.reminders.status, 'sending'), lte(t.reminders.leaseUntil, nowIso)),
          ),
        )
        .orderBy(asc(t.reminders.nextAttemptAt), asc(t.reminders.id))
        .limit(limit)
        .all();
      const claimed: ClaimedReminder[] = [];
      for (const row of due) {
        const leaseToken = randomUUID();
        const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
        this.db
          .update(t.reminders)
          .set({ status: 'sending', leaseToken, leaseUntil, attempts: row.attempts + 1, updatedAt: nowIso })
          .where(eq(t.reminders.id, row.id))
          .run();
        claimed.push({ ...row, status: 'sending', leaseToken, leaseUntil, attempts: row.attempts + 1, parsed: parseRule(row.rule) });
      }
      return claimed;
    });
  }

  /**
   * Extends a lease that is still ours while its message is being sent, so a slow but living
   * send is never taken over; false when another dispatcher holds the row now.
   */
  renew(row: ClaimedReminder, now: Date, leaseMs: number): boolean {
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const result = this.db
      .update(t.reminders)
      .set({ leaseUntil })
      .where(and(eq(t.reminders.id, row.id), eq(t.reminders.leaseToken, row.leaseToken), eq(t.reminders.status, 'sending')))
      .run();
    return result.changes === 1;
  }

  /** The earliest moment at which a claim could find something: a pending row's time or an expiring lease. */
  nextDueAt(): string | null {
    const pending =
      this.db
        .select({ at: min(t.reminders.nextAttemptAt) })
        .from(t.reminders)
        .where(eq(t.reminders.status, 'pending'))
        .get()?.at ?? null;
    const lease =
      this.db
        .select({ at: min(t.reminders.leaseUntil) })
        .from(t.reminders)
        .where(eq(t.reminders.status, 'sending'))
        .get()?.at ?? null;
    if (pending === null) return lease;
    if (lease === null) return pending;
    return pending < lease ? pending : lease;
  }

  health(now: Date, sendWindowMs = SEND_WINDOW_MS): OutboxHealth {
    const nowIso = now.toISOString();
    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ReminderStatus, number>;
    for (const row of this.db.select({ status: t.reminders.status, n: count() }).from(t.reminders).groupBy(t.reminders.status).all())
      byStatus[row.status] = row.n;
    // due and not yet sent, whether waiting for a retry or being sent: the backlog an operator watches
    const dueWhere = and(inArray(t.reminders.status, ['pending', 'sending']), lte(t.reminders.dueAt, nowIso));
    const due = this.db
      .select({ n: count(), oldest: min(t.reminders.dueAt) })
      .from(t.reminders)
      .where(dueWhere)
      .get();
    const lastSentAt =
      this.db
        .select({ at: max(t.reminders.sentAt) })
        .from(t.reminders)
        .where(eq(t.reminders.status, 'sent'))
        .get()?.at ?? null;
    const next = this.nextDueAt();
    return {
      byStatus,
      due: due?.n ?? 0,
      oldestDueAt: due?.n ? (due.oldest ?? null) : null,
      nextDueAt: next !== null && next > nowIso ? next : null,
      lastSentAt,
      pause: this.pause(now),
      recent: this.recentSends(now, sendWindowMs),
    };
  }

  /** How far ahead all events were last planned, by any process; null before the first planning. */
  plannedThrough(): string | null {
    return this.db.select().from(t.meta).where(eq(t.meta.key, PLANNED_THROUGH_KEY)).get()?.value ?? null;
  }

  setPlannedThrough(horizon: string): void {
    this.db
      .insert(t.meta)
      .values({ key: PLANNED_THROUGH_KEY, value: horizon })
      .onConflictDoUpdate({ target: t.meta.key, set: { value: horizon } })
      .run();
  }

  /** The pause in force now, if any (one that has run out is no pause). */
  pause(now: Date): PauseState | null {
    const row = this.db.select().from(t.meta).where(eq(t.meta.key, PAUSE_KEY)).get();
    if (!row) return null;
    const pause = JSON.parse(row.value) as PauseState;
    return Date.parse(pause.until) > now.getTime() ? pause : null;
  }

  setPause(pause: PauseState | null): void {
    if (pause === null) {
      this.db.delete(t.meta).where(eq(t.meta.key, PAUSE_KEY)).run();
      return;
    }
    const value = JSON.stringify(pause);
    this.db.insert(t.meta).values({ key: PAUSE_KEY, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } }).run();
  }

  /** A closer reminder for the same occurrence and address that is also due makes this one redundant. */
  supersededBy(row: ReminderRow, now: Date): ReminderRow | undefined {
    const kinds = definitionOfText(row.rule)?.supersededBy ?? [];
    if (kinds.length === 0) return undefined;
    // a rule's text has parameters, so its kind is read in here rather than matched in SQL
    return this.db
      .select()
      .from(t.reminders)
      .where(
        and(
          eq(t.reminders.eventId, row.eventId),
          eq(t.reminders.occurrence, row.occurrence),
          eq(t.reminders.recipient, row.recipient),
          inArray(t.reminders.status, ['pending', 'sending', 'sent']),
          lte(t.reminders.dueAt, now.toISOString()),
          gt(t.reminders.dueAt, row.dueAt),
        ),
      )
      .all()
      .find((closer) => kinds.some((kind) => kind === parseRule(closer.rule)?.kind));
  }

  /**
   * Records an outcome, only if the lease is still ours; returns whether it was. An `attempt` (a
   * message built and handed to the mailer, whatever came of it) is kept beside it, in the same
   * transaction, for `recentSends`, until `pruneAttempts`.
   */
  finish(
    row: ClaimedReminder,
    change: Partial<Pick<ReminderRow, 'status' | 'lastError' | 'sentAt' | 'nextAttemptAt' | 'attempts'>>,
    now: Date,
    attempt?: SendAttempt,
  ): boolean {
    const nowIso = now.toISOString();
    return writeTransaction(this.db, () => {
      const result = this.db
        .update(t.reminders)
        .set({ ...change, leaseToken: null, leaseUntil: null, updatedAt: nowIso })
        .where(and(eq(t.reminders.id, row.id), eq(t.reminders.leaseToken, row.leaseToken)))
        .run();
      if (result.changes !== 1) return false;
      if (attempt)
        this.db.insert(t.sendAttempts).values({ reminderId: row.id, at: nowIso, outcome: attempt.outcome, error: attempt.error }).run();
      return true;
    });
  }

  /** Forgets the attempts older than a day; run once a batch, not once a message. */
  pruneAttempts(now: Date): void {
    this.db
      .delete(t.sendAttempts)
      .where(lt(t.sendAttempts.at, new Date(now.getTime() - ATTEMPTS_KEPT_MS).toISOString()))
      .run();
  }

  /** The attempts to send of the last `windowMs`, by every process on the database. */
  recentSends(now: Date, windowMs: number): RecentSends {
    const since = new Date(now.getTime() - windowMs).toISOString();
    const inWindow = and(gt(t.sendAttempts.at, since), lte(t.sendAttempts.at, now.toISOString()));
    const totals = this.db
      .select({ attempts: count(), sent: sql<number>`coalesce(sum(${t.sendAttempts.outcome} = 'sent'), 0)` })
      .from(t.sendAttempts)
      .where(inWindow)
      .get();
    const last = this.db
      .select({ at: t.sendAttempts.at, error: t.sendAttempts.error })
      .from(t.sendAttempts)
      .where(and(inWindow, ne(t.sendAttempts.outcome, 'sent')))
      .orderBy(desc(t.sendAttempts.at), desc(t.sendAttempts.id))
      .limit(1)
      .get();
    const attempts = totals?.attempts ?? 0;
    const sent = Number(totals?.sent ?? 0);
    return { windowMs, attempts, failed: attempts - sent, lastError: last?.error ?? null, lastFailedAt: last?.at ?? null };
  }

  list(filter: { status?: ReminderStatus[]; eventId?: string }, limit: number, offset: number): { items: ReminderRow[]; total: number } {
    const conditions: (SQL | undefined)[] = [];
    if (filter.status?.length) conditions.push(inArray(t.reminders.status, filter.status));
    if (filter.eventId) conditions.push(eq(t.reminders.eventId, filter.eventId));
    const where = and(...conditions);
    const items = this.db
      .select()
      .from(t.reminders)
      .where(where)
      .orderBy(desc(t.reminders.dueAt), desc(t.reminders.id))
      .limit(limit)
      .offset(offset)
      .all();
    const total = this.db.select({ n: count() }).from(t.reminders).where(where).get()?.n ?? 0;
    return { items, total };
  }

  get(id: number): ReminderRow | undefined {
    return this.db.select().from(t.reminders).where(eq(t.reminders.id, id)).get();
  }

  /** Puts a failed reminder back in the queue, due now, with a fresh count of attempts. */
  retry(id: number, now: Date): ReminderRow | undefined {
    const result = this.db
      .update(t.reminders)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now.toISOString(), lastError: null, updatedAt: now.toISOString() })
      .where(and(eq(t.reminders.id, id), eq(t.reminders.status, 'failed')))
      .run();
    return result.changes === 1 ? this.get(id) : undefined;
  }
}
