import type { ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../config.js';
import { FAILURE_KINDS, sendingFailure, type DispatchOutcome, type FailureKind } from '../mail/dispatcher.js';
import type { Outbox, OutboxHealth } from '../store/outbox.js';

/**
 * The service's Prometheus metrics, one registry per app (tests build many). Labels are
 * statuses, outcomes and route templates only: never a title, an address, an id or a token.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly dispatched: Counter<'outcome'>;
  private readonly sendFailures: Counter<'kind'>;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route'>;
  /** children of the feed fast path, per status: a feed answer is a few microseconds and must stay so */
  private readonly feedChildren = new Map<number, Counter.Internal>();
  private readonly feedDuration: Histogram.Internal<'method' | 'route'>;
  private snapshot: OutboxHealth | null = null;
  private readonly renderFailures: Counter;
  private readonly planFailures: Counter;
  private readonly writesRefused: Counter;
  private readonly usesUncounted: Counter;

  constructor(outbox: Outbox, clock: Clock, feedCache?: { readonly bytes: number; readonly entries: number }) {
    const registers = [this.registry];
    const read = () => (this.snapshot ??= outbox.health(clock()));
    new Gauge({
      name: 'reminders_outbox',
      help: 'Reminders in the outbox, by status',
      labelNames: ['status'],
      registers,
      collect() {
        for (const [status, n] of Object.entries(read().byStatus)) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'reminders_due',
      help: 'Reminders due and not yet sent (pending and due, or held by an expired lease)',
      registers,
      collect() {
        this.set(read().due);
      },
    });
    new Gauge({
      name: 'reminders_oldest_due_age_seconds',
      help: 'How long the oldest due, unsent reminder has been due (0 when none is)',
      registers,
      collect() {
        const oldest = read().oldestDueAt;
        this.set(oldest ? Math.max(0, (clock().getTime() - Date.parse(oldest)) / 1000) : 0);
      },
    });
    new Gauge({
      name: 'reminders_last_sent_timestamp_seconds',
      help: 'When a reminder was last sent successfully, by any process (0: never)',
      registers,
      collect() {
        const last = read().lastSentAt;
        this.set(last ? Date.parse(last) / 1000 : 0);
      },
    });
    new Gauge({
      name: 'reminders_sending_paused',
      help: '1 while sending is paused after a mail configuration error',
      registers,
      collect() {
        this.set(read().pause ? 1 : 0);
      },
    });
    new Gauge({
      name: 'reminders_sending_failing',
      help: '1 while every attempt to send of the last 15 minutes failed, in any process on the database (what /ready answers 503 for)',
      registers,
      collect() {
        this.set(sendingFailure(read().recent) ? 1 : 0);
      },
    });
    this.dispatched = new Counter({
      name: 'reminders_dispatched_total',
      help: 'Reminders handled by this process, by outcome (sent, retrying, failed, skipped, lease_lost)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['sent', 'retrying', 'failed', 'skipped', 'lease_lost']) this.dispatched.inc({ outcome }, 0);
    this.sendFailures = new Counter({
      name: 'reminder_send_failures_total',
      help: 'Failed attempts to send a reminder in this process, by kind: render (the message could not be built), transient, permanent, configuration, exception (thrown while sending: an unwritable mail folder, a full disk, a bug)',
      labelNames: ['kind'],
      registers,
    });
    for (const kind of FAILURE_KINDS) this.sendFailures.inc({ kind }, 0);
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method and route template',
      labelNames: ['method', 'route'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    this.feedDuration = this.durations.labels('GET', '/feeds/*');
    this.planFailures = new Counter({
      name: 'reminder_plan_failures_total',
      help: 'Events whose reminders could not be planned when all were planned (the log has their ids; GET /api/health/events lists them)',
      registers,
    });
    if (feedCache) {
      new Gauge({
        name: 'feed_cache_bytes',
        help: 'Bytes the rendered feeds kept in memory take (bodies, gzip and brotli copies, a fixed overhead each); FEED_CACHE_MB bounds it',
        registers,
        collect() {
          this.set(feedCache.bytes);
        },
      });
      new Gauge({
        name: 'feed_cache_entries',
        help: 'Rendered feeds kept in memory',
        registers,
        collect() {
          this.set(feedCache.entries);
        },
      });
    }
    this.writesRefused = new Counter({
      name: 'database_writes_refused_total',
      help: 'Changes and sign-ins answered 503 because the database refused the write (read-only, full, locked)',
      registers,
    });
    this.usesUncounted = new Counter({
      name: 'feed_link_uses_uncounted_total',
      help: 'Private feed link uses served but not counted, the database refusing the write',
      registers,
    });
    this.renderFailures = new Counter({
      name: 'feed_render_failures_total',
      help: 'Events left out of a feed rendering because they could not be rendered (the log has their ids)',
      registers,
    });
  }

  /** The exposition text; the outbox gauges share one reading of the database per scrape. */
  async text(): Promise<string> {
    this.snapshot = null;
    try {
      return await this.registry.metrics();
    } finally {
      this.snapshot = null;
    }
  }

  /** An event left out of a feed because it could not be rendered. */
  renderFailure(): void {
    this.renderFailures.inc();
  }

  /** A change or sign-in the database refused to write. */
  writeRefused(): void {
    this.writesRefused.inc();
  }

  /** A private feed link's use served without being counted. */
  useUncounted(): void {
    this.usesUncounted.inc();
  }

  /** An event whose reminders could not be planned with the others. */
  planFailure(): void {
    this.planFailures.inc();
  }

  dispatch = (outcome: DispatchOutcome, failure?: FailureKind): void => {
    this.dispatched.inc({ outcome });
    if (failure) this.sendFailures.inc({ kind: failure });
  };

  /** A feed answered ahead of Fastify (FeedServer.handle). */
  feed(res: ServerResponse, startedAt: bigint): void {
    let child = this.feedChildren.get(res.statusCode);
    if (!child) {
      child = this.requests.labels('GET', '/feeds/*', String(res.statusCode));
      this.feedChildren.set(res.statusCode, child);
    }
    child.inc();
    this.feedDuration.observe(Number(process.hrtime.bigint() - startedAt) / 1e9);
  }

  /** One answered request, under its route template (unmatched: 'unmatched'). */
  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.durations.observe({ method, route }, seconds);
  }
}
