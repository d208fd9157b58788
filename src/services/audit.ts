import { DateTime } from 'luxon';
import { mayOperate, type Actor } from '../domain/access.js';
import type { AuditEntry } from '../domain/shapes.js';
import { badRequest, forbidden, notFound } from '../http-problem.js';
import type { AuditStore } from '../store/audit.js';
import type { EventStore } from '../store/events.js';
import type { ReferenceData } from '../domain/reference.js';

/** The most rows one request of the whole log returns: narrow the dates for more. */
export const AUDIT_LIMIT = 5000;

/** "Who changed this event, and when": the audit log, for ITU staff. */
export class AuditService {
  constructor(private readonly deps: { audit: AuditStore; events: EventStore; reference: ReferenceData }) {}

  /** An event's history, oldest first: any office may read it (all ITU staff). */
  history(_actor: Actor, eventId: string): AuditEntry[] {
    if (!this.deps.events.get(eventId)) throw notFound('noEvent', { id: eventId });
    return this.deps.audit.forEvent(eventId);
  }

  /** Every change in the days from..to (UTC, inclusive), by one office if given: TSB only. */
  log(actor: Actor, query: { from?: string | undefined; to?: string | undefined; office?: string | undefined }): AuditEntry[] {
    if (!mayOperate(actor, 'audit-log')) throw forbidden('auditLogTsbOnly');
    if (query.office !== undefined && !this.deps.reference.officesById.has(query.office))
      throw badRequest('office', 'unknownOffice', { value: query.office });
    if (query.from && query.to && query.to < query.from) throw badRequest('to', 'periodBackwards', { from: query.from, to: query.to });
    const from = query.from ? DateTime.fromISO(query.from, { zone: 'utc' }).toISO() : undefined;
    const to = query.to ? DateTime.fromISO(query.to, { zone: 'utc' }).plus({ days: 1 }).toISO() : undefined;
    return this.deps.audit.list({ from: from ?? undefined, to: to ?? undefined, office: query.office }, AUDIT_LIMIT);
  }
}
