import type { Clock } from '../config.js';
import { mayOperate, type Actor, type Operation } from '../domain/access.js';
import { problem, type ProblemCode } from '../domain/problems.js';
import { forbidden, refusal } from '../http-problem.js';
import type { TokenStore } from '../store/tokens.js';

/**
 * Counts failed token checks per client address. After `limit` failures within `windowMs`
 * the client gets 429 until the oldest failure leaves the window.
 *
 * Bounded, so that addresses which fail once do not pile up: the map is kept in the order of
 * each client's last failed attempt (counted, or refused with 429), so the clients whose failures
 * have all left the window gather at the front. Each failure forgets them from there (each is
 * dropped once, so this costs little per failure on average; one left behind a client that
 * knocked later waits for the next pass or the cap), and beyond `maxClients` drops the client
 * heard from longest ago.
 *
 * Why dropping cannot free a guessing client in a way that matters: a client that keeps trying
 * moves to the back with every attempt, so pushing it out takes `maxClients` other addresses
 * failing between two of its attempts. Whoever has that many addresses already has `limit`
 * tries from each of them, and the fresh `limit` tries the dropped one regains add one address's
 * worth to thousands. (A whole IPv6 range is not held by a per-address limit anyway; what keeps
 * guessing hopeless is that a secret has 256 bits.)
 */
export class FailureLimiter {
  /** client → the times of its failures in the window, oldest first */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly maxClients = 10_000,
  ) {}

  /** how many client addresses are tracked */
  get tracked(): number {
    return this.failures.size;
  }

  /** Seconds until the client may try again, or 0 when it may try now. Called on a failed attempt. */
  retryAfter(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.limit) return 0;
    this.toBack(client, recent);
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.clock().getTime()) / 1000));
  }

  fail(client: string): void {
    const now = this.clock().getTime();
    this.toBack(client, [...this.recent(client), now]);
    this.forgetQuiet(now);
    for (const oldest of this.failures.keys()) {
      if (this.failures.size <= this.maxClients) break;
      this.failures.delete(oldest);
    }
  }

  private recent(client: string): number[] {
    const since = this.clock().getTime() - this.windowMs;
    const recent = (this.failures.get(client) ?? []).filter((at) => at > since);
    if (recent.length) this.failures.set(client, recent);
    else this.failures.delete(client);
    return recent;
  }

  private toBack(client: string, failures: number[]): void {
    this.failures.delete(client);
    this.failures.set(client, failures);
  }

  /** Drops the clients at the front none of whose failures is in the window any more. */
  private forgetQuiet(now: number): void {
    const since = now - this.windowMs;
    for (const [client, failures] of this.failures) {
      if (failures.at(-1)! > since) break;
      this.failures.delete(client);
    }
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_.-]{1,200})$/;

/**
 * Who a request speaks for: bearer tokens checked, failed checks counted per client address (with
 * the failed sign-ins of the pages, see SessionService), and TSB's operations allowed to TSB only.
 */
export class AccessService {
  constructor(private readonly deps: { tokens: TokenStore; limiter: FailureLimiter }) {}

  /** The actor of a write: its bearer token's office, or 401 (429 past the limit of failures). */
  authenticate(authorization: string | undefined, client: string): Actor {
    const match = BEARER.exec(authorization ?? '');
    const token = match ? this.deps.tokens.identify(match[1]!) : undefined;
    // Only failures are limited: a valid token is never refused for failures from its address
    // (behind a proxy, every office shares one). Guessing stays hopeless: a secret has 256 bits.
    if (!token) {
      this.failed(client);
      throw refusal(401, problem('tokenRequired'), { 'www-authenticate': 'Bearer realm="itu-regional-calendar"' });
    }
    return { office: token.office, tokenId: token.id };
  }

  /**
   * The actor of a read, if it has a valid token: reads are public, but internal events and e-mail
   * addresses are for ITU staff only. A read without a token is anonymous; one with a wrong token
   * is answered as anonymous too, but counted with the failed sign-ins (and refused with 429 past
   * their limit), or reads would be a way to try tokens without limit.
   */
  reader(authorization: string | undefined, client: string): Actor | undefined {
    // another scheme (a proxy's Basic credentials) is no attempt at a token
    if (authorization === undefined || !/^bearer\b/i.test(authorization)) return undefined;
    const match = BEARER.exec(authorization);
    const token = match ? this.deps.tokens.identify(match[1]!) : undefined;
    if (!token) {
      this.failed(client);
      return undefined;
    }
    return { office: token.office, tokenId: token.id };
  }

  /** A 403 saying `why` unless the actor may carry out TSB's operation. */
  requireOperation(actor: Actor | undefined, operation: Operation, why: ProblemCode & `${string}TsbOnly`): void {
    if (!mayOperate(actor, operation)) throw forbidden(why);
  }

  /** A 429 once the client's failures reach the limit; otherwise the failure is counted. */
  failed(client: string): void {
    const wait = this.deps.limiter.retryAfter(client);
    if (wait > 0) throw refusal(429, problem('tooManyFailures', { seconds: wait }), { 'retry-after': String(wait) });
    this.deps.limiter.fail(client);
  }
}
