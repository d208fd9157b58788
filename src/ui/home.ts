import { eventItem, langOf, pager, selectField, textField, viewTabs, type Choice, type EventSummary, type ListPage } from './components.js';
import { html, type Html } from '../html.js';
import type { Translator } from '../i18n/index.js';
import { layout, type Viewer } from './layout.js';
import type { ListDay, MonthBar, MonthDay, MonthEntry, MonthWeek } from './month.js';
import { formatDate, formatDays, formatMonth, weekdayNames, ZONE_CHOICES, zoneLabel } from './time.js';

/** The filter values as the form holds them ('' for "any"). */
export interface HomeFilters {
  region: string;
  group: string;
  office: string;
  kind: string;
  from: string;
  to: string;
  q: string;
}

export interface FilterChoices {
  regions: Choice[];
  groups: Choice[];
  offices: Choice[];
  kinds: Choice[];
}

/** The three views of the home page: the list of what is ahead, the list of what is over, the month grid. */
export type HomeView = 'upcoming' | 'past' | 'month';

export interface HomeData {
  t: Translator;
  viewer?: Viewer | undefined;
  filters: HomeFilters;
  choices: FilterChoices;
  /** the date the list starts from when no "from" is given */
  today: string;
  view: HomeView;
  /** each view with the current filters */
  hrefs: Record<HomeView, string>;
  /** upcoming: the list from "from" (today by default); when it is empty, the most recent past events */
  list?: (ListPage & { recent: EventSummary[] }) | undefined;
  /** past: the events over, most recent first */
  past?: ListPage | undefined;
  month?: MonthData | undefined;
}

export interface MonthData {
  month: string;
  events: number;
  weeks: MonthWeek[];
  /** the same month as a list of the days that have events (what a narrow screen shows) */
  days: ListDay[];
  prev: { month: string; href: string };
  next: { month: string; href: string };
  /**
   * Whose time: `chosen`, the one zone every time is shown in, or (undefined) each event's own;
   * `pageZone` the zone unmarked times are in; `instant` the moment zones are named at.
   */
  times: { chosen: string | undefined; pageZone: string | undefined; instant: number };
  /** the reader's today (in the chosen zone, else the service's) */
  today: string;
}

function filterForm(data: HomeData): Html {
  const { t, filters: f } = data;
  return html`<form method="get" action="/" class="filters" role="search" aria-label="${t.t('filters.label')}">
${data.view !== 'upcoming' ? html`<input type="hidden" name="view" value="${data.view}">` : ''}
${selectField({ name: 'region', label: t.t('filters.region'), choices: data.choices.regions, selected: [f.region], empty: t.t('filters.anyRegion') })}
${selectField({ name: 'group', label: t.t('filters.group'), choices: data.choices.groups, selected: [f.group], empty: t.t('filters.anyGroup') })}
${selectField({ name: 'office', label: t.t('filters.office'), choices: data.choices.offices, selected: [f.office], empty: t.t('filters.anyOffice') })}
${selectField({ name: 'kind', label: t.t('filters.kind'), choices: data.choices.kinds, selected: [f.kind], empty: t.t('filters.anyKind') })}
${textField({ name: 'from', label: t.t('filters.from'), type: 'date', value: f.from })}
${textField({ name: 'to', label: t.t('filters.to'), type: 'date', value: f.to })}
${textField({ name: 'q', label: t.t('filters.text'), value: f.q, type: 'search' })}
<div class="field"><button type="submit">${t.t('filters.submit')}</button></div>
<div class="field"><a href="${data.view === 'upcoming' ? '/' : `/?view=${data.view}`}">${t.t('filters.clear')}</a></div>
</form>`;
}

/** "Showing 1–50 of 120 events." and the other states of a list. */
function listStatus(t: Translator, page: ListPage, kind: 'upcoming' | 'past', empty: string): string {
  const shown = page.items.length;
  if (shown > 0) return t.t('list.showing', { kind, first: page.offset + 1, last: page.offset + shown, total: page.total });
  if (page.total > 0) return t.t('list.pastTheLast', { kind, total: page.total });
  return empty;
}

function listView(data: HomeData): Html {
  const { t } = data;
  const list = data.list!;
  const from = data.filters.from;
  const status =
    list.items.length || list.total || list.recent.length === 0
      ? listStatus(t, list, 'upcoming', t.t('list.noMatch'))
      : from
        ? t.t('list.noUpcomingFrom', { from: formatDate(t, from) })
        : t.t('list.noUpcoming');
  return html`<h2 id="results">${from ? t.t('list.heading') : t.t('list.headingFrom', { from: formatDate(t, data.today) })}</h2>
<p role="status">${status}</p>
${list.items.length ? html`<ul class="event-list" aria-labelledby="results">${list.items.map((item) => eventItem(t, item))}</ul>` : ''}
${pager(t, t.t('list.pages'), list)}
${
  list.recent.length
    ? html`<h2 id="recent">${t.t('list.recent', { count: list.recent.length })}</h2>
<ul class="event-list" aria-labelledby="recent">${list.recent.map((item) => eventItem(t, item))}</ul>
<p><a href="${data.hrefs.past}">${t.t('list.allPastMatching')}</a></p>`
    : ''
}`;
}

function pastView(data: HomeData): Html {
  const { t } = data;
  const past = data.past!;
  return html`<h2 id="results">${t.t('past.heading')}</h2>
<p role="status">${listStatus(t, past, 'past', t.t('past.noMatch'))}</p>
${past.items.length ? html`<ul class="event-list" aria-labelledby="results">${past.items.map((item) => eventItem(t, item))}</ul>` : ''}
${pager(t, t.t('past.pages'), past)}`;
}

/** "11:00", or "11:00 EET" where the time is in another zone than the page's. */
function timeOf(t: Translator, e: MonthEntry, instant: number): Html | '' {
  if (!e.time) return '';
  const zone = e.zone;
  if (!zone) return html`${e.time} `;
  return html`${t.html('month.timeIn', { time: e.time, zone: zoneLabel(t, zone, instant) }, { name: (words) => html`<span class="zone" title="${zone}">${words}</span>` })} `;
}

const eventLink = (t: Translator, e: MonthEntry) =>
  html`<a href="/events/${encodeURIComponent(e.id)}" dir="auto"${langOf(t, e.language)}>${e.title}</a>`;
const entryText = (t: Translator, e: MonthEntry) =>
  e.cancelled ? html`<del>${eventLink(t, e)}</del> ${t.t('month.cancelled')}` : eventLink(t, e);

/** A multi-day occurrence across its days of one week: its link, its whole dates for a screen reader, and marks where it goes on. */
function bar(t: Translator, b: MonthBar, instant: number): Html {
  const classes = ['bar', `span-${b.span}`, b.before ? 'before' : '', b.after ? 'after' : '', b.cancelled ? 'cancelled' : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="${classes}">${b.before ? html`<span class="goes-on" aria-hidden="true">◂ </span>` : ''}${timeOf(t, b, instant)}${entryText(t, b)}<span class="visually-hidden">, ${formatDays(t, b.first, b.last)}</span>${
    b.after ? html`<span class="goes-on" aria-hidden="true"> ▸</span>` : ''
  }</div>`;
}

function dayCell(t: Translator, day: MonthDay, instant: number): Html {
  const date = formatDate(t, day.date);
  if (!day.inMonth) return html`<td class="outside"><span class="visually-hidden">${t.t('month.otherMonth', { date })}</span></td>`;
  const lanes = day.lanes.map((b) => (b ? bar(t, b, instant) : html`<div class="lane"></div>`));
  const entries = day.entries.map((e) => html`<li>${timeOf(t, e, instant)}${entryText(t, e)}</li>`);
  const more = (words: Html) => html`<a class="more" href="${day.dayHref}">${words}</a>`;
  const today = day.today ? html` class="today" aria-current="date"` : '';
  return html`<td${today}><span class="day"><time datetime="${day.date}"><span aria-hidden="true">${t.number(Number(day.date.slice(8)))}</span><span class="visually-hidden">${date}</span></time>${
    day.today ? html` <span class="today-mark">${t.t('month.today')}</span>` : ''
  }</span>
${lanes}${entries.length ? html`<ul>${entries}</ul>` : ''}${day.more ? t.html('month.more', { count: day.more, date }, { more, hidden: (words) => html`<span class="visually-hidden">${words}</span>` }) : ''}</td>`;
}

/**
 * The month's own form (a GET, so it works without the script and keeps the filters): a month and
 * a year to go to, and whose times to read. The script adds the reader's own zone to the choices.
 */
function monthControls(data: HomeData, month: MonthData): Html {
  const { t, filters } = data;
  const [year, mon] = [Number(month.month.slice(0, 4)), month.month.slice(5, 7)];
  const thisYear = Number(data.today.slice(0, 4));
  const years = [...new Set([...Array.from({ length: 16 }, (_, i) => thisYear - 10 + i), year])].sort((a, b) => a - b);
  const monthName = (m: number) => t.dateTime(Date.UTC(2024, m - 1, 1), { month: 'long', timeZone: 'UTC' });
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const kept = (Object.entries(filters) as [string, string][]).filter(([, value]) => value !== '');
  const chosen = month.times.chosen;
  const zones = chosen && !ZONE_CHOICES.includes(chosen) ? [chosen, ...ZONE_CHOICES] : ZONE_CHOICES;
  return html`<form method="get" action="/" class="filters month-controls" aria-label="${t.t('month.controls')}">
<input type="hidden" name="view" value="month">
${kept.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="field"><label for="m-mon">${t.t('month.pickMonth')}</label><select id="m-mon" name="mon">${Array.from({ length: 12 }, (_, i) =>
    option(String(i + 1).padStart(2, '0'), monthName(i + 1), String(i + 1).padStart(2, '0') === mon),
  )}</select></div>
<div class="field"><label for="m-year">${t.t('month.pickYear')}</label><select id="m-year" name="year">${years.map((y) =>
    option(String(y), t.number(y, { useGrouping: false }), y === year),
  )}</select></div>
<div class="field"><label for="m-tz">${t.t('month.timesIn')}</label><select id="m-tz" name="tz" data-your-zone="${t.t('month.yourZone', { zone: '{zone}' })}">
${option('own', t.t('month.ownZones'), chosen === undefined)}
${zones.map((z) => option(z, z, z === chosen))}
</select></div>
<div class="field"><button type="submit">${t.t('month.show')}</button></div>
</form>`;
}

/** Whose time the page's times are: said once, above the grid. */
function zoneNote(t: Translator, month: MonthData): string {
  const { chosen, pageZone, instant } = month.times;
  if (chosen) return t.t('month.zonesOne', { zone: zoneLabel(t, chosen, instant) });
  return pageZone ? t.t('month.zonesOwn', { zone: zoneLabel(t, pageZone, instant) }) : t.t('month.zonesOwnOnly');
}

/** The month as a list of the days that have events: what a narrow screen shows instead of the grid. */
function dayList(t: Translator, month: MonthData): Html {
  if (month.days.length === 0) return html``;
  const item = (e: ListDay['entries'][number]) =>
    html`<li>${timeOf(t, e, month.times.instant)}${entryText(t, e)}${
      e.first !== e.last ? html` <span class="days">(${formatDays(t, e.first, e.last)})</span>` : ''
    }</li>`;
  return html`<ol class="day-list" aria-label="${t.t('month.dayList', { month: formatMonth(t, month.month) })}">
${month.days.map(
  (day: ListDay) =>
    html`<li${day.today ? html` class="today" aria-current="date"` : ''}><h3><time datetime="${day.date}">${formatDate(t, day.date)}</time>${
      day.today ? html` <span class="today-mark">${t.t('month.today')}</span>` : ''
    }</h3><ul>${day.entries.map(item)}</ul></li>`,
)}
</ol>`;
}

function monthView(data: HomeData): Html {
  const { t } = data;
  const month = data.month!;
  const count = month.events;
  const hidden = (words: Html) => html`<span class="visually-hidden">${words}</span>`;
  return html`<h2 id="results">${formatMonth(t, month.month)}</h2>
<nav class="pager" aria-label="${t.t('month.months')}">
<a href="${month.prev.href}">${t.html('month.previous', { month: formatMonth(t, month.prev.month) }, { hidden })}</a>
<a href="${month.next.href}">${t.html('month.next', { month: formatMonth(t, month.next.month) }, { hidden })}</a>
</nav>
${monthControls(data, month)}
<p class="zone-note">${zoneNote(t, month)}</p>
<p role="status">${count === 0 ? t.t('month.none') : t.t('month.count', { count })}</p>
<table class="month">
<caption class="visually-hidden">${t.t('month.caption', { month: formatMonth(t, month.month) })}</caption>
<thead><tr>${weekdayNames(t).map(({ short, long }) => html`<th scope="col"><abbr title="${long}">${short}</abbr></th>`)}</tr></thead>
<tbody>
${month.weeks.map((week) => html`<tr>${week.days.map((day) => dayCell(t, day, month.times.instant))}</tr>`)}
</tbody>
</table>
${dayList(t, month)}`;
}

export function homePage(data: HomeData): string {
  const { t } = data;
  const subscribe = (words: Html) => html`<a href="/subscribe">${words}</a>`;
  const views = (['upcoming', 'past', 'month'] as const).map((view) => ({
    view,
    label: t.t('views.tab', { view }),
    href: data.hrefs[view],
  }));
  const body = html`<h1>${t.t('site.name')}</h1>
<p>${t.html('home.intro', {}, { subscribe })}</p>
${viewTabs(t.t('views.label'), data.view, views)}
${filterForm(data)}
${data.view === 'upcoming' ? listView(data) : data.view === 'past' ? pastView(data) : monthView(data)}`;
  return layout({ t, title: t.t('home.title', { view: data.view }), viewer: data.viewer, path: '/' }, body);
}
