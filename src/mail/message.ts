import { DateTime } from 'luxon';
import { kindName } from '../calendar/feeds.js';
import { eventLink, renderInvitation, type RenderContext } from '../calendar/render.js';
import { venueText, type CalendarEvent } from '../domain/event.js';
import type { Occurrence } from '../domain/recurrence.js';
import { definitionOfText, type ReminderRule, type RuleDefinition } from '../domain/reminders.js';
import { escapeHtml } from '../html.js';
import { parseMailbox } from './address.js';

export interface ReminderFacts {
  rule: string;
  recipient: string;
  recipientZone: string;
  messageId: string;
}

/** What nodemailer sends; built by a pure function so tests can read it without a server. */
export interface ReminderMessage {
  /** MAIL_FROM read once, its domain in ASCII: nodemailer writes the name as it must (RFC 2047) */
  from: { name: string; address: string };
  to: string;
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

const LONG_DATE = 'cccc d LLLL yyyy';

function when(occurrence: Occurrence, event: CalendarEvent, zone: string): string {
  if (event.allDay) {
    const first = DateTime.fromISO(occurrence.start);
    const last = DateTime.fromISO(occurrence.end);
    return occurrence.start === occurrence.end ? first.toFormat(LONG_DATE) : `${first.toFormat(LONG_DATE)} to ${last.toFormat(LONG_DATE)}`;
  }
  const start = DateTime.fromISO(occurrence.startsAt, { zone: 'utc' }).setZone(zone);
  const end = DateTime.fromISO(occurrence.endsAt, { zone: 'utc' }).setZone(zone);
  const endText = end.hasSame(start, 'day') ? end.toFormat('HH:mm') : end.toFormat(`${LONG_DATE}, HH:mm`);
  return `${start.toFormat(LONG_DATE)}, ${start.toFormat('HH:mm')}–${endText} ${zone === 'UTC' ? 'UTC' : `${zone} (${start.toFormat('ZZZZ')})`}`;
}

/** The times of an occurrence as each reader needs them: the event's zone, the reader's, UTC. */
export function timeLines(occurrence: Occurrence, event: CalendarEvent, readerZone: string): string[] {
  if (event.allDay) return [`${when(occurrence, event, event.timeZone)} (all day, local dates in ${event.timeZone})`];
  const local = when(occurrence, event, event.timeZone);
  const lines = [`${local} (local time of the event)`];
  const reader = when(occurrence, event, readerZone);
  // a reader whose clock shows the same (Addis Ababa for Dar es Salaam) needs no second line
  if (reader.replace(/ \S+ \([^)]*\)$/, '') !== local.replace(/ \S+ \([^)]*\)$/, '')) lines.push(`${reader} (your time)`);
  lines.push(when(occurrence, event, 'UTC'));
  return lines;
}

function subjectOf(definition: RuleDefinition<ReminderRule>, event: CalendarEvent, occurrence: Occurrence): string {
  const day = DateTime.fromISO(occurrence.start.slice(0, 10)).toFormat('cccc d LLLL yyyy');
  return definition.subject(event.title, day);
}

/**
 * Builds one reminder, follow-up or cancellation notice. Its calendar carries the event (or the
 * one occurrence of a series) as METHOD:REQUEST, METHOD:CANCEL for a cancellation, organized by
 * the sender, with the recipient as the one attendee.
 */
export function buildReminderMessage(
  facts: ReminderFacts,
  event: CalendarEvent,
  occurrence: Occurrence,
  ctx: RenderContext & { mailFrom: string },
): ReminderMessage {
  const link = eventLink(event, ctx);
  // a hybrid event keeps its place beside the link: "Geneva, Switzerland and online: https://…"
  const where = venueText(event.venue) ?? 'to be announced';
  const place = event.venue.virtual && event.venue.url ? `${where}: ${event.venue.url}` : where;
  const definition = definitionOfText(facts.rule);
  // the dispatcher skips such a row before it builds a message
  if (!definition) throw new Error(`'${facts.rule}' is not a reminder rule`);
  const intro = definition.intro({ kindName: kindName(event.kind).toLowerCase(), officeName: ctx.officeName(event.office), eventId: event.id });
  const facts_ = [
    ['When', timeLines(occurrence, event, facts.recipientZone)],
    ['Where', [place]],
    ['Organized by', [ctx.officeName(event.office)]],
    ...(event.groups.length ? [['Groups', [event.groups.map(ctx.groupName).join('; ')]] as [string, string[]]] : []),
    ['Details', [link]],
  ] as [string, string[]][];
  const text = [event.title, '', intro, '', ...facts_.flatMap(([label, values]) => values.map((v, i) => `${i === 0 ? `${label}:`.padEnd(14) : ' '.repeat(14)}${v}`)), ''].join('\n');
  const html = [
    '<!doctype html><html lang="en"><body style="font-family:sans-serif">',
    `<h1 style="font-size:1.2em">${escapeHtml(event.title)}</h1>`,
    `<p>${escapeHtml(intro)}</p>`,
    '<table>',
    ...facts_.map(([label, values]) => `<tr><th style="text-align:left;vertical-align:top">${escapeHtml(label)}</th><td>${values.map(escapeHtml).join('<br>')}</td></tr>`),
    '</table>',
    `<p><a href="${escapeHtml(link)}">Open the event</a></p>`,
    '</body></html>',
  ].join('\n');
  const { method } = definition;
  const sender = parseMailbox(ctx.mailFrom);
  const content = renderInvitation(event, occurrence, { method, organizer: { name: sender.name, email: sender.address }, attendee: facts.recipient }, ctx);
  return {
    from: { name: sender.name ?? '', address: sender.address },
    to: facts.recipient,
    subject: subjectOf(definition, event, occurrence),
    text,
    html,
    messageId: facts.messageId,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Reminder-Rule': facts.rule },
    alternatives: [{ contentType: `text/calendar; charset=utf-8; method=${method}`, content }],
  };
}
