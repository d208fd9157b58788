import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { brotliOf, type FeedCache, type RenderedFeed } from '../calendar/feed-cache.js';
import { combinedFeed, FEED_DIMENSIONS, feedCatalog, QUERY_PARAM, singleFeed, type FeedDimension, type FeedSpec } from '../calendar/feeds.js';
import { renderCalendar, type RenderContext } from '../calendar/render.js';
import type { EventStore } from '../store/events.js';
import type { Reference } from '../store/reference.js';

export interface FeedDeps {
  events: EventStore;
  reference: Reference;
  cache: FeedCache;
  context: RenderContext;
  /** true when another process changed the database since the last call */
  changedElsewhere: () => boolean;
  now: () => number;
}

/** Renders a feed from the store: shared by the routes and the static export, so both give the same bytes. */
export function renderFeed(spec: FeedSpec, deps: Pick<FeedDeps, 'events' | 'context'>): { text: string; newestChangeMs: number } {
  const events = deps.events.all(spec.filter);
  const newestChangeMs = events.reduce((max, e) => Math.max(max, Date.parse(e.updatedAt)), 0);
  return { text: renderCalendar(spec, events, deps.context), newestChangeMs };
}

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

function notModified(headers: RequestHeaders, feed: RenderedFeed): boolean {
  const ifNoneMatch = header(headers, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    const base = feed.etag.slice(1, -1);
    return ifNoneMatch.split(',').some((tag) => {
      const value = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
      return value === base || value === `${base}-gzip` || value === `${base}-br`;
    });
  }
  const since = header(headers, 'if-modified-since');
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  return !Number.isNaN(sinceMs) && feed.lastModifiedMs <= sinceMs;
}

/** An HTTP answer, independent of the server that writes it. */
export interface FeedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

function feedAnswer(headers: RequestHeaders, feed: RenderedFeed): FeedAnswer {
  const encoding = negotiate(header(headers, 'accept-encoding'));
  const common = {
    'content-type': 'text/calendar; charset=utf-8',
    'cache-control': 'public, no-cache',
    vary: 'Accept-Encoding',
    etag: etagFor(feed, encoding),
    'last-modified': feed.lastModified,
  };
  if (notModified(headers, feed)) return { status: 304, headers: common, body: '' };
  if (encoding === 'identity') return { status: 200, headers: common, body: feed.body };
  return { status: 200, headers: { ...common, 'content-encoding': encoding }, body: encoding === 'gzip' ? feed.gzip : brotliOf(feed) };
}

const notFoundAnswer = (message: string): FeedAnswer => ({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${message}\n` });

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

/**
 * Answers a request for a feed from its URL and headers. Shared by the Fastify route and the
 * raw fast path of the listening server (see buildApp), so both give the same answer.
 */
export function answerFeedRequest(deps: FeedDeps, url: string, headers: RequestHeaders): FeedAnswer {
  const parsed = new URL(url, 'http://feeds.invalid');
  let spec: FeedSpec | string;
  try {
    spec = feedFor(deps.reference, parsed.pathname, parsed.searchParams);
  } catch {
    spec = `No feed at ${parsed.pathname}`; // a malformed percent-escape
  }
  if (typeof spec === 'string') return notFoundAnswer(spec);
  if (deps.changedElsewhere()) deps.cache.invalidate(deps.now());
  const feed = deps.cache.get(spec.key, () => renderFeed(spec, deps));
  return feedAnswer(headers, feed);
}

const FeedLink = Type.Object({
  title: Type.String(),
  description: Type.String(),
  path: Type.String({ description: 'path of the feed under the service, and of the file in a static export' }),
  url: Type.String({ description: 'the feed over http(s), from PUBLIC_BASE_URL' }),
  webcal: Type.String({ description: 'the same feed as webcal://, which opens the calendar app' }),
});

export function feedLink(spec: FeedSpec, publicBaseUrl: string) {
  const url = `${publicBaseUrl}/feeds/${spec.key}`;
  return { title: spec.title, description: spec.description, path: `/feeds/${spec.key}`, url, webcal: url.replace(/^https?:/, 'webcal:') };
}

export function feedRoutes(app: FastifyInstance, deps: FeedDeps): void {
  app.get('/feeds/*', { schema: { hide: true } }, async (request, reply) => {
    const answer = answerFeedRequest(deps, request.url, request.headers);
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
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
