export { DatabaseUnavailable } from '../errors.js';

// SQLite's answers when it will not take a write while reads may go on: a read-only or immutable
// file (READONLY, PERM, CANTOPEN), a disk that fails or is full (IOERR, FULL), another process
// holding the write lock past busy_timeout (BUSY, LOCKED)
const REFUSED = /^SQLITE_(READONLY|PERM|CANTOPEN|IOERR|FULL|BUSY|LOCKED|PROTOCOL)/;

/** The driver's error behind what drizzle wraps (its cause), when it has an SQLite code. */
function sqliteError(error: unknown): { code: string; message: string } | undefined {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return { code: e.code, message: String(e.message) };
  }
  return undefined;
}

/** SQLite's code and message ("SQLITE_BUSY: database is locked"): for a log or /ready, never with a query's parameters. */
export function describeSqliteError(error: unknown): string {
  const found = sqliteError(error);
  return found ? `${found.code}: ${found.message}` : (error as Error).message;
}

/** True when the database refused to write (or, for IOERR, to read) rather than the request being wrong. */
export function isWriteRefused(error: unknown): boolean {
  return REFUSED.test(sqliteError(error)?.code ?? '');
}
