import { kindName } from '../calendar/feeds.js';
import { venueText, type AttendanceFigures, type CalendarEvent } from '../domain/event.js';
import type { AuditEntry } from '../domain/shapes.js';
import type { Occurrence } from '../domain/recurrence.js';
import { statusTag, visibilityTag, when } from './components.js';
import { html, join, type Html } from './html.js';
import { layout, type Viewer } from './layout.js';
import { formatDate, localWhen } from './time.js';

export interface EventPageData {
  viewer?: Viewer | undefined;
  event: CalendarEvent;
  officeName: string;
  regionName: string;
  groups: { id: string; name: string }[];
  /** every occurrence of a series; empty for a single event */
  occurrences: Occurrence[];
  /** whether the signed-in office may change this event */
  canEdit: boolean;
  /** whether it may register figures now (organizer, started, not cancelled) */
  canCount: boolean;
  notice?: string | undefined;
  /** the office names of whoever recorded figures */
  recorderName: (office: string) => string;
  /** the event's changes, for signed-in staff only (undefined: not shown) */
  history?: AuditEntry[] | undefined;
}

const ACTION_WORDS: Record<AuditEntry['action'], string> = {
  'event.created': 'created the event',
  'event.changed': 'changed',
  'event.cancelled': 'cancelled the event',
  'occurrence.moved': 'moved the occurrence of',
  'occurrence.skipped': 'skipped the occurrence of',
  'figures.registered': 'registered figures',
  'token.created': 'made a token',
  'token.revoked': 'revoked a token',
  'feed-link.created': 'made a private feed link',
  'feed-link.revoked': 'revoked a private feed link',
};

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '(none)' : Array.isArray(value) ? value.join(', ') || '(none)' : String(value));

/** Who changed what and when, newest first: for ITU staff, so that "who changed this?" has an answer. */
function historyList(entries: AuditEntry[], officeName: (office: string) => string): Html {
  if (!entries.length) return html`<h2>History</h2><p>No change has been recorded since the history began.</p>`;
  const items = [...entries].reverse().map((e) => {
    const changes = e.action === 'event.created' ? [] : e.changes;
    return html`<li><p><time datetime="${e.at}">${formatDate(e.at.slice(0, 10))} ${e.at.slice(11, 16)} UTC</time>: ${officeName(e.office)} ${ACTION_WORDS[e.action]}${e.subject ? ` ${formatDate(e.subject)}` : ''}${e.token ? html` <span class="meta">(token ${e.token})</span>` : ''}</p>
${changes.length ? html`<ul>${changes.map((c) => html`<li>${c.field}: ${shown(c.from)} → ${shown(c.to)}</li>`)}</ul>` : ''}</li>`;
  });
  return html`<h2>History</h2><ul class="history">${items}</ul>`;
}

const eventPath = (event: CalendarEvent) => `/events/${encodeURIComponent(event.id)}`;

function figures(current: AttendanceFigures | null, recorderName: (office: string) => string): Html {
  if (!current) return html`<p>No participant figures have been registered yet.</p>`;
  const row = (label: string, value: number | string | null) => (value === null ? '' : html`<dt>${label}</dt><dd>${value}</dd>`);
  return html`<dl class="figures">
${row('Participants', current.participants)}
${row('Countries represented', current.countries)}
${row('In person', current.inPerson)}
${row('Online', current.remote)}
${row('Women', current.women)}
${row('Notes', current.notes)}
${row('Registered', `${formatDate(current.recordedAt)} by ${recorderName(current.recordedBy)}`)}
</dl>`;
}

function occurrenceTable(event: CalendarEvent, occurrences: Occurrence[]): Html {
  const status = (o: Occurrence) => (o.status === 'cancelled' ? 'Skipped' : o.status === 'moved' ? `Moved from ${formatDate(o.originalDate)}` : 'As planned');
  return html`<h2 id="occurrences">Occurrences</h2>
<p>This event repeats (<code>${event.recurrence}</code>), in ${event.timeZone} time.</p>
<table aria-labelledby="occurrences">
<thead><tr><th scope="col">When (${event.timeZone})</th><th scope="col">Status</th></tr></thead>
<tbody>
${occurrences.map((o) => html`<tr><td>${o.status === 'cancelled' ? html`<del>${localWhen(o, event.allDay)}</del>` : localWhen(o, event.allDay)}</td><td>${status(o)}</td></tr>`)}
</tbody>
</table>`;
}

export function eventPage(data: EventPageData): string {
  const { event } = data;
  const place = venueText(event.venue);
  const path = eventPath(event);
  const detail = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const body = html`<h1>${event.title}</h1>
<p class="meta"><span class="tag">${kindName(event.kind)}</span>${statusTag(event.status)}${visibilityTag(event)}${event.recurrence !== null ? html`<span class="tag">Series</span>` : ''}</p>
${data.notice ? html`<div class="notice" role="status"><p>${data.notice}</p></div>` : ''}
<dl class="figures">
${detail(event.recurrence !== null ? 'First occurrence' : 'When', when(event, event.allDay, event.timeZone))}
${place ? detail('Where', place) : ''}
${event.venue.url ? detail('Online', html`<a href="${event.venue.url}">${event.venue.url}</a>`) : ''}
${detail('Organized by', data.officeName)}
${detail('Region', data.regionName)}
${data.groups.length ? detail('Groups', join(data.groups.map((g) => (g.name.includes(g.id.toUpperCase()) ? g.name : `${g.name} (${g.id.toUpperCase()})`)), '; ')) : ''}
${event.partners.length ? detail('Partners', event.partners.join(', ')) : ''}
${event.url ? detail('More information', html`<a href="${event.url}">${event.url}</a>`) : ''}
</dl>
${event.description ? html`<h2>About</h2><p class="description">${event.description}</p>` : ''}
<div class="actions">
<a class="button" href="${path}.ics" download>Add to my calendar<span class="visually-hidden">: ${event.title}</span> (.ics)</a>
${data.canEdit ? html`<a href="${path}/edit">Edit this event</a>` : ''}
${data.canCount ? html`<a href="${path}/attendance">Register participant counts</a>` : ''}
</div>
${event.recurrence !== null ? occurrenceTable(event, data.occurrences) : ''}
<h2>Participant figures</h2>
${figures(event.attendance, data.recorderName)}
${data.history ? historyList(data.history, data.recorderName) : ''}
<p><a href="/">Back to the upcoming events</a></p>`;
  return layout({ title: event.title, viewer: data.viewer }, body);
}
