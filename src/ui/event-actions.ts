import { shownText, type CalendarEvent } from '../domain/event.js';
import type { Occurrence } from '../domain/recurrence.js';
import { html, type Html } from '../html.js';
import type { Translator } from '../i18n/index.js';
import { problemSummary, textArea, when } from './components.js';
import { dateTimeField, type DateTimeValue, type FormProblem } from './forms.js';
import { csrfField, layout, type Viewer } from './layout.js';
import { formatDate } from './time.js';

const eventPath = (event: CalendarEvent) => `/events/${encodeURIComponent(event.id)}`;

/** An address a reminder of the event goes to, and why. */
export interface Recipient {
  address: string;
  role: 'office' | 'tsb' | 'notify';
}

export interface CancelPageData {
  t: Translator;
  viewer: Viewer;
  event: CalendarEvent;
  /** every address the event's reminders go to */
  recipients: Recipient[];
  /** those already sent a reminder: the cancellation notice goes to them */
  reminded: string[];
  reason: string;
  problem?: FormProblem | undefined;
}

/**
 * The confirmation step of a cancellation: what happens, who is told (by e-mail those already
 * reminded, with the reason; by the feeds everyone subscribed), an optional reason, and how to
 * undo it.
 */
export function cancelPage(data: CancelPageData): string {
  const { t, event } = data;
  const texts = shownText(event, t.locale);
  const title = t.t('cancel.title', { title: texts.title });
  const told = new Set(data.reminded.map((a) => a.toLowerCase()));
  const byRole = new Map(data.recipients.map((r) => [r.address.toLowerCase(), r.role]));
  const line = (address: string) =>
    html`<li><span dir="ltr">${t.t('cancel.recipient', { address, role: byRole.get(address.toLowerCase()) ?? 'notify' })}</span></li>`;
  const notMailed = data.recipients.filter((r) => !told.has(r.address.toLowerCase()));
  const message = data.problem ? t.say(data.problem.message) : undefined;
  const problem = data.problem?.field === 'reason' ? message : undefined;
  const path = eventPath(event);
  const body = html`<h1 dir="auto">${title}</h1>
${problemSummary(t, t.t('cancel.notCancelled'), message === undefined ? undefined : { message, field: problem ? 'reason' : undefined })}
<p>${when(t, event, event.allDay, event.timeZone)}</p>
<p>${t.t('cancel.intro')}</p>
<h2 id="told">${t.t('cancel.told.heading')}</h2>
${data.reminded.length ? html`<p>${t.t('cancel.told.mail')}</p><ul class="recipients">${data.reminded.map(line)}</ul>` : html`<p>${t.t('cancel.told.mailNone')}</p>`}
${notMailed.length ? html`<p>${t.t('cancel.told.notMailed')}</p><ul class="recipients">${notMailed.map((r) => line(r.address))}</ul>` : ''}
<p>${t.t(event.visibility === 'public' ? 'cancel.told.feedsPublic' : 'cancel.told.feedsInternal')}</p>
<form method="post" action="${path}/cancel" novalidate>
${csrfField(data.viewer.csrf)}
${textArea({ name: 'reason', label: t.t('cancel.reason'), value: data.reason, hint: t.t('cancel.reasonHint'), problem, dir: 'auto' })}
<p>${t.t('cancel.undo')}</p>
<div class="actions"><button type="submit" class="danger">${t.t('cancel.confirm')}</button>
<a href="${path}">${t.t('cancel.keep')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}

export interface MovePageData {
  t: Translator;
  viewer: Viewer;
  event: CalendarEvent;
  occurrence: Occurrence;
  start: DateTimeValue;
  end: DateTimeValue;
  problem?: FormProblem | undefined;
}

/** Moving one occurrence: its new local start and end (dates only for an all-day series). */
export function movePage(data: MovePageData): string {
  const { t, event, occurrence: o } = data;
  const title = t.t('move.title', { date: formatDate(t, o.originalDate) });
  const message = data.problem ? t.say(data.problem.message) : undefined;
  const field = data.problem?.field === 'start' || data.problem?.field === 'end' ? data.problem.field : undefined;
  const path = eventPath(event);
  const planned: Html = when(t, { ...o, start: o.originalStart, end: o.end }, event.allDay, event.timeZone);
  const body = html`<h1>${title}</h1>
<p dir="auto">${shownText(event, t.locale).title}</p>
${problemSummary(t, t.t('move.notMoved'), message === undefined ? undefined : { message, field })}
<p><strong>${t.t('move.planned')}</strong> ${planned}</p>
<form method="post" action="${path}/occurrences/${o.originalDate}" novalidate>
${csrfField(data.viewer.csrf)}
<p class="hint">${t.t('move.hint', { zone: event.timeZone })}</p>
${dateTimeField(t, { name: 'start', legend: t.t('form.label.start'), value: data.start, dateOnly: event.allDay, problem: field === 'start' ? message : undefined })}
${dateTimeField(t, { name: 'end', legend: t.t('form.label.end'), value: data.end, dateOnly: event.allDay, problem: field === 'end' ? message : undefined })}
<div class="actions"><button type="submit">${t.t('move.save')}</button>
<a href="${path}#occurrences">${t.t('move.back')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}
