import { eventItem, selectField, textField, type Choice, type EventSummary } from './components.js';
import { html, type Html } from './html.js';
import { layout, type Viewer } from './layout.js';
import { formatDate, formatMonth } from './time.js';

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

export interface MonthEntry {
  id: string;
  title: string;
  /** local start time of a timed event ('09:00'), none for all-day */
  time: string | null;
  cancelled: boolean;
}

export interface MonthDay {
  date: string;
  /** false for the days of the neighbouring months that fill the first and last weeks */
  inMonth: boolean;
  entries: MonthEntry[];
  /** entries left out of the cell, and the list of that day */
  more: number;
  dayHref: string;
}

export interface HomeData {
  viewer?: Viewer | undefined;
  filters: HomeFilters;
  choices: FilterChoices;
  /** the date the list starts from when no "from" is given */
  today: string;
  view: 'list' | 'month';
  listHref: string;
  monthHref: string;
  list?: { items: EventSummary[]; total: number; offset: number; limit: number; prevHref?: string | undefined; nextHref?: string | undefined };
  month?: { month: string; events: number; weeks: MonthDay[][]; prev: { month: string; href: string }; next: { month: string; href: string } };
}

const WEEKDAYS = [
  ['Mon', 'Monday'],
  ['Tue', 'Tuesday'],
  ['Wed', 'Wednesday'],
  ['Thu', 'Thursday'],
  ['Fri', 'Friday'],
  ['Sat', 'Saturday'],
  ['Sun', 'Sunday'],
] as const;

function filterForm(data: HomeData): Html {
  const f = data.filters;
  return html`<form method="get" action="/" class="filters" role="search" aria-label="Filter events">
${data.view === 'month' ? html`<input type="hidden" name="view" value="month">` : ''}
${selectField({ name: 'region', label: 'Region', choices: data.choices.regions, selected: [f.region], empty: 'Any region' })}
${selectField({ name: 'group', label: 'Group', choices: data.choices.groups, selected: [f.group], empty: 'Any group' })}
${selectField({ name: 'office', label: 'Office', choices: data.choices.offices, selected: [f.office], empty: 'Any office' })}
${selectField({ name: 'kind', label: 'Kind', choices: data.choices.kinds, selected: [f.kind], empty: 'Any kind' })}
${textField({ name: 'from', label: 'From', type: 'date', value: f.from })}
${textField({ name: 'to', label: 'To', type: 'date', value: f.to })}
${textField({ name: 'q', label: 'Text', value: f.q, type: 'search' })}
<div class="field"><button type="submit">Show events</button></div>
<div class="field"><a href="${data.view === 'month' ? '/?view=month' : '/'}">Clear filters</a></div>
</form>`;
}

function listView(data: HomeData): Html {
  const list = data.list!;
  const shown = list.items.length;
  const range = shown === 0 ? '' : `${list.offset + 1}–${list.offset + shown} of ${list.total}`;
  return html`<h2 id="results">Events${data.filters.from ? '' : ` from ${formatDate(data.today)}`}</h2>
<p role="status">${shown === 0 ? 'No events match these filters.' : `Showing ${range} events.`}</p>
${shown ? html`<ul class="event-list" aria-labelledby="results">${list.items.map((item) => eventItem(item))}</ul>` : ''}
${list.prevHref || list.nextHref
  ? html`<nav class="pager" aria-label="Pages of events">${list.prevHref ? html`<a href="${list.prevHref}">Previous page</a>` : ''}${list.nextHref ? html`<a href="${list.nextHref}">Next page</a>` : ''}</nav>`
  : ''}`;
}

function dayCell(day: MonthDay): Html {
  if (!day.inMonth) return html`<td class="outside"><span class="visually-hidden">${formatDate(day.date)}, another month</span></td>`;
  const entries = day.entries.map(
    (e) => html`<li>${e.time ? html`${e.time} ` : ''}${e.cancelled ? html`<del><a href="/events/${encodeURIComponent(e.id)}">${e.title}</a></del> (cancelled)` : html`<a href="/events/${encodeURIComponent(e.id)}">${e.title}</a>`}</li>`,
  );
  return html`<td><span class="day"><time datetime="${day.date}"><span aria-hidden="true">${Number(day.date.slice(8))}</span><span class="visually-hidden">${formatDate(day.date)}</span></time></span>
${entries.length ? html`<ul>${entries}</ul>` : ''}${day.more ? html`<a href="${day.dayHref}">${day.more} more<span class="visually-hidden"> on ${formatDate(day.date)}</span></a>` : ''}</td>`;
}

function monthView(data: HomeData): Html {
  const month = data.month!;
  const count = month.events;
  return html`<h2 id="results">${formatMonth(month.month)}</h2>
<nav class="pager" aria-label="Months">
<a href="${month.prev.href}">Previous month<span class="visually-hidden">: ${formatMonth(month.prev.month)}</span></a>
<a href="${month.next.href}">Next month<span class="visually-hidden">: ${formatMonth(month.next.month)}</span></a>
</nav>
<p role="status">${count === 0 ? 'No events match these filters this month.' : `${count} ${count === 1 ? 'event' : 'events'} this month.`}</p>
<table class="month">
<caption class="visually-hidden">Events in ${formatMonth(month.month)}, a week a row</caption>
<thead><tr>${WEEKDAYS.map(([short, long]) => html`<th scope="col"><abbr title="${long}">${short}</abbr></th>`)}</tr></thead>
<tbody>
${month.weeks.map((week) => html`<tr>${week.map(dayCell)}</tr>`)}
</tbody>
</table>`;
}

export function homePage(data: HomeData): string {
  const body = html`<h1>ITU-T regional events</h1>
<p>Study-group regional meetings, workshops, forums and clinics held with the ITU regional and area offices.
Times are shown in each event's own time zone. To follow them in your calendar app, <a href="/subscribe">subscribe to a feed</a>.</p>
${filterForm(data)}
<div class="views"><span>View:</span>
${data.view === 'list' ? html`<strong aria-current="true">List</strong>` : html`<a href="${data.listHref}">List</a>`}
${data.view === 'month' ? html`<strong aria-current="true">Month</strong>` : html`<a href="${data.monthHref}">Month</a>`}
</div>
${data.view === 'list' ? listView(data) : monthView(data)}`;
  return layout({ title: data.view === 'list' ? 'Upcoming events' : 'Events by month', viewer: data.viewer, path: '/' }, body);
}
