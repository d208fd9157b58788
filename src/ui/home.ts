import { eventItem, pager, selectField, textField, viewTabs, type Choice, type EventSummary, type ListPage } from './components.js';
import { html, type Html } from './html.js';
import { layout, type Viewer } from './layout.js';
import type { MonthBar, MonthDay, MonthEntry, MonthWeek } from './month.js';
import { formatDate, formatDays, formatMonth } from './time.js';

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
  month?: { month: string; events: number; weeks: MonthWeek[]; prev: { month: string; href: string }; next: { month: string; href: string } } | undefined;
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

const VIEW_LABELS: [HomeView, string][] = [
  ['upcoming', 'Upcoming'],
  ['past', 'Past'],
  ['month', 'Month'],
];

function filterForm(data: HomeData): Html {
  const f = data.filters;
  return html`<form method="get" action="/" class="filters" role="search" aria-label="Filter events">
${data.view !== 'upcoming' ? html`<input type="hidden" name="view" value="${data.view}">` : ''}
${selectField({ name: 'region', label: 'Region', choices: data.choices.regions, selected: [f.region], empty: 'Any region' })}
${selectField({ name: 'group', label: 'Group', choices: data.choices.groups, selected: [f.group], empty: 'Any group' })}
${selectField({ name: 'office', label: 'Office', choices: data.choices.offices, selected: [f.office], empty: 'Any office' })}
${selectField({ name: 'kind', label: 'Kind', choices: data.choices.kinds, selected: [f.kind], empty: 'Any kind' })}
${textField({ name: 'from', label: 'From', type: 'date', value: f.from })}
${textField({ name: 'to', label: 'To', type: 'date', value: f.to })}
${textField({ name: 'q', label: 'Text', value: f.q, type: 'search' })}
<div class="field"><button type="submit">Show events</button></div>
<div class="field"><a href="${data.view === 'upcoming' ? '/' : `/?view=${data.view}`}">Clear filters</a></div>
</form>`;
}

const range = (page: ListPage) => `${page.offset + 1}–${page.offset + page.items.length} of ${page.total}`;

function listView(data: HomeData): Html {
  const list = data.list!;
  const shown = list.items.length;
  let status: string;
  if (shown > 0) status = `Showing ${range(list)} events.`;
  else if (list.total > 0) status = `There are only ${list.total} events: this page is past the last.`;
  else if (list.recent.length === 0) status = 'No events match these filters.';
  else status = `No upcoming events match these filters${data.filters.from ? ` from ${formatDate(data.filters.from)} on` : ''}.`;
  return html`<h2 id="results">Events${data.filters.from ? '' : ` from ${formatDate(data.today)}`}</h2>
<p role="status">${status}</p>
${shown ? html`<ul class="event-list" aria-labelledby="results">${list.items.map((item) => eventItem(item))}</ul>` : ''}
${pager('Pages of events', list)}
${list.recent.length
  ? html`<h2 id="recent">The most recent past ${list.recent.length === 1 ? 'event' : 'events'}</h2>
<ul class="event-list" aria-labelledby="recent">${list.recent.map((item) => eventItem(item))}</ul>
<p><a href="${data.hrefs.past}">All past events matching these filters</a></p>`
  : ''}`;
}

function pastView(data: HomeData): Html {
  const past = data.past!;
  const shown = past.items.length;
  let status: string;
  if (shown > 0) status = `Showing ${range(past)} past events, the most recent first.`;
  else if (past.total > 0) status = `There are only ${past.total} past events: this page is past the last.`;
  else status = 'No past events match these filters.';
  return html`<h2 id="results">Past events</h2>
<p role="status">${status}</p>
${shown ? html`<ul class="event-list" aria-labelledby="results">${past.items.map((item) => eventItem(item))}</ul>` : ''}
${pager('Pages of past events', past)}`;
}

const eventLink = (e: MonthEntry) => html`<a href="/events/${encodeURIComponent(e.id)}">${e.title}</a>`;
const entryText = (e: MonthEntry) => (e.cancelled ? html`<del>${eventLink(e)}</del> (cancelled)` : eventLink(e));

/** A multi-day occurrence across its days of one week: its link, its whole dates for a screen reader, and marks where it goes on. */
function bar(b: MonthBar): Html {
  const classes = ['bar', `span-${b.span}`, b.before ? 'before' : '', b.after ? 'after' : '', b.cancelled ? 'cancelled' : ''].filter(Boolean).join(' ');
  return html`<div class="${classes}">${b.before ? html`<span class="goes-on" aria-hidden="true">◂ </span>` : ''}${b.time ? html`${b.time} ` : ''}${entryText(b)}<span class="visually-hidden">, ${formatDays(b.first, b.last)}</span>${
    b.after ? html`<span class="goes-on" aria-hidden="true"> ▸</span>` : ''
  }</div>`;
}

function dayCell(day: MonthDay): Html {
  if (!day.inMonth) return html`<td class="outside"><span class="visually-hidden">${formatDate(day.date)}, another month</span></td>`;
  const lanes = day.lanes.map((b) => (b ? bar(b) : html`<div class="lane"></div>`));
  const entries = day.entries.map((e) => html`<li>${e.time ? html`${e.time} ` : ''}${entryText(e)}</li>`);
  return html`<td><span class="day"><time datetime="${day.date}"><span aria-hidden="true">${Number(day.date.slice(8))}</span><span class="visually-hidden">${formatDate(day.date)}</span></time></span>
${lanes}${entries.length ? html`<ul>${entries}</ul>` : ''}${day.more ? html`<a class="more" href="${day.dayHref}">+${day.more} more<span class="visually-hidden"> on ${formatDate(day.date)}</span></a>` : ''}</td>`;
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
<caption class="visually-hidden">Events in ${formatMonth(month.month)}, a week a row; an event of several days is shown once a week, on its first day of the week</caption>
<thead><tr>${WEEKDAYS.map(([short, long]) => html`<th scope="col"><abbr title="${long}">${short}</abbr></th>`)}</tr></thead>
<tbody>
${month.weeks.map((week) => html`<tr>${week.days.map(dayCell)}</tr>`)}
</tbody>
</table>`;
}

const TITLES: Record<HomeView, string> = { upcoming: 'Upcoming events', past: 'Past events', month: 'Events by month' };

export function homePage(data: HomeData): string {
  const body = html`<h1>ITU-T regional events</h1>
<p>Study-group regional meetings, workshops, forums and clinics held with the ITU regional and area offices.
Times are shown in each event's own time zone. To follow them in your calendar app, <a href="/subscribe">subscribe to a feed</a>.</p>
${viewTabs('Views', data.view, VIEW_LABELS.map(([view, label]) => ({ view, label, href: data.hrefs[view] })))}
${filterForm(data)}
${data.view === 'upcoming' ? listView(data) : data.view === 'past' ? pastView(data) : monthView(data)}`;
  return layout({ title: TITLES[data.view], viewer: data.viewer, path: '/' }, body);
}
