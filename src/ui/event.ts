import { shownText, type AttendanceFigures, type CalendarEvent } from '../domain/event.js';
import { venueText } from '../i18n/words.js';
import type { AuditEntry, FIGURES } from '../domain/shapes.js';
import type { Occurrence } from '../domain/recurrence.js';
import { html, join, type Html } from '../html.js';
import type { MessageKey, Translator } from '../i18n/index.js';
import { eventTags, langOf, repeatsText, when } from './components.js';
import { csrfField, layout, type Viewer } from './layout.js';
import { describeRule } from '../i18n/rule-words.js';
import { formatDate, localWhen } from './time.js';

export interface EventPageData {
  t: Translator;
  viewer?: Viewer | undefined;
  event: CalendarEvent;
  officeName: string;
  regionName: string;
  groups: { id: string; name: string }[];
  /** its partners by their names in the reader's language (any other as typed) */
  partners: string[];
  /** every occurrence of a series; empty for a single event */
  occurrences: Occurrence[];
  /** whether the signed-in office may change this event */
  canEdit: boolean;
  /** now, for which occurrences may still be moved or skipped */
  now?: string | undefined;
  /** whether it may register figures now (organizer, started, not cancelled) */
  canCount: boolean;
  notice?: string | undefined;
  /** the office names of whoever recorded figures */
  recorderName: (office: string) => string;
  /** the event's changes, for signed-in staff only (undefined: not shown) */
  history?: AuditEntry[] | undefined;
}

/** A value of the history as a person reads it: lists joined, nothing as "(none)". */
function shown(t: Translator, value: unknown): string {
  if (Array.isArray(value)) return value.length ? t.list(value.map(String)) : t.t('history.none');
  if (value === null || value === undefined || value === '') return t.t('history.none');
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** The words of each figure, as the figures on the page name them. */
const FIGURE_LABELS = {
  participants: 'figures.participants',
  countries: 'figures.countries',
  countryCodes: 'figures.countries',
  inPerson: 'figures.inPerson',
  remote: 'figures.remote',
  women: 'figures.women',
  notes: 'figures.notes',
} as const satisfies Record<(typeof FIGURES)[number], MessageKey>;

/** Countries by their codes, named in the reader's language: "Kenya, Tanzania and Uganda". */
const countryNames = (t: Translator, codes: string[]) => t.list(t.countries(codes).map((c) => c.name));

/**
 * What a registration of figures changed, in the words of the figures on the page ("In person: 55
 * → 62"); the countries as one line, by name where listed ("Countries represented: 21 → Kenya,
 * Tanzania and Uganda"), whose number follows from the list.
 */
function figureChanges(t: Translator, changes: AuditEntry['changes']): { label: string; from: string; to: string }[] {
  const byField = new Map(changes.map((c) => [c.field, c]));
  const said = (value: unknown) => {
    if (Array.isArray(value)) return countryNames(t, value.map(String));
    if (value === null || value === undefined || value === '') return t.t('figures.notRegistered');
    return typeof value === 'number' ? t.number(value) : shown(t, value);
  };
  const out: { label: string; from: string; to: string }[] = [];
  for (const c of changes) {
    if (c.field === 'countries' && byField.has('countryCodes')) continue;
    if (c.field === 'countryCodes') {
      const number = byField.get('countries');
      // a list replacing a number alone (or the reverse) says the number on the side without a list
      const side = (list: unknown, count: unknown) => (Array.isArray(list) ? said(list) : said(count));
      out.push({
        label: t.t('figures.countries'),
        from: side(c.from, number ? number.from : c.from),
        to: side(c.to, number ? number.to : c.to),
      });
      continue;
    }
    const key = FIGURE_LABELS[c.field as keyof typeof FIGURE_LABELS] as MessageKey | undefined;
    const label = key ? t.t(key) : t.fieldLabel(c.field);
    out.push({ label, from: said(c.from), to: said(c.to) });
  }
  return out;
}

/** Who changed what and when, newest first: for ITU staff, so that "who changed this?" has an answer. */
function historyList(t: Translator, entries: AuditEntry[], officeName: (office: string) => string): Html {
  if (!entries.length) return html`<h2>${t.t('history.heading')}</h2><p>${t.t('history.empty')}</p>`;
  const items = [...entries].reverse().map((e) => {
    const changes =
      e.action === 'event.created'
        ? []
        : e.action === 'figures.registered'
          ? figureChanges(t, e.changes)
          : e.changes.map((c) => ({ label: t.fieldLabel(c.field), from: shown(t, c.from), to: shown(t, c.to) }));
    const at = html`<time datetime="${e.at}">${t.t('history.at', { date: formatDate(t, e.at.slice(0, 10)), time: e.at.slice(11, 16) })}</time>`;
    const what = t.t(`history.action.${e.action}`, { office: officeName(e.office), date: e.subject ? formatDate(t, e.subject) : '' });
    return html`<li><p>${at}: ${what}${e.token ? html` <span class="meta">${t.t('history.token', { token: e.token })}</span>` : ''}</p>
${changes.length ? html`<ul>${changes.map((c) => html`<li>${t.t('history.change', { field: c.label, from: c.from, to: c.to })}</li>`)}</ul>` : ''}</li>`;
  });
  return html`<h2>${t.t('history.heading')}</h2><ul class="history">${items}</ul>`;
}

const eventPath = (event: CalendarEvent) => `/events/${encodeURIComponent(event.id)}`;

function figures(t: Translator, current: AttendanceFigures | null, recorderName: (office: string) => string): Html {
  if (!current) return html`<p>${t.t('figures.none')}</p>`;
  // a figure left empty is "not registered", never 0
  const row = (label: string, value: number | string | null) =>
    html`<dt>${label}</dt><dd>${value === null ? t.t('figures.notRegistered') : typeof value === 'number' ? t.number(value) : value}</dd>`;
  const countries = current.countryCodes
    ? t.t('figures.countryList', { count: current.countryCodes.length, names: countryNames(t, current.countryCodes) })
    : current.countries;
  return html`<dl class="figures">
${row(t.t('figures.participants'), current.participants)}
${row(t.t('figures.countries'), countries)}
${row(t.t('figures.inPerson'), current.inPerson)}
${row(t.t('figures.remote'), current.remote)}
${row(t.t('figures.women'), current.women)}
${current.notes !== null ? row(t.t('figures.notes'), current.notes) : ''}
${row(t.t('figures.registered'), t.t('figures.registeredBy', { date: formatDate(t, current.recordedAt), office: recorderName(current.recordedBy) }))}
</dl>`;
}

/**
 * A series' occurrences; for an office that may manage it, each one not over yet can be moved
 * (a page of its own) or skipped, and one moved or skipped restored (posts to the same service as
 * the occurrence API).
 */
function occurrenceTable(t: Translator, data: EventPageData): Html {
  const { event, occurrences } = data;
  const status = (o: Occurrence) => t.t('occurrence.status', { status: o.status, from: formatDate(t, o.originalDate) });
  const manage = data.canEdit && data.viewer !== undefined && event.status !== 'cancelled';
  const hidden = (words: Html) => html`<span class="visually-hidden">${words}</span>`;
  const path = `${eventPath(event)}/occurrences/`;
  const post = (o: Occurrence, action: 'skip' | 'restore') =>
    html`<form method="post" action="${path}${o.originalDate}/${action}" class="inline">${csrfField(data.viewer!.csrf)}<button type="submit" class="${action === 'skip' ? 'secondary' : 'secondary'}">${t.html(`occurrence.${action}`, { date: formatDate(t, o.originalDate) }, { hidden })}</button></form>`;
  const actions = (o: Occurrence) => {
    if (data.now !== undefined && o.endsAt <= data.now) return t.t('occurrence.over');
    return html`<div class="occurrence-actions">${o.status !== 'cancelled' ? html`<a href="${path}${o.originalDate}">${t.html('occurrence.move', { date: formatDate(t, o.originalDate) }, { hidden })}</a>` : ''}
${o.status === 'scheduled' || o.status === 'moved' ? post(o, 'skip') : ''}${o.status !== 'scheduled' ? post(o, 'restore') : ''}</div>`;
  };
  const words = describeRule(t, event.recurrence ?? '', event.start, event.timeZone, event.allDay);
  return html`<h2 id="occurrences">${t.t('occurrence.heading')}</h2>
<p class="repeats">${repeatsText(t, words)}</p>
<div class="table-scroll" role="region" tabindex="0" aria-labelledby="occurrences"><table aria-labelledby="occurrences">
<thead><tr><th scope="col">${t.t('occurrence.when', { zone: event.timeZone })}</th><th scope="col">${t.t('occurrence.statusHeading')}</th>${manage ? html`<th scope="col">${t.t('occurrence.actions')}</th>` : ''}</tr></thead>
<tbody>
${occurrences.map(
  (o) =>
    html`<tr id="occurrence-${o.originalDate}"><td>${o.status === 'cancelled' ? html`<del>${localWhen(t, o, event.allDay)}</del>` : localWhen(t, o, event.allDay)}</td><td>${status(o)}</td>${manage ? html`<td>${actions(o)}</td>` : ''}</tr>`,
)}
</tbody>
</table></div>`;
}

export function eventPage(data: EventPageData): string {
  const { t, event } = data;
  const texts = shownText(event, t.locale);
  const place = venueText(t, event.venue);
  const path = eventPath(event);
  const detail = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const hidden = (words: Html) => html`<span class="visually-hidden">${words}</span>`;
  const groupLabel = (g: { id: string; name: string }) =>
    g.name.includes(g.id.toUpperCase()) ? g.name : t.t('event.groupWithId', { name: g.name, id: g.id.toUpperCase() });
  const body = html`<h1 dir="auto"${langOf(t, texts.titleLanguage)}>${texts.title}</h1>
<p class="meta">${eventTags(t, event)}</p>
${data.notice ? html`<div class="notice" role="status"><p>${data.notice}</p></div>` : ''}
<dl class="figures">
${detail(t.t(event.recurrence !== null ? 'event.firstOccurrence' : 'event.when'), when(t, event, event.allDay, event.timeZone))}
${place ? detail(t.t('event.where'), place) : ''}
${event.venue.url ? detail(t.t('event.online'), html`<a href="${event.venue.url}">${event.venue.url}</a>`) : ''}
${detail(t.t('event.organizedBy'), data.officeName)}
${detail(t.t('event.region'), data.regionName)}
${data.groups.length ? detail(t.t('event.groups'), join(data.groups.map(groupLabel), '; ')) : ''}
${data.partners.length ? detail(t.t('event.partners'), t.list(data.partners)) : ''}
${event.url ? detail(t.t('event.moreInformation'), html`<a href="${event.url}">${event.url}</a>`) : ''}
${data.viewer && event.status === 'cancelled' && event.cancelReason ? detail(t.t('event.cancelReason'), html`<span class="description" dir="auto">${event.cancelReason}</span>`) : ''}
</dl>
${data.canEdit && event.status === 'cancelled' ? html`<p>${t.t('event.undoCancel')}</p>` : ''}
${texts.description ? html`<h2>${t.t('event.about')}</h2><p class="description" dir="auto"${langOf(t, texts.descriptionLanguage)}>${texts.description}</p>` : ''}
<div class="actions">
<a class="button" href="${path}.ics${t.locale === 'en' ? '' : `?lang=${t.locale}`}" download>${t.html('event.addToCalendar', { title: texts.title }, { hidden })}</a>
${data.canEdit ? html`<a href="${path}/edit">${t.t('event.edit')}</a>` : ''}
${data.canEdit && event.status !== 'cancelled' ? html`<a href="${path}/cancel">${t.t('event.cancel')}</a>` : ''}
${data.canCount ? html`<a href="${path}/attendance">${t.t('event.registerCounts')}</a>` : ''}
</div>
${event.recurrence !== null ? occurrenceTable(t, data) : ''}
<h2>${t.t('figures.heading')}</h2>
${figures(t, event.attendance, data.recorderName)}
${data.history ? historyList(t, data.history, data.recorderName) : ''}
<p><a href="/">${t.t('nav.backToUpcoming')}</a></p>`;
  return layout({ t, title: texts.title, viewer: data.viewer }, body);
}
