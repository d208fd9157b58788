import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliOf, type FeedCache, type RenderedFeed } from '../calendar/feed-cache.js';
import { combinedFeed, FEED_DIMENSIONS, feedCatalog, QUERY_PARAM, singleFeed, type FeedDimension, type FeedSpec } from '../calendar/feeds.js';
import type { RenderContext } from '../calendar/render.js';
import { feedLink, renderFeed } from '../services/feeds.js';
import { HttpProblem } from '../http-problem.js';
import type { EventStore } from '../store/events.js';
import type { FeedTokenStore } from '../store/feed-tokens.js';
import type { Reference } from '../store/reference.js';

export interface FeedDeps {
  events: EventStore;
  reference: Reference;
  cache: FeedCache;
  context: RenderContext;
  /** true when another process changed the database since the last call */
  changedElsewhere: () => boolean;
  now: () => number;
  /** the private feed links: a live one opens the internal events too */
  feedTokens: FeedTokenStore;
  /**
   * A use of a link that could not be counted (the database refused the write: the feed is served
   * all the same); `error` is set for an attempt that failed, absent for one skipped while the
   * last failure is recent.
   */
  onUseUncounted?: (error?: unknown) => void;
}

/** After a use count fails, the next ones are not tried for this long: a locked database would make each wait 5 s. */
export const USE_COUNT_RETRY_MS = 30_000;

/** One answer for a private link that is unknown, mistyped or revoked alike: it says nothing about which. */
const NO_PRIVATE_FEED = 'No feed at this address: the link is unknown or was revoked';

type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts (q=0 refuses one). */
export function negotiate(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name!, q ? Number(q[1]) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** Each encoding is its own representation, with its own strong ETag. */
const etagFor = (feed: RenderedFeed, encoding: Encoding) => (encoding === 'identity' ? feed.etag : `${feed.etag.slice(0, -1)}-${encoding}"`);

type RequestHeaders = Record<string, string | string[] | undefined>;
const header = (headers: RequestHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

function notModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, feed: RenderedFeed, etag: string): boolean {
  if (ifNoneMatch !== undefined) {
    // what a client that got this representation sends back: no parsing needed
    if (ifNoneMatch === etag) return true;
    if (ifNoneMatch.trim() === '*') return true;
    const base = feed.etag.slice(1, -1);
    return ifNoneMatch.split(',').some((tag) => {
      const value = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
      return value === base || value === `${base}-gzip` || value === `${base}-br`;
    });
  }
  if (ifModifiedSince === undefined) return false;
  const sinceMs = Date.parse(ifModifiedSince);
  return !Number.isNaN(sinceMs) && feed.lastModifiedMs <= sinceMs;
}

/** An HTTP answer, independent of the server that writes it. */
export interface FeedAnswer {
  status: number;
  headers: Record<string, string>;
  /** the same headers as a flat [name, value, …] list, which node's writeHead takes without copying */
  headerList: string[];
  /** null for a 304, which has no body and so no Content-Length */
  body: Buffer | null;
}

function prepare(status: number, plain: Record<string, string>, body: Buffer | null): FeedAnswer {
  // made once per rendering, so the fast path pays nothing for them
  const headers = { ...plain, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  return { status, headers, headerList: Object.entries(headers).flat(), body };
}

/** The 200 and 304 answers of one representation of a feed, made once per rendering. */
function answersFor(feed: RenderedFeed, encoding: Encoding): { ok: FeedAnswer; notModified: FeedAnswer } {
  const common = {
    'content-type': 'text/calendar; charset=utf-8',
    'cache-control': 'public, no-cache',
    vary: 'Accept-Encoding',
    etag: etagFor(feed, encoding),
    'last-modified': feed.lastModified,
  };
  const body = encoding === 'identity' ? feed.body : encoding === 'gzip' ? feed.gzip : brotliOf(feed);
  const encoded = encoding === 'identity' ? common : { ...common, 'content-encoding': encoding };
  return {
    ok: prepare(200, { ...encoded, 'content-length': String(body.length) }, body),
    notModified: prepare(304, common, null),
  };
}

const notFoundAnswer = (message: string): FeedAnswer => {
  const body = Buffer.from(`${message}\n`, 'utf8');
  return prepare(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length) }, body);
};

/** Which feed a path and query ask for: its spec, or the 404 message. */
function feedFor(reference: Reference, path: string, query: URLSearchParams): FeedSpec | string {
  if (path === '/feeds/all.ics') {
    const selection: Partial<Record<FeedDimension, string[]>> = {};
    for (const dimension of FEED_DIMENSIONS) {
      const values = query.getAll(QUERY_PARAM[dimension]).join(',').split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length) selection[dimension] = values;
    }
    const result = combinedFeed(reference, selection);
    return 'unknown' in result ? `Unknown ${QUERY_PARAM[result.unknown.dimension]} '${result.unknown.id}'` : result.feed;
  }
  const match = /^\/feeds\/([^/]+)\/([^/]+)\.ics$/.exec(path);
  if (!match || !(FEED_DIMENSIONS as readonly string[]).includes(match[1]!)) return `No feed at ${path}`;
  const dimension = match[1] as FeedDimension;
  const id = decodeURIComponent(match[2]!);
  return singleFeed(reference, dimension, id) ?? `Unknown ${QUERY_PARAM[dimension]} '${id}'`;
}

function parseFeedUrl(reference: Reference, url: string): FeedSpec | FeedAnswer {
  const parsed = new URL(url, 'http://feeds.invalid');
  try {
    const spec = feedFor(reference, parsed.pathname, parsed.searchParams);
    return typeof spec === 'string' ? notFoundAnswer(spec) : spec;
  } catch {
    // a percent-escape that decodes to no character: refused as Fastify refuses it on any route
    throw new HttpProblem(400, `'${parsed.pathname}' is not a valid url component`, 'path');
  }
}

/** Past this many entries a memo starts afresh: URLs and headers come from clients, memory must not grow with them. */
const MEMO_LIMIT = 1000;

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/**
 * Answers requests for feeds. A warm request costs a few map lookups: what a URL asks for, which
 * encoding an Accept-Encoding picks and the prepared answers of a rendering are each worked out
 * once. Shared by the Fastify route and the listening server's own fast path (see buildApp), so
 * both give the same answers.
 */
export class FeedResponder {
  /** URL → feed spec or 404 answer; reference data is fixed for the life of the process */
  private readonly urls = new Map<string, FeedSpec | FeedAnswer>();
  private readonly encodings = new Map<string, Encoding>();
  private readonly answers = new WeakMap<RenderedFeed, Partial<Record<Encoding, ReturnType<typeof answersFor>>>>();

  constructor(private readonly deps: FeedDeps) {}

  answer(url: string, headers: RequestHeaders): FeedAnswer {
    if (url.startsWith('/feeds/private/')) return this.answerPrivate(url, headers);
    const target = this.urls.get(url) ?? remember(this.urls, url, parseFeedUrl(this.deps.reference, url));
    if ('status' in target) return target;
    return this.serve(target.key, () => renderFeed(target, this.deps), headers);
  }

  /**
   * `/feeds/private/<secret>/…`: the same feeds and filters as the public ones, internal events
   * included, for a live link. Never memoized by URL: the secret stays out of every map.
   */
  private answerPrivate(url: string, headers: RequestHeaders): FeedAnswer {
    const match = /^\/feeds\/private\/([^/?]+)(\/[^?]*)(\?.*)?$/.exec(url);
    const link = match ? this.deps.feedTokens.find(match[1]!) : undefined;
    if (!link) return (this.noPrivateFeed ??= notFoundAnswer(NO_PRIVATE_FEED));
    this.countUse(link.id);
    const target = parseFeedUrl(this.deps.reference, `/feeds${match![2]}${match![3] ?? ''}`);
    if ('status' in target) return target;
    // what ITU staff see is the same for every link: one rendering serves them all
    return this.serve(`staff:${target.key}`, () => renderFeed(target, this.deps, 'staff'), headers);
  }

  private noPrivateFeed: FeedAnswer | undefined;
  private countingResumesAt = -Infinity;

  /** Best effort: the count is for the office's list of its links; serving the feed matters more. */
  private countUse(id: string): void {
    const now = this.deps.now();
    if (now < this.countingResumesAt) return this.deps.onUseUncounted?.();
    try {
      this.deps.feedTokens.countUse(id, new Date(now).toISOString());
    } catch (error) {
      this.countingResumesAt = now + USE_COUNT_RETRY_MS;
      this.deps.onUseUncounted?.(error);
    }
  }

  private serve(key: string, render: () => ReturnType<typeof renderFeed>, headers: RequestHeaders): FeedAnswer {
    if (this.deps.changedElsewhere()) this.deps.cache.invalidate(this.deps.now());
    const feed = this.deps.cache.get(key, render, this.deps.now());
    const accept = header(headers, 'accept-encoding') ?? '';
    const encoding = this.encodings.get(accept) ?? remember(this.encodings, accept, negotiate(accept));
    let prepared = this.answers.get(feed);
    if (!prepared) this.answers.set(feed, (prepared = {}));
    const answers = (prepared[encoding] ??= answersFor(feed, encoding));
    return notModified(header(headers, 'if-none-match'), header(headers, 'if-modified-since'), feed, answers.ok.headers.etag!) ? answers.notModified : answers.ok;
  }

  /**
   * For node's request event, ahead of Fastify: answers GET and HEAD under /feeds/ and returns
   * true, or returns false and leaves the request to Fastify (other methods, and anything that
   * throws, so Fastify's error handling reports it).
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url;
    if (url === undefined || !url.startsWith('/feeds/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    let answer: FeedAnswer;
    try {
      answer = this.answer(url, req.headers);
    } catch {
      return false;
    }
    res.writeHead(answer.status, answer.headerList);
    // node sends no body for HEAD whatever end() is given
    res.end(answer.body ?? undefined);
    return true;
  }
}

const FeedLink = Type.Object({
  title: Type.String(),
  description: Type.String(),
  path: Type.String({ description: 'path of the feed under the service, and of the file in a static export' }),
  url: Type.String({ description: 'the feed over http(s), from PUBLIC_BASE_URL' }),
  webcal: Type.String({ description: 'the same feed as webcal://, which opens the calendar app' }),
});

export function feedRoutes(app: FastifyInstance, deps: FeedDeps, responder: FeedResponder): void {
  app.get('/feeds/*', { schema: { hide: true } }, async (request, reply) => {
    const answer = responder.answer(request.url, request.headers);
    return reply.code(answer.status).headers(answer.headers).send(answer.body ?? undefined);
  });

  app.get(
    '/api/feeds',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Every feed with its subscription links; /feeds/all.ics also takes region, group, office and kind filters',
        response: { 200: Type.Array(FeedLink) },
      },
    },
    async () => feedCatalog(deps.reference).map((spec) => feedLink(spec, deps.context.publicBaseUrl)),
  );
}
