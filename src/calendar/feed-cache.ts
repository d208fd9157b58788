import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A rendered feed, ready to send: a request costs a map lookup, never a render. */
export interface RenderedFeed {
  /** the cache key it was rendered for */
  key: string;
  body: Buffer;
  gzip: Buffer;
  /** made on the first request that asks for it (FeedCache.brotli) */
  br?: Buffer;
  /** strong validator of the identity body, quoted */
  etag: string;
  /** HTTP date, second precision */
  lastModified: string;
  lastModifiedMs: number;
  /** rendered again from this instant even without a change (a withdrawn event's cancellation runs out) */
  validUntilMs?: number | undefined;
}

export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Besides its bytes, what an entry costs: the object, its key, the answers prepared for it (routes/feeds.ts). */
const ENTRY_OVERHEAD = 2048;
/** Past this many, the ETag and Last-Modified remembered of feeds no longer kept go, the oldest first. */
const SERVED_LIMIT = 4096;

const costOf = (feed: RenderedFeed) => feed.body.length + feed.gzip.length + (feed.br?.length ?? 0) + 2 * feed.key.length + ENTRY_OVERHEAD;

/**
 * Rendered feeds by key. Any change of the data empties it; each feed is rendered again on its
 * next request, so a feed is rendered once per change of its data, not once per request.
 *
 * Bounded in bytes: the bodies, their gzip and brotli copies and a fixed overhead per entry stay
 * within `maxBytes`, the feed used longest ago going first, so requests for ever new combinations
 * of filters cannot grow the process. A single feed larger than the whole budget is still kept,
 * alone: it is needed in memory to be sent anyway, and rendering it on every request would cost
 * far more.
 *
 * Last-Modified is the newest change among the feed's events, or the moment of the change that
 * made the feed's bytes differ, whichever is later: an event leaving a feed changes the feed
 * although no event in it is newer.
 */
export class FeedCache {
  /** least recently used first */
  private readonly feeds = new Map<string, RenderedFeed>();
  /** ETag and Last-Modified each feed was last served with, kept across invalidations (a bounded count) */
  private readonly served = new Map<string, { etag: string; lastModifiedMs: number }>();
  private lastInvalidationMs = 0;
  private newest: RenderedFeed | undefined;
  /** what the kept feeds cost, as `maxBytes` counts it */
  bytes = 0;
  /** grows with every invalidation: what was worked out from the data before is stale */
  generation = 0;

  constructor(readonly maxBytes = 32 * 1024 * 1024) {}

  /** how many rendered feeds are kept */
  get entries(): number {
    return this.feeds.size;
  }

  /** how many feeds' ETag and Last-Modified are remembered */
  get remembered(): number {
    return this.served.size;
  }

  get(key: string, render: () => { text: string; newestChangeMs: number; validUntilMs?: number | undefined }, nowMs = 0): RenderedFeed {
    const cached = this.feeds.get(key);
    if (cached && !(cached.validUntilMs !== undefined && nowMs >= cached.validUntilMs)) {
      // the most recently used last; a feed asked for again and again costs no reordering
      if (cached !== this.newest) {
        this.feeds.delete(key);
        this.feeds.set(key, cached);
        this.newest = cached;
      }
      return cached;
    }
    const { text, newestChangeMs, validUntilMs } = render();
    const body = Buffer.from(text, 'utf8');
    const etag = etagOf(body);
    const before = this.served.get(key);
    let lastModifiedMs = Math.floor(newestChangeMs / 1000) * 1000;
    if (before && before.etag !== etag)
      lastModifiedMs = Math.max(lastModifiedMs, before.lastModifiedMs, Math.floor(this.lastInvalidationMs / 1000) * 1000);
    if (before && before.etag === etag) lastModifiedMs = before.lastModifiedMs;
    const feed: RenderedFeed = {
      key,
      body,
      gzip: gzipSync(body, { level: 9 }),
      etag,
      lastModified: new Date(lastModifiedMs).toUTCString(),
      lastModifiedMs,
      validUntilMs,
    };
    if (cached) this.drop(cached);
    this.feeds.set(key, feed);
    this.newest = feed;
    this.bytes += costOf(feed);
    this.evict();
    this.served.delete(key);
    this.served.set(key, { etag, lastModifiedMs });
    if (this.served.size > SERVED_LIMIT) this.served.delete(this.served.keys().next().value!);
    return feed;
  }

  /** The brotli copy of a feed, made on first use and counted in the cache's bytes while the feed is kept. */
  brotli(feed: RenderedFeed): Buffer {
    if (!feed.br) {
      feed.br = brotliCompressSync(feed.body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: feed.body.length },
      });
      if (this.feeds.get(feed.key) === feed) {
        this.bytes += feed.br.length;
        this.evict();
      }
    }
    return feed.br;
  }

  invalidate(atMs: number): void {
    this.feeds.clear();
    this.bytes = 0;
    this.newest = undefined;
    this.generation++;
    this.lastInvalidationMs = atMs;
  }

  /** Drops the feeds used longest ago until the rest fit, keeping at least the newest. */
  private evict(): void {
    for (const oldest of this.feeds.values()) {
      if (this.bytes <= this.maxBytes || oldest === this.newest) break;
      this.drop(oldest);
    }
  }

  private drop(feed: RenderedFeed): void {
    this.feeds.delete(feed.key);
    this.bytes -= costOf(feed);
  }
}
