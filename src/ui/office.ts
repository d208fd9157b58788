import { eventItem, pager, problemSummary, textField, viewTabs, type EventSummary, type ListPage } from './components.js';
import type { FeedLinkInfo } from '../domain/shapes.js';
import { html, type Html } from '../html.js';
import type { Message, Translator } from '../i18n/index.js';
import { csrfField, layout, type Viewer } from './layout.js';

export interface SignInData {
  t: Translator;
  csrf: string;
  /** where to go once signed in */
  next: string;
  /** why the last sign-in was refused, said in the reader's language */
  problem?: Message | undefined;
}

export function signInPage(data: SignInData): string {
  const { t } = data;
  const problem = data.problem && t.say(data.problem);
  const body = html`<h1>${t.t('signIn.title')}</h1>
<p>${t.t('signIn.intro')}</p>
${problemSummary(t, t.t('signIn.problem'), problem ? { message: problem, field: 'token' } : undefined)}
<form method="post" action="/sign-in">
${csrfField(data.csrf)}
<input type="hidden" name="next" value="${data.next}">
${textField({ name: 'token', label: t.t('signIn.token'), type: 'password', value: '', autocomplete: 'off', required: true, hint: t.t('signIn.tokenHint'), problem })}
<button type="submit">${t.t('signIn.submit')}</button>
</form>`;
  return layout({ t, title: t.t('signIn.title'), path: '/sign-in' }, body);
}

export interface OfficeData {
  t: Translator;
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
  const { t, viewer } = data;
  const hidden = (words: Html) => html`<span class="visually-hidden">${words}</span>`;
  const countLink = (s: EventSummary) =>
    html`<p class="meta"><a href="/events/${encodeURIComponent(s.event.id)}/attendance">${t.html('office.registerCounts', { title: s.event.title }, { hidden })}</a></p>`;
  const editLink = (s: EventSummary) =>
    html`<p class="meta"><a href="/events/${encodeURIComponent(s.event.id)}/edit">${t.html('office.edit', { title: s.event.title }, { hidden })}</a></p>`;
  // a past event's figures, or that they are not registered (never "0 participants"); series and
  // calls are not counted
  const figuresLine = (s: EventSummary) => {
    const e = s.event;
    if (e.recurrence !== null || e.kind === 'coordination-call' || e.status === 'cancelled') return '';
    const a = e.attendance;
    return html`<p class="meta">${
      a
        ? t.t('figures.summary', {
            participants: a.participants,
            countries: a.countries ?? 0,
            hasCountries: a.countries !== null ? 'yes' : 'no',
          })
        : t.t('figures.notRegisteredYet')
    }</p>`;
  };
  // TSB sees every office's events; an office its own
  const whose = data.isTsb ? 'all' : 'own';
  const tabs = viewTabs(t.t('office.views'), data.view, [
    { view: 'upcoming', label: t.t('views.tab', { view: 'upcoming' }), href: data.hrefs.upcoming },
    { view: 'past', label: t.t('views.tab', { view: 'past' }), href: data.hrefs.past },
  ]);
  let events;
  if (data.view === 'past') {
    const past = data.past!;
    const shown = past.items.length;
    const status = shown
      ? t.t('list.showing', { kind: 'past', first: past.offset + 1, last: past.offset + shown, total: past.total })
      : past.total
        ? t.t('list.pastTheLast', { kind: 'past', total: past.total })
        : t.t('office.noPast');
    events = html`<h2 id="past">${t.t('office.pastHeading', { whose })}</h2>
${tabs}
<p role="status">${status}</p>
${shown ? html`<ul class="event-list" aria-labelledby="past">${past.items.map((s) => eventItem(t, s, html`${figuresLine(s)}${editLink(s)}`))}</ul>` : ''}
${pager(t, t.t('past.pages'), past)}`;
  } else {
    events = html`<h2 id="upcoming">${t.t('office.upcomingHeading', { whose })}</h2>
${tabs}
${
  data.upcoming.length
    ? html`<ul class="event-list" aria-labelledby="upcoming">${data.upcoming.map((s) => eventItem(t, s, editLink(s)))}</ul>`
    : html`<p>${t.t('office.noUpcoming')}</p>`
}
${
  data.recent.length
    ? html`<h3 id="recent">${t.t('list.recent', { count: data.recent.length })}</h3>
<ul class="event-list" aria-labelledby="recent">${data.recent.map((s) => eventItem(t, s, editLink(s)))}</ul>
<p><a href="${data.hrefs.past}">${t.t('office.allPast')}</a></p>`
    : ''
}`;
  }
  const feeds = (words: Html) => html`<a href="/office/feeds">${words}</a>`;
  const body = html`<h1>${viewer.officeName}</h1>
<p>${t.t('office.signedInAs', { office: viewer.officeName, tsb: data.isTsb ? 'yes' : 'no' })}</p>
<p><a class="button" href="/events/new">${t.t('office.create')}</a> ${t.html('office.feedLinks', {}, { feeds })}</p>
${data.isTsb ? html`<p>${t.html('office.holidays', {}, { holidays: (words: Html) => html`<a href="/office/holidays">${words}</a>` })}</p>` : ''}
${data.isTsb ? html`<p>${t.html('office.reference', {}, { reference: (words: Html) => html`<a href="/office/reference">${words}</a>` })}</p>` : ''}
<h2 id="missing">${t.t('office.missingHeading')}</h2>
${
  data.missing.length
    ? html`<p>${t.t('office.missingCount', { count: data.missing.length })}</p>
<ul class="event-list" aria-labelledby="missing">${data.missing.map((s) => eventItem(t, s, countLink(s)))}</ul>`
    : html`<p>${t.t('office.noneMissing')}</p>`
}
${events}`;
  const title = data.view === 'past' ? t.t('office.pastTitle', { office: viewer.officeName }) : viewer.officeName;
  return layout({ t, title, viewer, path: '/office' }, body);
}

export interface FeedLinksData {
  t: Translator;
  viewer: Viewer;
  links: FeedLinkInfo[];
  /** a link just made: shown this once */
  created?: string | undefined;
  notice?: string | undefined;
}

/** The office's private feed links: make one (shown once), see when each was last used, revoke one. */
export function feedLinksPage(data: FeedLinksData): string {
  const { t } = data;
  const live = data.links.filter((l) => l.revokedAt === null);
  const hidden = (words: Html) => html`<span class="visually-hidden">${words}</span>`;
  const used = (at: string | null) =>
    at ? t.t('feedLinks.usedAt', { date: at.slice(0, 10), time: at.slice(11, 16) }) : t.t('feedLinks.never');
  const body = html`<h1>${t.t('feedLinks.title')}</h1>
<p>${t.t('feedLinks.intro')}</p>
${
  data.created
    ? html`<div class="notice" role="status"><p>${t.t('feedLinks.created')}</p>
<p><code class="secret-link">${data.created}</code></p></div>`
    : ''
}
${data.notice ? html`<div class="notice" role="status"><p>${data.notice}</p></div>` : ''}
<form method="post" action="/office/feeds">
${csrfField(data.viewer.csrf)}
${textField({ name: 'label', label: t.t('feedLinks.label'), value: '', hint: t.t('feedLinks.labelHint'), required: true })}
<button type="submit">${t.t('feedLinks.make')}</button>
</form>
<h2 id="links">${t.t('feedLinks.yours')}</h2>
${
  live.length
    ? html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="links"><table aria-labelledby="links"><thead><tr><th scope="col">${t.t('feedLinks.link')}</th><th scope="col">${t.t('feedLinks.where')}</th><th scope="col">${t.t(
        'feedLinks.made',
      )}</th><th scope="col">${t.t('feedLinks.lastUsed')}</th><th scope="col">${t.t('feedLinks.uses')}</th><th scope="col"><span class="visually-hidden">${t.t(
        'feedLinks.revoke',
      )}</span></th></tr></thead><tbody>
${live.map(
  (
    l,
  ) => html`<tr><td><code>${l.id}…</code></td><td>${l.label ?? ''}</td><td>${l.createdAt.slice(0, 10)}</td><td>${used(l.lastUsedAt)}</td><td>${t.number(l.useCount)}</td>
<td><form method="post" action="/office/feeds/${encodeURIComponent(l.id)}/revoke">${csrfField(data.viewer.csrf)}<button type="submit" class="secondary">${t.html(
    'feedLinks.revokeOne',
    { id: l.id },
    { hidden },
  )}</button></form></td></tr>`,
)}
</tbody></table></div>`
    : html`<p>${t.t('feedLinks.none')}</p>`
}
<p><a href="/office">${t.t('feedLinks.back')}</a></p>`;
  return layout({ t, title: t.t('feedLinks.title'), viewer: data.viewer, path: '/office/feeds' }, body);
}
