import { eventItem, pager, problemSummary, textField, viewTabs, type EventSummary, type ListPage } from './components.js';
import type { FeedTokenInfo } from '../store/feed-tokens.js';
import { html } from './html.js';
import { csrfField, layout, type Viewer } from './layout.js';

export interface SignInData {
  csrf: string;
  /** where to go once signed in */
  next: string;
  problem?: string | undefined;
}

export function signInPage(data: SignInData): string {
  const body = html`<h1>Office sign-in</h1>
<p>Regional and area offices and TSB sign in with the token made for them, to add and change their events
and to register participant figures. Reading the calendar needs no sign-in.</p>
${problemSummary('You are not signed in', data.problem ? { message: data.problem, field: 'token' } : undefined)}
<form method="post" action="/sign-in">
${csrfField(data.csrf)}
<input type="hidden" name="next" value="${data.next}">
${textField({ name: 'token', label: 'Office token', type: 'password', value: '', autocomplete: 'off', required: true, hint: 'The token your office was given, e.g. from npm run token -- create', problem: data.problem })}
<button type="submit">Sign in</button>
</form>`;
  return layout({ title: 'Office sign-in', path: '/sign-in' }, body);
}

export interface OfficeData {
  viewer: Viewer;
  isTsb: boolean;
  /** events over, not cancelled, without figures: oldest first */
  missing: EventSummary[];
  view: 'upcoming' | 'past';
  hrefs: { upcoming: string; past: string };
  upcoming: EventSummary[];
  /** when nothing is upcoming: the most recent past events */
  recent: EventSummary[];
  /** the past view: a page of the events over, most recent first */
  past?: ListPage | undefined;
}

export function officePage(data: OfficeData): string {
  const { viewer } = data;
  const countLink = (s: EventSummary) =>
    html`<p class="meta"><a href="/events/${encodeURIComponent(s.event.id)}/attendance">Register participant counts<span class="visually-hidden"> for ${s.event.title}</span></a></p>`;
  const editLink = (s: EventSummary) =>
    html`<p class="meta"><a href="/events/${encodeURIComponent(s.event.id)}/edit">Edit<span class="visually-hidden"> ${s.event.title}</span></a></p>`;
  const whose = data.isTsb ? '' : 'Your ';
  const heading = (text: string) => (whose ? `${whose}${text}` : text.charAt(0).toUpperCase() + text.slice(1));
  const tabs = viewTabs('Your events', data.view, [
    { view: 'upcoming', label: 'Upcoming', href: data.hrefs.upcoming },
    { view: 'past', label: 'Past', href: data.hrefs.past },
  ]);
  let events;
  if (data.view === 'past') {
    const past = data.past!;
    const shown = past.items.length;
    events = html`<h2 id="past">${heading('past events')}</h2>
${tabs}
<p role="status">${shown ? `Showing ${past.offset + 1}–${past.offset + shown} of ${past.total} past events, the most recent first.` : past.total ? `There are only ${past.total} past events: this page is past the last.` : 'No past events.'}</p>
${shown ? html`<ul class="event-list" aria-labelledby="past">${past.items.map((s) => eventItem(s, editLink(s)))}</ul>` : ''}
${pager('Pages of past events', past)}`;
  } else {
    events = html`<h2 id="upcoming">${heading('upcoming events')}</h2>
${tabs}
${data.upcoming.length
  ? html`<ul class="event-list" aria-labelledby="upcoming">${data.upcoming.map((s) => eventItem(s, editLink(s)))}</ul>`
  : html`<p>No upcoming events.</p>`}
${data.recent.length
  ? html`<h3 id="recent">The most recent past ${data.recent.length === 1 ? 'event' : 'events'}</h3>
<ul class="event-list" aria-labelledby="recent">${data.recent.map((s) => eventItem(s, editLink(s)))}</ul>
<p><a href="${data.hrefs.past}">All past events</a></p>`
  : ''}`;
  }
  const body = html`<h1>${viewer.officeName}</h1>
<p>Signed in as ${viewer.officeName}${data.isTsb ? ': TSB may change every event' : ''}.</p>
<p><a class="button" href="/events/new">Create an event</a> <a href="/office/feeds">Private feed links</a> (the internal events in your calendar app)</p>
<h2 id="missing">Events still missing participant counts</h2>
${data.missing.length
  ? html`<p>${data.missing.length} ${data.missing.length === 1 ? 'event is' : 'events are'} over without figures, oldest first.</p>
<ul class="event-list" aria-labelledby="missing">${data.missing.map((s) => eventItem(s, countLink(s)))}</ul>`
  : html`<p>Every event that is over has its figures. Thank you.</p>`}
${events}`;
  return layout({ title: data.view === 'past' ? `${viewer.officeName}: past events` : viewer.officeName, viewer, path: '/office' }, body);
}

export interface FeedLinksData {
  viewer: Viewer;
  links: FeedTokenInfo[];
  /** a link just made: shown this once */
  created?: string | undefined;
  notice?: string | undefined;
}

/** The office's private feed links: make one (shown once), see when each was last used, revoke one. */
export function feedLinksPage(data: FeedLinksData): string {
  const live = data.links.filter((l) => l.revokedAt === null);
  const body = html`<h1>Private feed links</h1>
<p>A private link puts every event in your calendar app, the internal ones (coordination calls and their join links) too.
It is read-only. Anyone who has it sees what ITU staff see: keep it in your calendar app, do not share it, and revoke it when it is no longer used.</p>
${data.created ? html`<div class="notice" role="status"><p>Here is the new link. It is shown this once; subscribe to it now (Outlook: Add calendar, Subscribe from web; Google Calendar: From URL):</p>
<p><code class="secret-link">${data.created}</code></p></div>` : ''}
${data.notice ? html`<div class="notice" role="status"><p>${data.notice}</p></div>` : ''}
<form method="post" action="/office/feeds">
${csrfField(data.viewer.csrf)}
${textField({ name: 'label', label: 'Where it will be used', value: '', hint: 'e.g. Outlook, Addis desk', required: true })}
<button type="submit">Make a private link</button>
</form>
<h2 id="links">Your links</h2>
${live.length
  ? html`<table aria-labelledby="links"><thead><tr><th scope="col">Link</th><th scope="col">Where</th><th scope="col">Made</th><th scope="col">Last used</th><th scope="col">Uses</th><th scope="col"><span class="visually-hidden">Revoke</span></th></tr></thead><tbody>
${live.map(
  (l) => html`<tr><td><code>${l.id}…</code></td><td>${l.label ?? ''}</td><td>${l.createdAt.slice(0, 10)}</td><td>${l.lastUsedAt ? l.lastUsedAt.slice(0, 16).replace('T', ' ') : 'never'}</td><td>${l.useCount}</td>
<td><form method="post" action="/office/feeds/${encodeURIComponent(l.id)}/revoke">${csrfField(data.viewer.csrf)}<button type="submit" class="secondary">Revoke<span class="visually-hidden"> ${l.id}</span></button></form></td></tr>`,
)}
</tbody></table>`
  : html`<p>No live links.</p>`}
<p><a href="/office">Back to your office page</a></p>`;
  return layout({ title: 'Private feed links', viewer: data.viewer, path: '/office/feeds' }, body);
}
