import { combinedFeed, feedCatalog, QUERY_PARAM, type FeedDimension, type FeedSpec, type FeedValues } from '../calendar/feeds.js';
import { renderCalendar, type RenderContext } from '../calendar/render.js';
import { shownText, WITHDRAWN_DAYS, type Audience, type CalendarEvent } from '../domain/event.js';
import type { ReferenceData } from '../domain/reference.js';
import { badRequest } from '../http-problem.js';
import { UNKNOWN_VALUE } from './filters.js';
import { english, isLocale, LOCALES, type OfficialLocale, type Translator } from '../i18n/index.js';
import type { EventStore } from '../store/events.js';

const DAY_MS = 86_400_000;

/** The earliest withdrawal a public feed still carries as a cancellation, at `nowMs`. */
const withdrawnSince = (nowMs: number) => new Date(nowMs - WITHDRAWN_DAYS * DAY_MS).toISOString();

/** In the order the store gives a feed's events: by start, then id. */
const byStart = (a: CalendarEvent, b: CalendarEvent) =>
  a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Renders a feed from the store: shared by the routes and the static export, so both give the same bytes. */
export function renderFeed(
  spec: FeedSpec,
  deps: { events: EventStore; context: RenderContext; now: () => number },
  audience: Audience = 'public',
): { text: string; newestChangeMs: number; validUntilMs: number | undefined } {
  let events: CalendarEvent[] = [];
  let withdrawn: CalendarEvent[] = [];
  if (spec.nothing) {
    // a selection no event is in (see combinedFeed): an empty calendar, never a wider one
  } else if (audience === 'staff') {
    // a private link: every event, the internal ones whole
    events = deps.events.all(spec.filter);
  } else {
    // a public feed: the public events, and those made internal lately as bare cancellations,
    // from what they were when withdrawn (see EventStore.withdrawn), never from what they are now
    withdrawn = deps.events.withdrawn(spec.filter, withdrawnSince(deps.now()));
    events = deps.events.all({ ...spec.filter, audience });
    if (withdrawn.length) events = [...events, ...withdrawn].sort(byStart);
  }
  const newestChangeMs = events.reduce((max, e) => Math.max(max, Date.parse(e.updatedAt)), 0);
  // a public feed changes by itself when the first of its cancellations runs out
  const ends = withdrawn.map((e) => Date.parse(e.withdrawnAt!) + WITHDRAWN_DAYS * DAY_MS);
  return {
    text: renderCalendar(spec, events, { ...deps.context, audience }),
    newestChangeMs,
    validUntilMs: ends.length ? Math.min(...ends) : undefined,
  };
}

/**
 * The ids of each dimension that select some event a reader of `audience` gets in a feed (for the
 * public, the withdrawn events' snapshots included): combinedFeed drops the others from a
 * selection, so that ids matching nothing make no feed of their own. A study group counts when
 * it or one of its regional groups has an event. Valid until the first cancellation runs out.
 */
export function feedValues(
  deps: { events: EventStore; reference: ReferenceData; now: () => number },
  audience: Audience,
): { values: FeedValues; validUntilMs: number } {
  const present = deps.events.dimensionValues(audience);
  const withdrawn = audience === 'public' ? deps.events.withdrawn({}, withdrawnSince(deps.now())) : [];
  for (const stub of withdrawn) {
    present.regions.add(stub.region);
    present.offices.add(stub.office);
    present.kinds.add(stub.kind);
    for (const g of stub.groups) present.groups.add(g);
  }
  const groups = new Set(
    deps.reference.groups.map((g) => g.id).filter((id) => deps.reference.expandGroups([id]).some((g) => present.groups.has(g))),
  );
  const ends = withdrawn.map((e) => Date.parse(e.withdrawnAt!) + WITHDRAWN_DAYS * DAY_MS);
  return {
    values: { regions: present.regions, offices: present.offices, kinds: present.kinds, groups },
    validUntilMs: ends.length ? Math.min(...ends) : Infinity,
  };
}

/** A feed with its links, as the API lists it and the subscribe page shows it. */
export interface FeedLinkView {
  title: string;
  scope: string;
  description: string;
  path: string;
  url: string;
  webcal: string;
}

/**
 * A feed's address in a language: `lang=` for any of the five besides English (whose links stay as
 * they always were, so existing subscriptions and the API's list keep their addresses).
 */
function feedUrl(path: string, publicBaseUrl: string, locale?: string): string {
  const lang = locale && locale !== 'en' && isLocale(locale) ? `${path.includes('?') ? '&' : '?'}lang=${locale}` : '';
  return `${publicBaseUrl}${path}${lang}`;
}

const webcalOf = (url: string) => url.replace(/^https?:/, 'webcal:');

/** Where a feed is, in a language, over http(s) and as webcal://: for the API, the subscribe page and the export's index. */
export function feedLink(spec: FeedSpec, publicBaseUrl: string, locale?: string): FeedLinkView {
  const path = `/feeds/${spec.key}`;
  const url = feedUrl(path, publicBaseUrl, locale);
  return {
    title: spec.title,
    scope: spec.scope,
    description: spec.description,
    path,
    url,
    webcal: webcalOf(url),
  };
}

/** The catalog of feeds and their renderings, for the API's list, the subscribe page and the static export. */
export class FeedService {
  constructor(private readonly deps: { events: EventStore; reference: ReferenceData; context: RenderContext; now: () => number }) {}

  /** Every single-dimension feed and all.ics, named in `t`'s language. */
  catalog(t: Translator = english()): FeedSpec[] {
    return feedCatalog(this.deps.reference, t);
  }

  links(t: Translator = english()): FeedLinkView[] {
    return this.catalog(t).map((spec) => feedLink(spec, this.deps.context.publicBaseUrl, t.locale));
  }

  /** A feed's webcal:// link in each of the six languages, `first` (the page's own) first, then the others in ITU's order. */
  inEachLanguage(path: string, first: string): { locale: OfficialLocale; webcal: string }[] {
    const locales = [...LOCALES].sort((a, b) => Number(b === first) - Number(a === first));
    return locales.map((locale) => ({ locale, webcal: webcalOf(feedUrl(path, this.deps.context.publicBaseUrl, locale)) }));
  }

  /** The feed of a selection of filters, as the subscribe page builds it; a 400 naming the filter with an unknown id. */
  combined(selection: Partial<Record<FeedDimension, string[]>>, t: Translator = english()): FeedLinkView {
    const combined = combinedFeed(this.deps.reference, t, selection);
    if ('unknown' in combined) {
      const param = QUERY_PARAM[combined.unknown.dimension];
      throw badRequest(param, UNKNOWN_VALUE[param], { value: combined.unknown.id });
    }
    return feedLink(combined.feed, this.deps.context.publicBaseUrl, t.locale);
  }

  /** One feed's bytes in `t`'s language (English by default), as the service serves it (onRenderFailure told of each event left out). */
  render(spec: FeedSpec, onRenderFailure?: RenderContext['onRenderFailure'], t: Translator = this.deps.context.t): string {
    return renderFeed(spec, {
      events: this.deps.events,
      context: { ...this.deps.context, t, ...(onRenderFailure ? { onRenderFailure } : {}) },
      now: this.deps.now,
    }).text;
  }

  /** One event as a calendar of its own (the event page's .ics), for `audience`. */
  event(event: CalendarEvent, audience: Audience, t: Translator = english()): string {
    const { title } = shownText(event, t.locale);
    return renderCalendar({ title, description: t.t('feed.event.description', { title }) }, [event], { ...this.deps.context, t, audience });
  }
}
