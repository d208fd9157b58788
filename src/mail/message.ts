import { eventLink, renderInvitation, type RenderContext } from '../calendar/render.js';
import { shownText, type CalendarEvent } from '../domain/event.js';
import type { Occurrence } from '../domain/recurrence.js';
import type { Office } from '../domain/reference.js';
import { definitionOf, formatRule, type ReminderRule } from '../domain/reminders.js';
import { TSB } from '../domain/vocabulary.js';
import { html } from '../html.js';
import { isLocale, type Translator } from '../i18n/index.js';
import { kindName, venueText } from '../i18n/words.js';
import { parseMailbox } from './address.js';

export interface ReminderFacts {
  /** the rule, as the outbox read it from its stored text */
  rule: ReminderRule;
  recipient: string;
  recipientZone: string;
  messageId: string;
}

/** What a message needs beyond the event: the render context, the sender, and where replies go. */
export interface MailContext extends RenderContext {
  /** MAIL_FROM as the operator wrote it */
  mailFrom: string;
  /** the address a reply to mail about an office's event goes to (see replyAddress); none: no Reply-To */
  replyTo?: (office: string) => string | undefined;
}

/**
 * Where a reply to mail about an event goes: a person, never the sender (an unattended address).
 * For TSB's events, TSB's regional focal point; for an office's, its `contact`, else its first
 * address; undefined for an office the reference does not know, or one with no address.
 */
export function replyAddress(office: Office | undefined, tsbFocalPoint: string): string | undefined {
  if (office?.id === TSB) return tsbFocalPoint;
  return office?.contact ?? office?.emails[0];
}

/** The figures form of an event, in the reader's language: where a follow-up sends the office. */
export function figuresLink(event: Pick<CalendarEvent, 'id'>, ctx: Pick<RenderContext, 'publicBaseUrl'> & { t: Translator }): string {
  const prefix = isLocale(ctx.t.locale) && ctx.t.locale !== 'en' ? `/${ctx.t.locale}` : '';
  return `${ctx.publicBaseUrl}${prefix}/events/${encodeURIComponent(event.id)}/attendance`;
}

/** What nodemailer sends; built by a pure function so tests can read it without a server. */
export interface ReminderMessage {
  /** MAIL_FROM read once, its domain in ASCII: nodemailer writes the name as it must (RFC 2047) */
  from: { name: string; address: string };
  to: string;
  /** where a reply goes: the organizing office's contact (TSB's focal point for TSB's events) */
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  /**
   * The calendar once, as a text/calendar alternative to the text and HTML (the iMIP form
   * Outlook and Gmail show as an event card). Not nodemailer's icalEvent: that adds the same
   * calendar a second time, as an attachment.
   */
  alternatives: { contentType: string; content: string }[];
}

const LONG_DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
const dayMs = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);

/** An occurrence's dates or times in one zone, in the reader's language. */
function when(t: Translator, occurrence: Occurrence, event: CalendarEvent, zone: string): string {
  if (event.allDay) {
    const first = dayMs(occurrence.start);
    const last = dayMs(occurrence.end);
    return first === last ? t.dateTime(first, LONG_DAY) : t.dateTimeRange(first, last, LONG_DAY);
  }
  const times = t.dateTimeRange(Date.parse(occurrence.startsAt), Date.parse(occurrence.endsAt), { ...LONG_DAY, hour: '2-digit', minute: '2-digit', timeZone: zone });
  if (zone === 'UTC') return t.t('when.utc', { when: times });
  // only the offset: a language that writes no "GMT" (Arabic, French) would otherwise keep the date beside it
  const offset = t.zoneOffset(Date.parse(occurrence.startsAt), zone);
  return t.t('mail.whenInZone', { when: times, zone, offset });
}

/** The times of an occurrence as each reader needs them: the event's zone, the reader's, UTC. */
export function timeLines(t: Translator, occurrence: Occurrence, event: CalendarEvent, readerZone: string): string[] {
  if (event.allDay) return [t.t('mail.allDay', { when: when(t, occurrence, event, event.timeZone), zone: event.timeZone })];
  const local = when(t, occurrence, event, event.timeZone);
  const lines = [t.t('mail.eventTime', { when: local })];
  // a reader whose clock shows the same (Addis Ababa for Dar es Salaam) needs no second line
  const sameClock = (zone: string) =>
    t.dateTimeRange(Date.parse(occurrence.startsAt), Date.parse(occurrence.endsAt), { ...LONG_DAY, hour: '2-digit', minute: '2-digit', timeZone: zone });
  if (sameClock(readerZone) !== sameClock(event.timeZone)) lines.push(t.t('mail.yourTime', { when: when(t, occurrence, event, readerZone) }));
  lines.push(when(t, occurrence, event, 'UTC'));
  return lines;
}

/** The words of one message in one language: its text part and its HTML, before the other language's. */
function section(t: Translator, facts: ReminderFacts, event: CalendarEvent, occurrence: Occurrence, ctx: RenderContext) {
  const link = eventLink(event, { ...ctx, t });
  // a follow-up leads straight to the figures form (the sign-in page brings the reader back to it)
  const figures = facts.rule.kind === 'follow-up' ? figuresLink(event, { ...ctx, t }) : null;
  // the title in this language where the event has it, marked where it is not
  const shown = shownText(event, t.locale);
  const mark = (language: string) => (language === t.lang ? html`` : html` lang="${language}"`);
  // a hybrid event keeps its place beside the link: "Geneva, Switzerland and online: https://…"
  const where = venueText(t, event.venue) ?? t.t('mail.whereUnknown');
  const place = event.venue.virtual && event.venue.url ? t.t('mail.placeAndLink', { place: where, url: event.venue.url }) : where;
  const office = ctx.officeName(event.office, t.locale);
  const intro = t.t(`mail.intro.${facts.rule.kind}`, { kind: kindName(t, event.kind), office, eventId: event.id });
  // why it was cancelled, as the office wrote it
  const reason = facts.rule.kind === 'cancellation' && event.cancelReason ? event.cancelReason : undefined;
  const rows: [string, string[]][] = [
    ...(reason ? [[t.t('mail.label.reason'), reason.split(/\r?\n/)] as [string, string[]]] : []),
    [t.t('mail.label.when'), timeLines(t, occurrence, event, facts.recipientZone)],
    [t.t('mail.label.where'), [place]],
    [t.t('mail.label.organizedBy'), [office]],
    ...(event.groups.length ? [[t.t('mail.label.groups'), [event.groups.map((g) => ctx.groupName(g, t.locale)).join('; ')]] as [string, string[]]] : []),
    [t.t('mail.label.details'), [link]],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const text = [
    shown.title,
    '',
    intro,
    '',
    ...(figures ? [t.t('mail.figures.text', { url: figures }), ''] : []),
    ...rows.flatMap(([label, values]) => values.map((v, i) => `${i === 0 ? `${label}:`.padEnd(width) : ' '.repeat(width)}${v}`)),
    '',
  ].join('\n');
  const body = html`<div lang="${t.lang}" dir="${t.dir}">
<h1 style="font-size:1.2em" dir="auto"${mark(shown.titleLanguage)}>${shown.title}</h1>
<p>${intro}</p>
${figures ? html`<p><a href="${figures}"><strong>${t.t('mail.figures.link')}</strong></a></p>` : ''}
<table>
${rows.map(([label, values]) => html`<tr><th style="text-align:start;vertical-align:top">${label}</th><td>${values.map((v, i) => html`${i ? html`<br>` : ''}${v}`)}</td></tr>`)}
</table>
<p><a href="${link}">${t.t('mail.open')}</a></p>
</div>`;
  return { text, body };
}

/**
 * Builds one reminder, follow-up or cancellation notice in the recipient's languages (`languages`,
 * the first first; `ctx.t` when none are given): the subject, the invitation and the message in
 * the first, then the same words in the next ones below a rule, so an office that reads Arabic and
 * English gets both. Its calendar carries the event (or the one occurrence of a series) as
 * METHOD:REQUEST, METHOD:CANCEL for a cancellation, organized by the sender, with the recipient as
 * the one attendee.
 */
export function buildReminderMessage(
  facts: ReminderFacts,
  event: CalendarEvent,
  occurrence: Occurrence,
  ctx: MailContext,
  languages: readonly Translator[] = [ctx.t],
): ReminderMessage {
  const [t = ctx.t] = languages;
  const { rule } = facts;
  const definition = definitionOf(rule);
  const day = t.dateTime(dayMs(occurrence.start), LONG_DAY);
  const sections = (languages.length ? languages : [t]).map((language) => section(language, facts, event, occurrence, ctx));
  const text = sections.map((s) => s.text).join('\n――――――――――――――――――――\n\n');
  const body = html`<!doctype html><html lang="${t.lang}" dir="${t.dir}"><body style="font-family:sans-serif">
${sections.map((s, i) => html`${i ? html`<hr>` : ''}${s.body}`)}
</body></html>`;
  const { method } = definition;
  const sender = parseMailbox(ctx.mailFrom);
  const replyTo = ctx.replyTo?.(event.office);
  const content = renderInvitation(event, occurrence, { method, organizer: { name: sender.name, email: sender.address }, attendee: facts.recipient }, { ...ctx, t });
  return {
    from: { name: sender.name ?? '', address: sender.address },
    to: facts.recipient,
    ...(replyTo ? { replyTo } : {}),
    subject: t.t(`mail.subject.${rule.kind}`, { title: shownText(event, t.locale).title, day }),
    text,
    html: body.value,
    messageId: facts.messageId,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Reminder-Rule': formatRule(rule), 'Content-Language': languages.map((l) => l.lang).join(', ') || t.lang },
    alternatives: [{ contentType: `text/calendar; charset=utf-8; method=${method}`, content }],
  };
}
