import type { FeedSpec } from '../calendar/feeds.js';
import { renderCalendar, type RenderContext } from '../calendar/render.js';
import type { EventStore } from '../store/events.js';

/** Renders a feed from the store: shared by the routes and the static export, so both give the same bytes. */
export function renderFeed(spec: FeedSpec, deps: { events: EventStore; context: RenderContext }): { text: string; newestChangeMs: number } {
  const events = deps.events.all(spec.filter);
  const newestChangeMs = events.reduce((max, e) => Math.max(max, Date.parse(e.updatedAt)), 0);
  return { text: renderCalendar(spec, events, deps.context), newestChangeMs };
}

/** Where a feed is, over http(s) and as webcal://: for the API, the subscribe page and the export's index. */
export function feedLink(spec: FeedSpec, publicBaseUrl: string) {
  const url = `${publicBaseUrl}/feeds/${spec.key}`;
  return { title: spec.title, description: spec.description, path: `/feeds/${spec.key}`, url, webcal: url.replace(/^https?:/, 'webcal:') };
}
