import type { FeedSpec } from '../calendar/feeds.js';
import { renderCalendar, type RenderContext } from '../calendar/render.js';
import { WITHDRAWN_DAYS, type Audience } from '../domain/event.js';
import type { EventStore } from '../store/events.js';

/** Renders a feed from the store: shared by the routes and the static export, so both give the same bytes. */
export function renderFeed(
  spec: FeedSpec,
  deps: { events: EventStore; context: RenderContext; now: () => number },
  audience: Audience = 'public',
): { text: string; newestChangeMs: number; validUntilMs: number | undefined } {
  // a private link: every event, the internal ones whole; a public feed: the public events, and
  // those made internal lately, which render as bare cancellations (see render.ts)
  const events =
    audience === 'staff'
      ? deps.events.all(spec.filter)
      : deps.events.all({ ...spec.filter, audience, withdrawnSince: new Date(deps.now() - WITHDRAWN_DAYS * 86_400_000).toISOString() });
  const newestChangeMs = events.reduce((max, e) => Math.max(max, Date.parse(e.updatedAt)), 0);
  // a public feed changes by itself when the first of its cancellations runs out
  const ends = audience === 'staff' ? [] : events.filter((e) => e.visibility !== 'public').map((e) => Date.parse(e.withdrawnAt!) + WITHDRAWN_DAYS * 86_400_000);
  return { text: renderCalendar(spec, events, { ...deps.context, audience }), newestChangeMs, validUntilMs: ends.length ? Math.min(...ends) : undefined };
}

/** Where a feed is, over http(s) and as webcal://: for the API, the subscribe page and the export's index. */
export function feedLink(spec: FeedSpec, publicBaseUrl: string) {
  const url = `${publicBaseUrl}/feeds/${spec.key}`;
  return { title: spec.title, description: spec.description, path: `/feeds/${spec.key}`, url, webcal: url.replace(/^https?:/, 'webcal:') };
}
