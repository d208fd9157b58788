import { selectField, type Choice } from './components.js';
import { html, type Html } from '../html.js';
import { AUTONYMS, type OfficialLocale, type Translator } from '../i18n/index.js';
import { layout, type Viewer } from './layout.js';

/** A feed as GET /api/feeds lists it. */
export interface FeedLinkView {
  title: string;
  /** the feed's name without the calendar's own: "Africa" for "ITU-T regional events: Africa" */
  scope: string;
  description: string;
  path: string;
  url: string;
  webcal: string;
  /** the same feed in each of the six languages, the page's first */
  languages?: readonly { locale: OfficialLocale; webcal: string }[];
}

export interface FeedSection {
  id: string;
  heading: string;
  feeds: FeedLinkView[];
}

export interface SubscribeData {
  t: Translator;
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
function feedLinks(t: Translator, feed: FeedLinkView, key: string): Html {
  const hidden = (words: Html) => html`<span class="visually-hidden">${words}</span>`;
  return html`<p class="meta"><a href="${feed.webcal}">${t.html('subscribe.link', { title: feed.title }, { hidden })}</a>
· <span class="feed-url">${feed.url}</span>
<button type="button" class="secondary" data-copy="${feed.url}" data-status="copied-${key}" data-copied="${t.t('subscribe.copied')}" data-copy-failed="${t.t(
    'subscribe.copyFailed',
  )}" hidden>${t.html('subscribe.copy', { title: feed.title }, { hidden })}</button>
<span role="status" id="copied-${key}"></span></p>
${feed.languages?.length ? inLanguages(t, feed, hidden) : ''}`;
}

/** The feed's subscribe links in every language, each named in itself (the list item says which feed). */
function inLanguages(t: Translator, feed: FeedLinkView, hidden: (words: Html) => Html): Html {
  const links = (feed.languages ?? []).map(
    ({ locale, webcal }, i) =>
      html`${i ? ' · ' : ''}<a href="${webcal}" hreflang="${locale}" lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">${AUTONYMS[locale]}</a>`,
  );
  return html`<p class="meta">${t.html('subscribe.languages', { title: feed.title }, { hidden })} ${links}</p>`;
}

const keyOf = (feed: FeedLinkView) => feed.path.replace(/^\/feeds\//, '').replace(/[^A-Za-z0-9]+/g, '-');

function feedItem(t: Translator, feed: FeedLinkView): Html {
  return html`<li><strong>${feed.scope}</strong> — ${feed.description}
${feedLinks(t, feed, keyOf(feed))}</li>`;
}

function builder(t: Translator, data: SubscribeData['builder']): Html {
  const { choices, selected, result } = data;
  return html`<h2 id="builder">${t.t('subscribe.builder')}</h2>
<p>${t.t('subscribe.builderIntro')}</p>
${
  result
    ? html`<div class="notice" role="status" aria-labelledby="built">
<h3 id="built">${t.t('subscribe.yourFeed', { title: result.title })}</h3>
<p>${result.description}</p>
${feedLinks(t, result, 'built')}
</div>`
    : ''
}
<form method="get" action="/subscribe#builder" class="filters" aria-labelledby="builder">
${selectField({ name: 'region', label: t.t('subscribe.regions'), choices: choices.regions, selected: selected.region, multiple: true, hint: t.t('subscribe.chooseHint') })}
${selectField({ name: 'group', label: t.t('subscribe.groups'), choices: choices.groups, selected: selected.group, multiple: true })}
${selectField({ name: 'office', label: t.t('subscribe.offices'), choices: choices.offices, selected: selected.office, multiple: true })}
${selectField({ name: 'kind', label: t.t('subscribe.kinds'), choices: choices.kinds, selected: selected.kind, multiple: true })}
<div class="field"><button type="submit">${t.t('subscribe.show')}</button></div>
</form>`;
}

export function subscribePage(data: SubscribeData): string {
  const { t } = data;
  const b = (words: Html) => html`<strong>${words}</strong>`;
  const steps = (keys: Parameters<Translator['html']>[0][]) =>
    html`<ol>${keys.map((key) => html`<li>${t.html(key, {}, { b })}</li>`)}</ol>`;
  const body = html`<h1>${t.t('subscribe.title')}</h1>
<p>${t.t('subscribe.intro')}</p>
<h2>${t.t('subscribe.how')}</h2>
<h3>${t.t('subscribe.outlook')}</h3>
${steps(['subscribe.outlook.1', 'subscribe.outlook.2'])}
<h3>${t.t('subscribe.google')}</h3>
${steps(['subscribe.google.1', 'subscribe.google.2'])}
<h3>${t.t('subscribe.apple')}</h3>
${steps(['subscribe.apple.1', 'subscribe.apple.2'])}
<h2 id="all">${t.t('subscribe.all')}</h2>
<ul class="feeds" aria-labelledby="all">${feedItem(t, data.all)}</ul>
${builder(t, data.builder)}
${data.sections.map(
  (section) => html`<h2 id="${section.id}">${section.heading}</h2>
<ul class="feeds" aria-labelledby="${section.id}">${section.feeds.map((feed) => feedItem(t, feed))}</ul>`,
)}`;
  return layout({ t, title: t.t('subscribe.titleShort'), viewer: data.viewer, path: '/subscribe' }, body);
}
