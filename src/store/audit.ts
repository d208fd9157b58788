import { and, asc, eq, gte, lt, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { AuditEntry } from '../domain/shapes.js';
import type { Db } from './database.js';

export type AuditRecord = Omit<AuditEntry, 'id'>;

const toEntry = (r: typeof t.audit.$inferSelect): AuditEntry => ({
  id: r.id,
  at: r.at,
  action: r.action as AuditEntry['action'],
  event: r.eventId,
  subject: r.subject,
  office: r.officeId,
  token: r.tokenId,
  changes: r.changes,
});

/** The audit log: rows are added by the services inside the transaction of the change, and never altered. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  /** Must run inside the change's write transaction. */
  record(entry: AuditRecord): void {
    this.db
      .insert(t.audit)
      .values({
        at: entry.at,
        action: entry.action,
        eventId: entry.event,
        subject: entry.subject,
        officeId: entry.office,
        tokenId: entry.token,
        changes: entry.changes,
      })
      .run();
  }

  /** An event's changes, oldest first. */
  forEvent(eventId: string): AuditEntry[] {
    return this.db.select().from(t.audit).where(eq(t.audit.eventId, eventId)).orderBy(asc(t.audit.id)).all().map(toEntry);
  }

  /** Changes made from `from` (inclusive) to `to` (exclusive), ISO instants, by one office if given; oldest first, at most `limit`. */
  list(filter: { from?: string | undefined; to?: string | undefined; office?: string | undefined }, limit: number): AuditEntry[] {
    const conditions: SQL[] = [];
    if (filter.from) conditions.push(gte(t.audit.at, filter.from));
    if (filter.to) conditions.push(lt(t.audit.at, filter.to));
    if (filter.office) conditions.push(eq(t.audit.officeId, filter.office));
    return this.db
      .select()
      .from(t.audit)
      .where(and(...conditions))
      .orderBy(asc(t.audit.id))
      .limit(limit)
      .all()
      .map(toEntry);
  }
}
