import { TSB } from './vocabulary.js';

/** Who asks for a change: an office (or TSB) through one of its tokens, or the command line. */
export interface Actor {
  office: string;
  /** the token (a bearer token, or the one a page session was opened with); null for the command line */
  tokenId: string | null;
}

/** An office may act on what it organizes; TSB on everything. */
export function mayManage(office: string, organizer: string): boolean {
  return office === TSB || office === organizer;
}
