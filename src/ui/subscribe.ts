import { selectField, type Choice } from './components.js';
import { html, type Html } from './html.js';
import { layout, type Viewer } from './layout.js';

/** A feed as GET /api/feeds lists it. */
export interface FeedLinkView {
  title: string;
  description: string;
  path: string;
  url: string;
  webcal: string;
}

export interface FeedSection {
  id: string;
  heading: string;
  feeds: FeedLinkView[];
}

export interface SubscribeData {
  viewer?: Viewer | undefined;
  all: FeedLinkView;
  sections: FeedSection[];
  builder: {
    choices: { regions: Choice[]; groups: Choice[]; offices: Choice[]; kinds: Choice[] };
    selected: { region: string[]; group: string[]; office: string[]; kind: string[] };
    /** the combined feed of the selection, once the builder was used */
    result?: FeedLinkView | undefined;
  };
}

/** A feed's links: webcal:// opens the calendar app, the https link is for pasting; the copy button needs the script. */
function feedLinks(feed: FeedLinkView, key: string): Html {
  return html`<p class="meta"><a href="${feed.webcal}">Subscribe<span class="visually-hidden">: ${feed.title}</span></a>
· <span class="feed-url">${feed.url}</span>
<button type="button" class="secondary" data-copy="${feed.url}" data-status="copied-${key}" hidden>Copy link<span class="visually-hidden"> of ${feed.title}</span></button>
<span role="status" id="copied-${key}"></span></p>`;
}

const keyOf = (feed: FeedLinkView) => feed.path.replace(/^\/feeds\//, '').replace(/[^A-Za-z0-9]+/g, '-');

function feedItem(feed: FeedLinkView): Html {
  return html`<li><strong>${feed.title.replace(/^ITU-T regional events: /, '')}</strong> — ${feed.description}
${feedLinks(feed, keyOf(feed))}</li>`;
}

function builder(data: SubscribeData['builder']): Html {
  const { choices, selected, result } = data;
  const hint = 'Choose one or more (Ctrl or Cmd and click, or Shift and arrows); none means all';
  return html`<h2 id="builder">Build a feed of your own</h2>
<p>Combine filters: a feed of the events that match every list you choose from (any one value of each).</p>
${result
  ? html`<div class="notice" role="status" aria-labelledby="built">
<h3 id="built">Your feed: ${result.title}</h3>
<p>${result.description}</p>
${feedLinks(result, 'built')}
</div>`
  : ''}
<form method="get" action="/subscribe#builder" class="filters" aria-labelledby="builder">
${selectField({ name: 'region', label: 'Regions', choices: choices.regions, selected: selected.region, multiple: true, hint })}
${selectField({ name: 'group', label: 'Groups', choices: choices.groups, selected: selected.group, multiple: true })}
${selectField({ name: 'office', label: 'Offices', choices: choices.offices, selected: selected.office, multiple: true })}
${selectField({ name: 'kind', label: 'Kinds of event', choices: choices.kinds, selected: selected.kind, multiple: true })}
<div class="field"><button type="submit">Show the feed link</button></div>
</form>`;
}

export function subscribePage(data: SubscribeData): string {
  const body = html`<h1>Subscribe to the events</h1>
<p>Every feed is an iCalendar subscription: your calendar app fetches it again every few hours, so new
events, changes and cancellations reach you by themselves.</p>
<h2>How to subscribe</h2>
<h3>Outlook</h3>
<ol>
<li>On Windows or Mac, select a <strong>Subscribe</strong> link below: Outlook asks whether to add the calendar.</li>
<li>In Outlook on the web: <strong>Add calendar</strong>, then <strong>Subscribe from web</strong>; paste the feed's https link and choose <strong>Import</strong>.</li>
</ol>
<h3>Google Calendar</h3>
<ol>
<li>On a computer, open Google Calendar; beside <strong>Other calendars</strong> select <strong>+</strong>, then <strong>From URL</strong>.</li>
<li>Paste the feed's https link and select <strong>Add calendar</strong>. Google refreshes it on its own schedule, which can take several hours.</li>
</ol>
<h3>Apple Calendar</h3>
<ol>
<li>On a Mac, iPhone or iPad, select a <strong>Subscribe</strong> link below and confirm; or in Calendar on a Mac choose <strong>File</strong>, <strong>New Calendar Subscription</strong> and paste the link.</li>
<li>Set <strong>Auto-refresh</strong> to every hour or every day.</li>
</ol>
<h2 id="all">All events</h2>
<ul class="feeds" aria-labelledby="all">${feedItem(data.all)}</ul>
${builder(data.builder)}
${data.sections.map(
  (section) => html`<h2 id="${section.id}">${section.heading}</h2>
<ul class="feeds" aria-labelledby="${section.id}">${section.feeds.map(feedItem)}</ul>`,
)}`;
  return layout({ title: 'Subscribe', viewer: data.viewer, path: '/subscribe' }, body);
}
