import { TSB } from './vocabulary.js';

/** An office may act on what it organizes; TSB on everything. */
export function mayManage(office: string, organizer: string): boolean {
  return office === TSB || office === organizer;
}
