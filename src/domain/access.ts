import { TSB } from './vocabulary.js';

/**
 * Who may do what: every access rule of the service, in one place. The services ask these
 * functions; routes, pages and the command line never decide access themselves.
 */

/** Who asks for a change: an office (or TSB) through one of its tokens, or the command line. */
export interface Actor {
  office: string;
  /** the token (a bearer token, or the one a page session was opened with); null for the command line */
  tokenId: string | null;
}

/** The command line holds the database: TSB's rights, and no token of its own. */
export const OPERATOR: Actor = { office: TSB, tokenId: null };

/** An office may act on what it organizes (its events, its tokens and links); TSB on everything. */
export function mayManage(office: string, organizer: string): boolean {
  return office === TSB || office === organizer;
}

/**
 * What only TSB may do, as it operates the whole service: the reminder outbox, the whole audit
 * log, the health of every event, the metrics, the corrections of public holidays, and the
 * reference data (groups, partners, offices' contacts, languages and working weeks).
 */
export type Operation = 'outbox' | 'audit-log' | 'event-health' | 'metrics' | 'holidays' | 'reference';

export function mayOperate(actor: Pick<Actor, 'office'> | undefined, _operation: Operation): boolean {
  return actor?.office === TSB;
}

/** Whether a reader sees ITU staff's view (internal events, e-mail addresses): any office token or session. */
export const isStaff = (actor: Actor | undefined): boolean => actor !== undefined;
