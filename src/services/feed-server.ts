import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedCache, RenderedFeed } from '../calendar/feed-cache.js';
import {
  allFeed,
  combinedFeed,
  FEED_DIMENSIONS,
  privateFeed,
  QUERY_PARAM,
  singleFeed,
  type FeedDimension,
  type FeedSpec,
  type FeedValues,
} from '../calendar/feeds.js';
import type { RenderContext } from '../calendar/render.js';
import type { Audience } from '../domain/event.js';
import { fieldProblem, problem, type Problem } from '../domain/problems.js';
import type { ReferenceData } from '../domain/reference.js';
import { BASE_HEADERS } from '../http-headers.js';
import { englishProblem, HttpProblem } from '../http-problem.js';
import { isLocale, translatorFor, type Translator } from '../i18n/index.js';
import type { EventStore } from '../store/events.js';
import { feedValues, renderFeed } from './feeds.js';
import { UNKNOWN_VALUE } from './filters.js';
import type { TokenService } from './tokens.js';

export interface FeedDeps {
  events: EventStore;
  reference: ReferenceData;
  /** the language of the feeds' names and texts */
  t: Translator;
  cache: FeedCache;
  context: RenderContext;
  /** true when another process changed the database since the last call */
  changedElsewhere: () => boolean;
  now: () => number;
  /** the private feed links: a live one opens the internal events too */
  tokens: Pick<TokenService, 'findFeedLink' | 'countFeedLinkUse'>;
  /**
   * A use of a link that could not be counted (the database refused the write: the feed is served
   * all the same); `error` is set for an attempt that failed, absent for one skipped while the
   * last failure is recent.
   */
  onUseUncounted?: (error?: unknown) => void;
}

/** After a use count fails, the next ones are not tried for this long: a locked database would make each wait 5 s. */
export const USE_COUNT_RETRY_MS = 30_000;

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
const etagFor = (feed: RenderedFeed, encoding: Encoding) =>
  encoding === 'identity' ? feed.etag : `${feed.etag.slice(0, -1)}-${encoding}"`;

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
  const headers = { ...plain, ...BASE_HEADERS };
  return { status, headers, headerList: Object.entries(headers).flat(), body };
}

/**
 * The 200 and 304 answers of one representation of a feed, made once per rendering. A private
 * link's feed holds internal events and their join links: no shared cache may keep it.
 */
function answersFor(
  feed: RenderedFeed,
  encoding: Encoding,
  audience: Audience,
  cache: FeedCache,
): { ok: FeedAnswer; notModified: FeedAnswer } {
  const common = {
    'content-type': 'text/calendar; charset=utf-8',
    'cache-control': audience === 'staff' ? 'private, no-cache' : 'public, no-cache',
    vary: 'Accept-Encoding',
    etag: etagFor(feed, encoding),
    'last-modified': feed.lastModified,
  };
  const body = encoding === 'identity' ? feed.body : encoding === 'gzip' ? feed.gzip : cache.brotli(feed);
  const encoded = encoding === 'identity' ? common : { ...common, 'content-encoding': encoding };
  return {
    ok: prepare(200, { ...encoded, 'content-length': String(body.length) }, body),
    notModified: prepare(304, common, null),
  };
}

/** A 404 in plain text, the problem's English sentence: a calendar app shows it, if anything, as it is. */
const notFoundAnswer = (found: Problem, extra: Record<string, string> = {}): FeedAnswer => {
  const body = Buffer.from(`${englishProblem(found)}\n`, 'utf8');
  return prepare(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), ...extra }, body);
};

/** One answer for a private link that is unknown, mistyped, revoked or written oddly: it says nothing about which, and is kept by no cache. */
const NO_PRIVATE_FEED = notFoundAnswer(problem('noPrivateFeed'), { 'cache-control': 'no-store' });

type Selection = Partial<Record<FeedDimension, string[]>>;

/** What a feed URL asks for: a feed, a combination of filters (worked out against the data when served), or a 404. */
type Parsed = { spec: FeedSpec } | { selection: Selection } | FeedAnswer;

const unknownValue = (dimension: FeedDimension, id: string) => problem(UNKNOWN_VALUE[QUERY_PARAM[dimension]], { value: id });

/** Which feed a path and query ask for. */
function feedFor(reference: ReferenceData, t: Translator, path: string, query: URLSearchParams): Parsed {
  if (path === '/feeds/all.ics') {
    const selection: Selection = {};
    for (const dimension of FEED_DIMENSIONS) {
      const values = query
        .getAll(QUERY_PARAM[dimension])
        .join(',')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length) selection[dimension] = values;
    }
    if (Object.keys(selection).length === 0) return { spec: allFeed(t) };
    // unknown ids are refused whatever the data: checked here, once
    const result = combinedFeed(reference, t, selection);
    return 'unknown' in result ? notFoundAnswer(unknownValue(result.unknown.dimension, result.unknown.id)) : { selection };
  }
  const match = /^\/feeds\/([^/]+)\/([^/]+)\.ics$/.exec(path);
  if (!match || !(FEED_DIMENSIONS as readonly string[]).includes(match[1]!)) return notFoundAnswer(problem('noFeed', { path }));
  const dimension = match[1] as FeedDimension;
  const id = decodeURIComponent(match[2]!);
  const spec = singleFeed(reference, t, dimension, id);
  return spec ? { spec } : notFoundAnswer(unknownValue(dimension, id));
}

function parseFeedUrl(reference: ReferenceData, t: Translator, url: string): Parsed {
  const parsed = new URL(url, 'http://feeds.invalid');
  try {
    return feedFor(reference, t, parsed.pathname, parsed.searchParams);
  } catch {
    // a percent-escape that decodes to no character: refused as Fastify refuses it on any route
    throw new HttpProblem(400, fieldProblem('path', 'badUrl', { path: parsed.pathname }));
  }
}

/**
 * The request target as a path: an absolute-form target (`GET http://host/feeds/…`, which
 * RFC 9112 says a server must accept) is read as the path it names, as Fastify routes it.
 */
export function originForm(url: string): string {
  if (url.charCodeAt(0) === 47 /* / */) return url;
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  return authority ? url.slice(authority[0].length) || '/' : url;
}

/** Percent-decoded, or undefined where an escape decodes to no character. */
function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Past this many entries a memo starts afresh: URLs and headers come from clients, memory must not grow with them. */
const MEMO_LIMIT = 1000;
/** Longer URLs and Accept-Encoding values are worked out on each request, never remembered: a memo holds at most about a megabyte. */
const MEMO_URL_MAX = 512;
const MEMO_HEADER_MAX = 128;

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** A language of the feeds: its translator, the deps rendering in it, and its cache keys' prefix. */
interface FeedLanguage {
  t: Translator;
  deps: FeedDeps;
  prefix: string;
}

/** A parsed URL, and for a combination of filters the feed it made with the values it was worked out against. */
interface Memo {
  parsed: Parsed;
  language: FeedLanguage;
  values?: FeedValues;
  spec?: FeedSpec;
}

/**
 * Answers requests for feeds. A warm request costs a few map lookups: what a URL asks for, which
 * encoding an Accept-Encoding picks and the prepared answers of a rendering are each worked out
 * once. Shared by the Fastify route and the listening server's own fast path (see buildApp), so
 * both give the same answers. Independent of Fastify: node's request and response only.
 */
export class FeedServer {
  /** public URL → what it asks for, for one version of the reference data (TSB may add a group) */
  private readonly urls = new Map<string, Memo>();
  private referenceVersion: number | undefined;
  private readonly encodings = new Map<string, Encoding>();
  private readonly answers = new WeakMap<RenderedFeed, Partial<Record<Encoding, ReturnType<typeof answersFor>>>>();
  /** the ids that select some event, per audience, for the data of one cache generation */
  private readonly values: Partial<Record<Audience, { generation: number; validUntilMs: number; values: FeedValues }>> = {};

  constructor(private readonly deps: FeedDeps) {}

  answer(rawUrl: string, headers: RequestHeaders): FeedAnswer {
    if (this.deps.changedElsewhere()) this.deps.cache.invalidate(this.deps.now());
    if (this.deps.reference.version !== this.referenceVersion) {
      this.referenceVersion = this.deps.reference.version;
      this.urls.clear();
    }
    const url = originForm(rawUrl);
    if (url.startsWith('/feeds/private/')) return this.answerPrivate(url, headers);
    let memo = this.urls.get(url);
    if (!memo) {
      // a private link written another way (doubled or encoded slashes, dot segments): refused
      // alike, its path never echoed nor remembered
      const path = url.replace(/[?#].*$/s, '');
      if (/private/i.test(decoded(path) ?? path)) return NO_PRIVATE_FEED;
      const language = this.languageOf(url);
      memo = { parsed: parseFeedUrl(this.deps.reference, language.t, url), language };
      if (url.length <= MEMO_URL_MAX) remember(this.urls, url, memo);
    }
    const target = this.specOf(memo, 'public');
    if ('status' in target) return target;
    const { deps, prefix } = memo.language;
    return this.serve(`${prefix}${target.key}`, () => renderFeed(target, deps), headers, 'public');
  }

  /**
   * `/feeds/private/<secret>/…`: the same feeds and filters as the public ones, internal events
   * included, for a live link. Never memoized by URL: the secret stays out of every map.
   */
  private answerPrivate(url: string, headers: RequestHeaders): FeedAnswer {
    const match = /^\/feeds\/private\/([^/?#]+)(\/[^?#]*)(\?[^#]*)?$/.exec(url);
    // the secret as it was written: percent-escapes of its characters name the same link
    const secret = match ? decoded(match[1]!) : undefined;
    const link = secret !== undefined ? this.deps.tokens.findFeedLink(secret) : undefined;
    if (!link) return NO_PRIVATE_FEED;
    this.countUse(link.id);
    const language = this.languageOf(url);
    const parsed = parseFeedUrl(this.deps.reference, language.t, `/feeds${match![2]}${match![3] ?? ''}`);
    const found = this.specOf({ parsed, language }, 'staff');
    if ('status' in found) return found;
    // the events are the same for every link; the calendar's name is its office's: one rendering per office and language
    const target = privateFeed(found, this.deps.reference.officeName(link.office, language.t.locale), language.t);
    return this.serve(
      `staff:${link.office}:${language.prefix}${target.key}`,
      () => renderFeed(target, language.deps, 'staff'),
      headers,
      'staff',
    );
  }

  /** The feed a parsed URL asks for now: a combination of filters is worked out again when the data changed. */
  private specOf(memo: Memo, audience: Audience): FeedSpec | FeedAnswer {
    const parsed = memo.parsed;
    if ('status' in parsed) return parsed;
    if ('spec' in parsed) return parsed.spec;
    const values = this.valuesFor(audience);
    if (memo.values !== values || !memo.spec) {
      const result = combinedFeed(this.deps.reference, memo.language.t, parsed.selection, values);
      if ('unknown' in result) throw new Error('a selection checked when parsed is now unknown');
      memo.values = values;
      memo.spec = result.feed;
    }
    return memo.spec;
  }

  /** the languages' renderings: English is the deps' own, the others the same with their translator */
  private readonly languages = new Map<string, FeedLanguage>();

  /**
   * The language a feed URL asks for with `lang=` (one of the six; anything else is English, as a
   * calendar client that adds parameters of its own should still get its feed). Each language is
   * its own rendering under its own cache key, so its own ETag; the UIDs are the same in all.
   */
  private languageOf(url: string): FeedLanguage {
    const query = url.indexOf('?');
    const asked = query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get('lang');
    const locale = isLocale(asked) ? asked : this.deps.t.locale;
    let language = this.languages.get(locale);
    if (!language) {
      const t = isLocale(asked) && asked !== this.deps.t.locale ? translatorFor(asked) : this.deps.t;
      const deps = t === this.deps.t ? this.deps : { ...this.deps, t, context: { ...this.deps.context, t } };
      language = { t, deps, prefix: t === this.deps.t ? '' : `${locale}:` };
      this.languages.set(locale, language);
    }
    return language;
  }

  private countingResumesAt = -Infinity;

  /** Best effort: the count is for the office's list of its links; serving the feed matters more. */
  private countUse(id: string): void {
    const now = this.deps.now();
    if (now < this.countingResumesAt) return this.deps.onUseUncounted?.();
    try {
      this.deps.tokens.countFeedLinkUse(id, new Date(now).toISOString());
    } catch (error) {
      this.countingResumesAt = now + USE_COUNT_RETRY_MS;
      this.deps.onUseUncounted?.(error);
    }
  }

  private valuesFor(audience: Audience): FeedValues {
    const known = this.values[audience];
    const nowMs = this.deps.now();
    if (known && known.generation === this.deps.cache.generation && nowMs < known.validUntilMs) return known.values;
    const { values, validUntilMs } = feedValues(this.deps, audience);
    this.values[audience] = { generation: this.deps.cache.generation, validUntilMs, values };
    return values;
  }

  private serve(key: string, render: () => ReturnType<typeof renderFeed>, headers: RequestHeaders, audience: Audience): FeedAnswer {
    const feed = this.deps.cache.get(key, render, this.deps.now());
    const accept = header(headers, 'accept-encoding') ?? '';
    const encoding =
      this.encodings.get(accept) ??
      (accept.length <= MEMO_HEADER_MAX ? remember(this.encodings, accept, negotiate(accept)) : negotiate(accept));
    let prepared = this.answers.get(feed);
    if (!prepared) this.answers.set(feed, (prepared = {}));
    const answers = (prepared[encoding] ??= answersFor(feed, encoding, audience, this.deps.cache));
    return notModified(header(headers, 'if-none-match'), header(headers, 'if-modified-since'), feed, answers.ok.headers.etag!)
      ? answers.notModified
      : answers.ok;
  }

  /**
   * For node's request event, ahead of Fastify: answers GET and HEAD under /feeds/ and returns
   * true, or returns false and leaves the request to Fastify (other methods, and anything that
   * throws, so Fastify's error handling reports it).
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url === undefined ? undefined : originForm(req.url);
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
