import { eventItem, pager, problemSummary, textField, viewTabs, type EventSummary, type ListPage } from './components.js';
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
<p><a class="button" href="/events/new">Create an event</a></p>
<h2 id="missing">Events still missing participant counts</h2>
${data.missing.length
  ? html`<p>${data.missing.length} ${data.missing.length === 1 ? 'event is' : 'events are'} over without figures, oldest first.</p>
<ul class="event-list" aria-labelledby="missing">${data.missing.map((s) => eventItem(s, countLink(s)))}</ul>`
  : html`<p>Every event that is over has its figures. Thank you.</p>`}
${events}`;
  return layout({ title: data.view === 'past' ? `${viewer.officeName}: past events` : viewer.officeName, viewer, path: '/office' }, body);
}
