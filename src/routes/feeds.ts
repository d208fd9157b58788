import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

function notModified(request: FastifyRequest, feed: RenderedFeed): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    const base = feed.etag.slice(1, -1);
    return ifNoneMatch.split(',').some((tag) => {
      const value = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
      return value === base || value === `${base}-gzip` || value === `${base}-br`;
    });
  }
  const since = request.headers['if-modified-since'];
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  return !Number.isNaN(sinceMs) && feed.lastModifiedMs <= sinceMs;
}

function sendFeed(request: FastifyRequest, reply: FastifyReply, feed: RenderedFeed) {
  const encoding = negotiate(request.headers['accept-encoding']);
  reply.headers({
    'content-type': 'text/calendar; charset=utf-8',
    'cache-control': 'public, no-cache',
    vary: 'Accept-Encoding',
    etag: etagFor(feed, encoding),
    'last-modified': feed.lastModified,
  });
  if (notModified(request, feed)) return reply.code(304).send();
  if (encoding === 'identity') return reply.send(feed.body);
  reply.header('content-encoding', encoding);
  return reply.send(encoding === 'gzip' ? feed.gzip : brotliOf(feed));
}

function plainNotFound(reply: FastifyReply, message: string) {
  return reply.code(404).type('text/plain; charset=utf-8').send(`${message}\n`);
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
  const serve = (request: FastifyRequest, reply: FastifyReply, spec: FeedSpec) => {
    if (deps.changedElsewhere()) deps.cache.invalidate(deps.now());
    return sendFeed(request, reply, deps.cache.get(spec.key, () => renderFeed(spec, deps)));
  };

  app.get('/feeds/all.ics', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, string | string[] | undefined>;
    const selection: Partial<Record<FeedDimension, string[]>> = {};
    for (const dimension of FEED_DIMENSIONS) {
      const raw = query[QUERY_PARAM[dimension]];
      const values = (Array.isArray(raw) ? raw.join(',') : raw ?? '').split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length) selection[dimension] = values;
    }
    const result = combinedFeed(deps.reference, selection);
    if ('unknown' in result) return plainNotFound(reply, `Unknown ${QUERY_PARAM[result.unknown.dimension]} '${result.unknown.id}'`);
    return serve(request, reply, result.feed);
  });

  app.get('/feeds/:dimension/:file', { schema: { hide: true } }, async (request, reply) => {
    const { dimension, file } = request.params as { dimension: string; file: string };
    if (!(FEED_DIMENSIONS as readonly string[]).includes(dimension) || !file.endsWith('.ics')) {
      return plainNotFound(reply, `No feed at ${request.url.split('?')[0]}`);
    }
    const id = file.slice(0, -'.ics'.length);
    const spec = singleFeed(deps.reference, dimension as FeedDimension, id);
    if (!spec) return plainNotFound(reply, `Unknown ${QUERY_PARAM[dimension as FeedDimension]} '${id}'`);
    return serve(request, reply, spec);
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
