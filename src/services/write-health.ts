import { describeSqliteError, isWriteRefused } from '../store/errors.js';

/** How long a successful probe is trusted: /ready may be asked every second; each probe is a commit. */
export const WRITE_PROBE_MS = 30_000;

/**
 * Whether the database takes writes, for /ready: learnt at once from a change the database refused
 * (the error handlers report it), and from a probe that writes one row, made when /ready asks and
 * the last probe is older than WRITE_PROBE_MS or writes were failing (so recovery shows at once).
 */
export class WriteHealth {
  private probedAt = -Infinity;
  private failure: string | null = null;

  constructor(
    private readonly probe: () => void,
    private readonly now: () => number,
  ) {}

  /** A write the database refused, seen while answering a request. */
  refused(error: unknown): void {
    this.failure = describeSqliteError(error);
  }

  /** Why writes fail, or null while they go through. */
  check(): string | null {
    const now = this.now();
    if (this.failure === null && now - this.probedAt < WRITE_PROBE_MS) return null;
    this.probedAt = now;
    try {
      this.probe();
      this.failure = null;
    } catch (error) {
      if (!isWriteRefused(error)) throw error;
      this.failure = describeSqliteError(error);
    }
    return this.failure;
  }
}
