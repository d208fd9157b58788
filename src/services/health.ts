import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { RenderContext } from '../calendar/render.js';
import { mayOperate, type Actor } from '../domain/access.js';
import type { ReferenceData } from '../domain/reference.js';
import { forbidden } from '../http-problem.js';
import type { Dispatcher } from '../mail/dispatcher.js';
import type { ReminderPlanner } from '../mail/planner.js';
import { describeSqliteError, isWriteRefused } from '../store/errors.js';
import type { EventStore } from '../store/events.js';
import { eventProblems, type EventProblem } from './event-health.js';
import type { Metrics } from './metrics.js';
import { WriteHealth } from './write-health.js';

export type { EventProblem } from './event-health.js';
export { isWriteRefused, describeSqliteError };

export interface HealthDeps {
  events: EventStore;
  reference: ReferenceData;
  planner: Pick<ReminderPlanner, 'problem'>;
  dispatcher: Pick<Dispatcher, 'paused' | 'failing'>;
  metrics: Metrics;
  context: RenderContext;
  /** a cheap read of the database that throws when it cannot be read */
  readable: () => void;
  /** a one-row write that throws when the database refuses writes */
  writable: () => void;
  now: () => number;
  log: Pick<Logger, 'error'>;
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * What an operator's monitoring asks of the service: whether it can serve, change and send (for
 * /ready), the health of every event and the metrics (TSB's), and what happened when the
 * database refused a write.
 */
export class HealthService {
  private readonly writes: WriteHealth;

  constructor(private readonly deps: HealthDeps) {
    this.writes = new WriteHealth(deps.writable, deps.now);
  }

  /** Why the service is not ready to serve, change and send; null when it is. */
  notReady(): string | null {
    try {
      this.deps.readable();
      const refused = this.writes.check();
      const pause = this.deps.dispatcher.paused;
      if (refused) return `the database refuses writes (${refused}): reads are served, changes and sign-ins are answered 503`;
      if (pause) return `sending reminders is paused until ${pause.until}: ${pause.reason}`;
      return this.deps.dispatcher.failing;
    } catch (error) {
      return `the database cannot be read: ${(error as Error).message}`;
    }
  }

  /** A change or sign-in the database refused: counted, and /ready says so at once. */
  writeRefused(error: unknown): void {
    this.deps.metrics.writeRefused();
    this.writes.refused(error);
  }

  /** A private feed link served without its use counted; `error` for an attempt that failed. */
  useUncounted(error?: unknown): void {
    this.deps.metrics.useUncounted();
    if (error === undefined) return;
    if (isWriteRefused(error)) this.writes.refused(error);
    this.deps.log.error(
      { sqlite: describeSqliteError(error) },
      'a private feed link was used but its use could not be counted: the feed was served; counting is tried again later',
    );
  }

  /** Every event checked now (TSB). */
  eventProblems(actor: Actor): { checked: number; problems: EventProblem[] } {
    if (!mayOperate(actor, 'event-health')) throw forbidden('eventHealthTsbOnly');
    return eventProblems(this.deps);
  }

  /** Whether a bearer secret is the configured metrics token (compared in constant time). */
  isMetricsToken(presented: string | undefined, metricsToken: string | null): boolean {
    return metricsToken !== null && presented !== undefined && sameSecret(presented, metricsToken);
  }

  /** The Prometheus text (METRICS_TOKEN, checked by the caller, or a TSB actor). */
  async metrics(actor: Actor | 'metrics-token'): Promise<{ contentType: string; text: string }> {
    if (actor !== 'metrics-token' && !mayOperate(actor, 'metrics')) throw forbidden('metricsTsbOnly');
    return { contentType: this.deps.metrics.registry.contentType, text: await this.deps.metrics.text() };
  }
}
