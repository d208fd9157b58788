import type { CalendarEvent } from '../domain/event.js';
import { kindName, venueText } from '../i18n/words.js';
import type { Occurrence } from '../domain/recurrence.js';
import { html, type Html, type Value } from '../html.js';
import type { Translator } from '../i18n/index.js';
import type { RuleText } from '../i18n/rule-words.js';
import { formatDate, localWhen, utcWhen, zoneOffset, type Span } from './time.js';

/** A query string of the non-empty values, '' when there are none. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * When something happens: in its own zone as written, and for timed events the same span in
 * UTC, which the page script replaces with the reader's own zone (or hides where they agree).
 */
export function when(t: Translator, span: Span, allDay: boolean, zone: string): Html {
  if (allDay) {
    const time = (words: Html) => html`<time datetime="${span.start.slice(0, 10)}">${words}</time>`;
    return html`<span class="when">${t.html('when.allDay', { dates: localWhen(t, span, true), zone }, { time })}</span>`;
  }
  // the reader's own time, made by the page script from this template (the script has no catalog)
  const template = t.t('when.yourTime', { zone: '{zone}', when: '{when}' });
  return html`<span class="when">${t.html(
    'when.local',
    { when: localWhen(t, span, false), zone, offset: zoneOffset(span, zone) },
    { time: (words) => html`<time datetime="${span.start}">${words}</time>` },
  )}</span>
<span class="viewer-time" data-viewer-time data-start="${span.startsAt}" data-end="${span.endsAt}" data-zone="${zone}" data-template="${template}">${utcWhen(t, span)}</span>`;
}

export function statusTag(t: Translator, status: string): Html | '' {
  return status === 'confirmed'
    ? ''
    : html`<span class="tag ${status}">${t.t(status === 'cancelled' ? 'status.cancelled' : 'status.tentative')}</span>`;
}

export interface EventSummary {
  event: CalendarEvent;
  officeName: string;
  regionName: string;
  /** for a series: the occurrence to show (the next one, or the last) */
  occurrence?: Occurrence | undefined;
  /** for a series: its rule in words, "monthly, first Wednesday, 13:00 Geneva time, until 31 December 2027", or the rule as it is */
  repeats?: RuleText | undefined;
  /** whether the occurrence shown is the next one or, in a past view, the last one */
  shown?: 'next' | 'last' | undefined;
  /** for a series in dates the reader chose: its occurrences held in them, and the first and last day */
  inPeriod?: { count: number; first: string | undefined; last: string | undefined; skipped: number } | undefined;
}

/** "11 occurrences in these dates, Wed 7 Jan 2026 to Wed 2 Dec 2026 (1 skipped)" */
function inPeriodText(t: Translator, p: NonNullable<EventSummary['inPeriod']>): string {
  const first = p.first === undefined ? '' : formatDate(t, p.first);
  const last = p.last === undefined ? '' : formatDate(t, p.last);
  const days = p.first === undefined ? 'none' : p.first === p.last ? 'one' : 'range';
  return t.t('series.inPeriod', { count: p.count, days, first, last, skipped: p.skipped });
}

/** Internal events are seen by ITU staff only, and say so wherever they are listed. */
export const visibilityTag = (t: Translator, event: Pick<CalendarEvent, 'visibility'>): Html | '' =>
  event.visibility === 'internal'
    ? html`<span class="tag internal" title="${t.t('visibility.internal.title')}">${t.t('visibility.internal')}</span>`
    : '';

/** The tags of an event: kind, status, visibility, series. */
export function eventTags(t: Translator, event: CalendarEvent): Html {
  return html`<span class="tag">${kindName(t, event.kind)}</span>${statusTag(t, event.status)}${visibilityTag(t, event)}${
    event.recurrence !== null ? html`<span class="tag">${t.t('series.tag')}</span>` : ''
  }`;
}

/** A series' rule: in words, or as it is written when words would say something else. */
export const repeatsText = (t: Translator, repeats: RuleText) =>
  'words' in repeats ? t.t('series.repeats', { words: repeats.words }) : t.t('series.repeatsRaw', { rule: repeats.rule });

/** ` lang="fr"` on a text in another language than the page's, so it is read in its own voice. */
export const langOf = (t: Translator, language: string): Html => (language === t.locale ? html`` : html` lang="${language}"`);

/** One event in a list: title, kind, status, when, where, who. */
export function eventItem(
  t: Translator,
  { event, officeName, regionName, occurrence, repeats, shown, inPeriod }: EventSummary,
  extra?: Value,
): Html {
  const span = occurrence ?? event;
  const place = venueText(t, event.venue);
  const which = occurrence ? (occurrence.status === 'cancelled' ? 'skipped' : (shown ?? 'next')) : undefined;
  return html`<li>
<h3 dir="auto"${langOf(t, event.language)}><a href="/events/${encodeURIComponent(event.id)}">${event.title}</a></h3>
<p class="meta">${eventTags(t, event)}</p>
${repeats ? html`<p class="meta repeats">${repeatsText(t, repeats)}</p>` : ''}
<p class="meta">${which ? html`${t.t('series.shown', { which })} ` : ''}${when(t, span, event.allDay, event.timeZone)}</p>
${inPeriod ? html`<p class="meta">${inPeriodText(t, inPeriod)}</p>` : ''}
${place ? html`<p class="meta">${place}</p>` : ''}
<p class="meta">${t.t('event.regionAndOffice', { region: regionName, office: officeName })}</p>
${extra}
</li>`;
}

export interface Choice {
  value: string;
  label: string;
  /** the label's language, where it is not the page's (a language named in itself) */
  lang?: string;
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string | undefined;
  /** the problem the API found with this field, shown beside it */
  problem?: string | undefined;
  /** 'auto' where the text may be of either direction (a translation typed in the form); 'ltr' for addresses and rules */
  dir?: 'auto' | 'ltr';
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;

function described(field: FieldBase): { id: string; attrs: Html } {
  const id = fieldId(field.name);
  const ids = [field.hint ? `${id}-hint` : '', field.problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return {
    id,
    attrs: html`${ids ? html` aria-describedby="${ids}"` : ''}${field.problem ? html` aria-invalid="true"` : ''}${field.dir ? html` dir="${field.dir}"` : ''}`,
  };
}

function labelled(field: FieldBase, control: Html, id: string): Html {
  return html`<div class="field">
<label for="${id}">${field.label}</label>
${field.hint ? html`<span class="hint" id="${id}-hint">${field.hint}</span>` : ''}
${field.problem ? html`<span class="field-problem" id="${id}-problem">${field.problem}</span>` : ''}
${control}
</div>`;
}

export function textField(
  field: FieldBase & { value: string; type?: string; required?: boolean; autocomplete?: string; list?: string; inputmode?: 'numeric' },
): Html {
  const { id, attrs } = described(field);
  const control = html`<input type="${field.type ?? 'text'}" id="${id}" name="${field.name}" value="${field.value}"${field.required ? html` required` : ''}${
    field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''
  }${field.list ? html` list="${field.list}"` : ''}${field.type === 'number' ? html` min="0" step="1" inputmode="numeric"` : ''}${field.inputmode ? html` inputmode="${field.inputmode}"` : ''}${attrs}>`;
  return labelled(field, control, id);
}

export function textArea(field: FieldBase & { value: string }): Html {
  const { id, attrs } = described(field);
  return labelled(field, html`<textarea id="${id}" name="${field.name}"${attrs}>${field.value}</textarea>`, id);
}

export function selectField(field: FieldBase & { choices: Choice[]; selected: string[]; multiple?: boolean; empty?: string }): Html {
  const { id, attrs } = described(field);
  const options = field.choices.map(
    (c) =>
      html`<option value="${c.value}"${c.lang ? html` lang="${c.lang}"` : ''}${field.selected.includes(c.value) ? html` selected` : ''}>${c.label}</option>`,
  );
  const control = html`<select id="${id}" name="${field.name}"${field.multiple ? html` multiple size="6"` : ''}${attrs}>
${field.empty !== undefined ? html`<option value="">${field.empty}</option>` : ''}${options}
</select>`;
  return labelled(field, control, id);
}

/** One of a few choices, each said in words (and a hint: who sees it, what it does). */
export function radios(field: {
  name: string;
  legend: string;
  choices: { value: string; label: string; hint?: string }[];
  selected: string;
  problem?: string | undefined;
}): Html {
  const id = fieldId(field.name);
  return html`<fieldset class="radios" id="${id}" tabindex="-1">
<legend>${field.legend}</legend>
${field.problem ? html`<span class="field-problem" id="${id}-problem">${field.problem}</span>` : ''}
${field.choices.map(
  (
    c,
  ) => html`<div class="field radio"><input type="radio" id="${id}-${c.value}" name="${field.name}" value="${c.value}"${c.value === field.selected ? html` checked` : ''}${c.hint ? html` aria-describedby="${id}-${c.value}-hint"` : ''}>
<label for="${id}-${c.value}">${c.label}</label>${c.hint ? html`<span class="hint" id="${id}-${c.value}-hint">${c.hint}</span>` : ''}</div>`,
)}
</fieldset>`;
}

/** A yes/no field: what the API could refuse about it, a form cannot send. */
export function checkbox(field: { name: string; label: string; checked: boolean; value?: string; id?: string }): Html {
  const id = fieldId(field.id ?? field.name);
  return html`<div class="field checkbox">
<input type="checkbox" id="${id}" name="${field.name}" value="${field.value ?? 'on'}"${field.checked ? html` checked` : ''}>
<label for="${id}">${field.label}</label>
</div>`;
}

/** The API's refusal at the top of a form, linked to the field it concerns. */
export function problemSummary(
  t: Translator,
  heading: string,
  problem: { message: string; field?: string | undefined } | undefined,
): Html | '' {
  if (!problem) return '';
  const target = problem.field ? html` <a href="#${fieldId(problem.field)}">${t.t('form.goToField')}</a>` : '';
  return html`<div class="problem" role="alert" id="problem" tabindex="-1">
<h2>${heading}</h2>
<p>${problem.message}${target}</p>
</div>`;
}

/** A page of a list, with its neighbours. */
export interface ListPage {
  items: EventSummary[];
  total: number;
  offset: number;
  limit: number;
  prevHref?: string | undefined;
  nextHref?: string | undefined;
}

/** Links to the views (or to the lists of an office page), the current one marked. */
export function viewTabs(label: string, current: string, views: { view: string; label: string; href: string }[]): Html {
  return html`<nav class="views" aria-label="${label}"><ul>
${views.map((v) => html`<li>${v.view === current ? html`<a href="${v.href}" aria-current="page">${v.label}</a>` : html`<a href="${v.href}">${v.label}</a>`}</li>`)}
</ul></nav>`;
}

/** Previous and next links of a page of `size` at `offset` of `total`; `href` makes the link of an offset. */
export function pageLinks(offset: number, size: number, total: number, href: (offset: number) => string) {
  // from past the end, back to the last page
  const back = offset >= total ? Math.max(0, Math.ceil(total / size) - 1) * size : Math.max(0, offset - size);
  return {
    prevHref: offset > 0 ? href(back) : undefined,
    nextHref: offset + size < total ? href(offset + size) : undefined,
  };
}

/** Previous and next page links, when there are other pages. */
export function pager(t: Translator, label: string, page: { prevHref?: string | undefined; nextHref?: string | undefined }): Html | '' {
  if (!page.prevHref && !page.nextHref) return '';
  return html`<nav class="pager" aria-label="${label}">${page.prevHref ? html`<a href="${page.prevHref}">${t.t('pager.previous')}</a>` : ''}${
    page.nextHref ? html`<a href="${page.nextHref}">${t.t('pager.next')}</a>` : ''
  }</nav>`;
}
