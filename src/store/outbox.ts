import { createHash, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, like, lte, or, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { PlannedReminder } from '../domain/reminders.js';
import { writeTransaction, type Db } from './database.js';

export type ReminderRow = typeof t.reminders.$inferSelect;
export type ReminderStatus = ReminderRow['status'];

const keyOf = (r: { occurrence: string; rule: string; recipient: string }) => `${r.occurrence}\u0000${r.rule}\u0000${r.recipient.toLowerCase()}`;

/** Stable per reminder, so a message sent twice after a crash is recognisably the same message. */
export function messageIdOf(eventId: string, r: { occurrence: string; rule: string; recipient: string }): string {
  const digest = createHash('sha256').update(`${eventId}\u0000${keyOf(r)}`).digest('base64url').slice(0, 24);
  return `<reminder.${digest}@regional-calendar.itu-t>`;
}

export interface ClaimedReminder extends ReminderRow {
  leaseToken: string;
}

/**
 * The outbox of reminders. Planning is idempotent (the unique key event/occurrence/rule/
 * recipient); claims are leases, so only the current holder may record an outcome.
 */
export class Outbox {
  constructor(private readonly db: Db) {}

  /**
   * Brings the pending reminders of an event in line with a fresh plan: new ones are added,
   * pending ones move to their new time, pending ones no longer planned are skipped. What was
   * sent or failed stays as it is, so planning again never sends again.
   */
  replan(eventId: string, planned: PlannedReminder[], now: string, reason = 'no longer planned: the event changed'): void {
    writeTransaction(this.db, () => {
      const existing = new Map(this.db.select().from(t.reminders).where(eq(t.reminders.eventId, eventId)).all().map((r) => [keyOf(r), r]));
      const wanted = new Set<string>();
      for (const plan of planned) {
        const key = keyOf(plan);
        wanted.add(key);
        const row = existing.get(key);
        if (!row) {
          this.db
            .insert(t.reminders)
            .values({ eventId, ...plan, status: 'pending', nextAttemptAt: plan.dueAt, messageId: messageIdOf(eventId, plan), createdAt: now, updatedAt: now })
            .run();
        } else if ((row.status === 'pending' || row.status === 'skipped') && row.rule !== 'cancellation' && (row.dueAt !== plan.dueAt || row.occursAt !== plan.occursAt || row.status === 'skipped')) {
          // a skipped reminder planned again (an occurrence un-skipped, an event un-cancelled) comes back
          this.db
            .update(t.reminders)
            .set({ status: 'pending', dueAt: plan.dueAt, occursAt: plan.occursAt, nextAttemptAt: plan.dueAt, recipientZone: plan.recipientZone, lastError: null, updatedAt: now })
            .where(eq(t.reminders.id, row.id))
            .run();
        }
      }
      for (const [key, row] of existing) {
        if (!wanted.has(key) && row.status === 'pending' && row.rule !== 'cancellation') {
          this.db.update(t.reminders).set({ status: 'skipped', lastError: reason, updatedAt: now }).where(eq(t.reminders.id, row.id)).run();
        }
      }
    });
  }

  /** Queues one cancellation notice for every address already reminded of the event. */
  queueCancellation(eventId: string, occursAt: string, now: string): number {
    return writeTransaction(this.db, () => {
      const reminded = this.db
        .select()
        .from(t.reminders)
        .where(and(eq(t.reminders.eventId, eventId), eq(t.reminders.status, 'sent')))
        .all();
      const byAddress = new Map(reminded.filter((r) => r.rule !== 'cancellation').map((r) => [r.recipient.toLowerCase(), r]));
      let queued = 0;
      for (const r of byAddress.values()) {
        const plan = { occurrence: '', rule: 'cancellation', recipient: r.recipient };
        const result = this.db
          .insert(t.reminders)
          .values({ eventId, ...plan, recipientZone: r.recipientZone, dueAt: now, occursAt, status: 'pending', nextAttemptAt: now, messageId: messageIdOf(eventId, plan), createdAt: now, updatedAt: now })
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
        claimed.push({ ...row, status: 'sending', leaseToken, leaseUntil, attempts: row.attempts + 1 });
      }
      return claimed;
    });
  }

  /** A closer reminder for the same occurrence and address that is also due makes this one redundant. */
  supersededBy(row: ReminderRow, now: Date): ReminderRow | undefined {
    if (!row.rule.startsWith('before:') && !row.rule.startsWith('follow-up:')) return undefined;
    const family = row.rule.startsWith('before:') ? 'before:%' : 'follow-up:%';
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
          like(t.reminders.rule, family),
        ),
      )
      .limit(1)
      .get();
  }

  /** Records an outcome, only if the lease is still ours; returns whether it was. */
  finish(row: ClaimedReminder, change: Partial<Pick<ReminderRow, 'status' | 'lastError' | 'sentAt' | 'nextAttemptAt' | 'attempts'>>, now: Date): boolean {
    const result = this.db
      .update(t.reminders)
      .set({ ...change, leaseToken: null, leaseUntil: null, updatedAt: now.toISOString() })
      .where(and(eq(t.reminders.id, row.id), eq(t.reminders.leaseToken, row.leaseToken)))
      .run();
    return result.changes === 1;
  }

  list(filter: { status?: ReminderStatus[]; eventId?: string }, limit: number, offset: number): { items: ReminderRow[]; total: number } {
    const conditions: (SQL | undefined)[] = [];
    if (filter.status?.length) conditions.push(inArray(t.reminders.status, filter.status));
    if (filter.eventId) conditions.push(eq(t.reminders.eventId, filter.eventId));
    const where = and(...conditions);
    const items = this.db.select().from(t.reminders).where(where).orderBy(desc(t.reminders.dueAt), desc(t.reminders.id)).limit(limit).offset(offset).all();
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
