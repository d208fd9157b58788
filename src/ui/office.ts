import { eventItem, problemSummary, textField, type EventSummary } from './components.js';
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
  upcoming: EventSummary[];
}

export function officePage(data: OfficeData): string {
  const { viewer } = data;
  const countLink = (s: EventSummary) =>
    html`<p class="meta"><a href="/events/${encodeURIComponent(s.event.id)}/attendance">Register participant counts<span class="visually-hidden"> for ${s.event.title}</span></a></p>`;
  const editLink = (s: EventSummary) =>
    html`<p class="meta"><a href="/events/${encodeURIComponent(s.event.id)}/edit">Edit<span class="visually-hidden"> ${s.event.title}</span></a></p>`;
  const body = html`<h1>${viewer.officeName}</h1>
<p>Signed in as ${viewer.officeName}${data.isTsb ? ': TSB may change every event' : ''}.</p>
<p><a class="button" href="/events/new">Create an event</a></p>
<h2 id="missing">Events still missing participant counts</h2>
${data.missing.length
  ? html`<p>${data.missing.length} ${data.missing.length === 1 ? 'event is' : 'events are'} over without figures, oldest first.</p>
<ul class="event-list" aria-labelledby="missing">${data.missing.map((s) => eventItem(s, countLink(s)))}</ul>`
  : html`<p>Every event that is over has its figures. Thank you.</p>`}
<h2 id="upcoming">${data.isTsb ? 'Upcoming events' : 'Your upcoming events'}</h2>
${data.upcoming.length
  ? html`<ul class="event-list" aria-labelledby="upcoming">${data.upcoming.map((s) => eventItem(s, editLink(s)))}</ul>`
  : html`<p>No upcoming events.</p>`}`;
  return layout({ title: viewer.officeName, viewer, path: '/office' }, body);
}
