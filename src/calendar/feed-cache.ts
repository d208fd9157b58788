import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A rendered feed, ready to send: a request costs a map lookup, never a render. */
export interface RenderedFeed {
  body: Buffer;
  gzip: Buffer;
  /** made on the first request that asks for it */
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

export function brotliOf(feed: RenderedFeed): Buffer {
  feed.br ??= brotliCompressSync(feed.body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: feed.body.length },
  });
  return feed.br;
}

/**
 * Rendered feeds by key. Any change of the data empties it; each feed is rendered again on its
 * next request, so a feed is rendered once per change of its data, not once per request.
 *
 * Last-Modified is the newest change among the feed's events, or the moment of the change that
 * made the feed's bytes differ, whichever is later: an event leaving a feed changes the feed
 * although no event in it is newer.
 */
export class FeedCache {
  private readonly feeds = new Map<string, RenderedFeed>();
  /** ETag and Last-Modified each feed was last served with, kept across invalidations */
  private readonly served = new Map<string, { etag: string; lastModifiedMs: number }>();
  private lastInvalidationMs = 0;

  /**
   * Combined filters make many possible feeds: past this many, the one rendered longest ago goes,
   * so requests for ever new combinations cannot grow the process without bound.
   */
  constructor(private readonly maxFeeds = 1000) {}

  get(key: string, render: () => { text: string; newestChangeMs: number; validUntilMs?: number | undefined }, nowMs = 0): RenderedFeed {
    const cached = this.feeds.get(key);
    if (cached && !(cached.validUntilMs !== undefined && nowMs >= cached.validUntilMs)) return cached;
    const { text, newestChangeMs, validUntilMs } = render();
    const body = Buffer.from(text, 'utf8');
    const etag = etagOf(body);
    const before = this.served.get(key);
    let lastModifiedMs = Math.floor(newestChangeMs / 1000) * 1000;
    if (before && before.etag !== etag) lastModifiedMs = Math.max(lastModifiedMs, before.lastModifiedMs, Math.floor(this.lastInvalidationMs / 1000) * 1000);
    if (before && before.etag === etag) lastModifiedMs = before.lastModifiedMs;
    const feed: RenderedFeed = {
      body,
      gzip: gzipSync(body, { level: 9 }),
      etag,
      lastModified: new Date(lastModifiedMs).toUTCString(),
      lastModifiedMs,
      validUntilMs,
    };
    for (const map of [this.feeds, this.served]) {
      if (map.size >= this.maxFeeds && !map.has(key)) map.delete(map.keys().next().value!);
    }
    this.feeds.set(key, feed);
    this.served.set(key, { etag, lastModifiedMs });
    return feed;
  }

  invalidate(atMs: number): void {
    this.feeds.clear();
    this.lastInvalidationMs = atMs;
  }
}
