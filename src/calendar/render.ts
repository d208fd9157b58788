import ical, {
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalCalendarData,
  type ICalEventData,
  type ICalLuxonDateTimeStub,
} from 'ical-generator';
import { IANAZone } from 'luxon';
import { domainToUnicode } from 'node:url';
import { inLanguage, venuePlace, type Audience, type CalendarEvent } from '../domain/event.js';
import { isLocale, type Translator } from '../i18n/index.js';
import { kindName, venueText } from '../i18n/words.js';
import { instantOf, occurrencesOf, rruleForFeed, type Occurrence } from '../domain/recurrence.js';
import { FIRST_YEAR, LAST_YEAR, resolveLocal, withinRange } from '../domain/time.js';
import { escapeText, uriValue } from './ics-text.js';
import { describeZone, pinnedToUtc, type ZoneDescription } from './vtimezone.js';

/** How long clients should wait before refreshing a subscription (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const REFRESH_SECONDS = 4 * 60 * 60;

/** UIDs must never change, whatever the deployment's address: a fixed domain part. */
export const uidOf = (eventId: string) => `${eventId}@regional-calendar.itu-t`;

export interface RenderContext {
  /** e.g. https://calendar.example.org, used for each event's link when it has none of its own */
  publicBaseUrl: string;
  /** names in a language (the translator's), English where it has none */
  officeName: (id: string, locale?: string) => string;
  groupName: (id: string, locale?: string) => string;
  /** a group's short label, "SG13RG-AFR", as a calendar's categories carry it */
  groupLabel: (id: string) => string;
  /** an event's partner in a language: one of the list by its name there, any other as typed */
  partnerName?: (entry: string, locale?: string) => string;
  /** the language of every word the calendar carries (kind, "Online", the description's labels) */
  t: Translator;
  /** told of an event that could not be rendered: it is left out, and the rest of the feed is served */
  onRenderFailure?: (eventId: string, error: unknown) => void;
  /**
   * Who reads what is rendered: for 'public' (the default, the safe one) an internal event can
   * only be one withdrawn from the public feeds, and is rendered as a bare cancellation; 'staff'
   * (mail to the offices, an ITU reader's download) renders it whole.
   */
  audience?: Audience;
}

export { escapeText, uriValue };

export function eventLink(event: CalendarEvent, ctx: RenderContext): string {
  // the event page in the calendar's language (English pages have no prefix)
  const prefix = isLocale(ctx.t.locale) && ctx.t.locale !== 'en' ? `/${ctx.t.locale}` : '';
  return event.url ?? `${ctx.publicBaseUrl}${prefix}/events/${encodeURIComponent(event.id)}`;
}

function describe(event: CalendarEvent, ctx: RenderContext): string {
  const { t } = ctx;
  const lines = [
    t.t('calendar.organizedBy', { kind: kindName(t, event.kind), office: ctx.officeName(event.office, t.locale) }),
    event.groups.length ? t.t('calendar.groups', { groups: event.groups.map((g) => ctx.groupName(g, t.locale)).join('; ') }) : null,
    event.partners.length
      ? t.t('calendar.partners', { partners: event.partners.map((p) => ctx.partnerName?.(p, t.locale) ?? p).join(', ') })
      : null,
    event.venue.url ? t.t('calendar.online', { url: event.venue.url }) : null,
    event.status === 'tentative' ? t.t('calendar.tentative') : null,
    event.description ? `\n${event.description}` : null,
    `\n${eventLink(event, ctx)}`,
  ];
  return lines.filter((l) => l !== null).join('\n');
}

/**
 * LOCATION: where the event is, in the calendar's language. An online-only event says where
 * online, "Online: zoom.us" (its link's host, a domain in Unicode), so a calendar app that shows
 * only the location still shows something useful; the link itself stays in URL and DESCRIPTION.
 */
export function locationOf(t: Translator, venue: CalendarEvent['venue']): string | null {
  const text = venueText(t, venue);
  // a place (a hybrid event's too) says where it is already
  if (!venue.virtual || !venue.url || venuePlace(venue) !== null) return text;
  let host: string;
  try {
    host = new URL(venue.url).hostname;
  } catch {
    return text;
  }
  host = (domainToUnicode(host) || host).replace(/^www\./, '');
  return host ? t.t('calendar.onlineHost', { host }) : text;
}

const STATUS = { tentative: ICalEventStatus.TENTATIVE, confirmed: ICalEventStatus.CONFIRMED, cancelled: ICalEventStatus.CANCELLED };

/** A local date as the Date of its UTC midnight, `days` later: what ical-generator prints as VALUE=DATE. */
function utcMidnight(date: string, days: number): Date {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}

const THREE_HOURS = 3 * 3600_000;

const overlaps = new Map<string, boolean>();

/**
 * Whether a wall-clock time happens twice; the full check only near an offset change. Zone
 * lookups are the dearest part of a render, and a feed is rendered again after every change,
 * so answers are remembered.
 */
function inOverlap(local: string, instant: string, zone: string): boolean {
  const key = `${zone} ${local}`;
  let answer = overlaps.get(key);
  if (answer === undefined) {
    const ms = Date.parse(instant);
    const z = IANAZone.create(zone);
    answer = z.offset(ms - THREE_HOURS) !== z.offset(ms + THREE_HOURS) && resolveLocal(local, zone).kind === 'ambiguous';
    if (overlaps.size > 100_000) overlaps.clear();
    overlaps.set(key, answer);
  }
  return answer;
}

/**
 * A wall-clock time we already know, handed to ical-generator through its documented luxon stub
 * (ICalLuxonDateTimeStub) with TZID set: it prints the local time as it is. Building luxon
 * DateTimes in the zone cost most of a render, to print what the event already stores.
 */
class WallClock implements ICalLuxonDateTimeStub {
  readonly zone = { type: 'iana' };
  readonly isValid = true;
  constructor(
    private readonly local: string,
    private readonly instant: string,
  ) {}
  setZone(): ICalLuxonDateTimeStub {
    return this;
  }
  toFormat(format: string): string {
    if (format === 'yyyyLLdd') return this.local.slice(0, 10).replace(/-/g, '');
    if (format === 'HHmmss') return `${this.local.slice(11, 13)}${this.local.slice(14, 16)}${this.local.slice(17, 19) || '00'}`;
    throw new Error(`WallClock cannot format '${format}'`);
  }
  toJSDate(): Date {
    return new Date(this.instant);
  }
  toJSON(): string {
    return this.instant;
  }
}

/**
 * Whether a zone's local time at this instant must be written in UTC: the zone follows no yearly
 * rule there (see vtimezone.ts), and a client reading only DTSTART and RRULE of its VTIMEZONE,
 * as Outlook does, would place it wrongly.
 */
type Pinned = (zone: string, instantMs: number) => boolean;

const compact = (local: string) => local.replace(/[-:]/g, '').padEnd(local.length > 10 ? 15 : 8, '0');

/** A series: RRULE in the event zone, EXDATE for skipped occurrences, one RECURRENCE-ID VEVENT per moved one. */
function series(event: CalendarEvent, recurrence: string, master: ICalEventData, pinned: Pinned): ICalEventData[] {
  const occurrences = occurrencesOf({ ...event, status: 'confirmed' });
  const exdates = occurrences
    .filter((o) => o.status === 'cancelled')
    .map((o) =>
      event.allDay
        ? `EXDATE;VALUE=DATE:${compact(o.originalStart)}`
        : `EXDATE;TZID=${event.timeZone}:${compact(o.originalStart.length === 16 ? `${o.originalStart}:00` : o.originalStart)}`,
    );
  const repeating = [`RRULE:${rruleForFeed(recurrence, event.timeZone, event.allDay)}`, ...exdates].join('\n');
  // the RRULE stays in the zone; an occurrence the zone's rules cannot place is restated in UTC
  const restated = occurrences.filter((o) => o.status === 'moved' || (o.status === 'scheduled' && pinnedOccurrence(event, o, pinned)));
  return [{ ...master, repeating }, ...restated.map((o) => instance(event, o, master, pinned))];
}

function pinnedOccurrence(event: CalendarEvent, o: { startsAt: string; endsAt: string }, pinned: Pinned): boolean {
  return !event.allDay && (pinned(event.timeZone, Date.parse(o.startsAt)) || pinned(event.timeZone, Date.parse(o.endsAt)));
}

/** One occurrence of a series as its own VEVENT: the series' UID, and the RECURRENCE-ID it was planned for. */
function instance(event: CalendarEvent, o: Occurrence, master: ICalEventData, pinned: Pinned): ICalEventData {
  if (event.allDay)
    return {
      ...master,
      repeating: null,
      allDay: true,
      start: utcMidnight(o.start, 0),
      end: utcMidnight(o.end, 1),
      recurrenceId: utcMidnight(o.originalStart, 0),
    };
  if (pinnedOccurrence(event, o, pinned)) {
    // ical-generator gives RECURRENCE-ID the TZID of DTSTART: all three in UTC, which RFC 5545
    // allows and readers match against the occurrence's instant
    const original = new Date(instantOf(o.originalStart, event.timeZone, false));
    return { ...master, repeating: null, timezone: null, start: new Date(o.startsAt), end: new Date(o.endsAt), recurrenceId: original };
  }
  return {
    ...master,
    repeating: null,
    timezone: event.timeZone,
    start: new WallClock(o.start, o.startsAt),
    end: new WallClock(o.end, o.endsAt),
    recurrenceId: new WallClock(o.originalStart, o.startsAt),
  };
}

function vevents(event: CalendarEvent, ctx: RenderContext, pinned: Pinned): ICalEventData[] {
  const single = vevent(event, ctx, pinned);
  return event.recurrence === null ? [single] : series(event, event.recurrence, single, pinned);
}

function vevent(original: CalendarEvent, ctx: RenderContext, pinned: Pinned): ICalEventData {
  // one SUMMARY and one DESCRIPTION, in the calendar's language where the event is translated into
  // it (no LANGUAGE parameter: several clients misread it); the UID is the same in every language
  const event = inLanguage(original, ctx.t.locale);
  const common: ICalEventData = {
    id: uidOf(event.id),
    sequence: event.sequence,
    // DTSTAMP is the moment the event last changed, not "now": the same data gives the same bytes
    // plain Dates for UTC values: ical-generator formats them with getUTC*, and luxon costs more
    stamp: new Date(event.updatedAt),
    lastModified: new Date(event.updatedAt),
    created: new Date(event.createdAt),
    start: new Date(event.startsAt),
    summary: event.title,
    description: describe(event, ctx),
    location: locationOf(ctx.t, event.venue),
    url: uriValue(eventLink(event, ctx)),
    categories: [{ name: kindName(ctx.t, event.kind) }, ...event.groups.map((g) => ({ name: ctx.groupLabel(g) }))],
    status: STATUS[event.status],
    // withdrawn from the public: its UID, sequence and times say "cancelled" to a subscribed calendar, and nothing else
    ...(event.visibility === 'internal' && ctx.audience !== 'staff'
      ? {
          summary: ctx.t.t('calendar.withdrawn'),
          description: null,
          location: null,
          url: null,
          categories: [],
          status: ICalEventStatus.CANCELLED,
        }
      : {}),
  };
  if (event.allDay) {
    // dates carry no zone: format them from UTC midnights so the process TZ cannot move them
    return { ...common, allDay: true, start: utcMidnight(event.start, 0), end: utcMidnight(event.end, 1) };
  }
  // a series keeps its zone whatever happens: its RRULE repeats the wall-clock time
  if (event.recurrence === null) {
    // A wall-clock time that happens twice: RFC 5545 means the first, but libical-based clients
    // (ical.js, Thunderbird) read the second. A time in a stretch no yearly rule describes: a
    // client reading its VTIMEZONE as Outlook does would misplace it. In UTC every client agrees.
    const utc =
      pinnedOccurrence(event, event, pinned) ||
      inOverlap(event.start, event.startsAt, event.timeZone) ||
      inOverlap(event.end, event.endsAt, event.timeZone);
    if (utc) return { ...common, start: new Date(event.startsAt), end: new Date(event.endsAt) };
  }
  return {
    ...common,
    timezone: event.timeZone,
    start: new WallClock(event.start, event.startsAt),
    end: new WallClock(event.end, event.endsAt),
  };
}

/**
 * The events a feed can carry, and the (UTC) years of the instants each zone must describe. An
 * event that cannot be expanded, or lies outside the years the service takes (a row from before
 * that rule), is left out and reported: one bad row never fails a feed, nor makes its zones span
 * millennia.
 */
function renderableEvents(
  events: CalendarEvent[],
  onFailure: RenderContext['onRenderFailure'],
): { events: CalendarEvent[]; years: Map<string, Set<number>> } {
  const years = new Map<string, Set<number>>();
  const kept: CalendarEvent[] = [];
  for (const e of events) {
    let occurrences: Occurrence[];
    try {
      occurrences = occurrencesOf(e);
      const outside = occurrences.find((o) => !withinRange(o.start) || !withinRange(o.end));
      if (outside) throw new Error(`an occurrence (${outside.start}) lies outside the years ${FIRST_YEAR} to ${LAST_YEAR}`);
    } catch (error) {
      // a feed leaves the event out; one event's own calendar (a download, a mail) cannot
      if (!onFailure) throw error;
      onFailure(e.id, error);
      continue;
    }
    kept.push(e);
    if (e.allDay) continue;
    let used = years.get(e.timeZone);
    if (!used) years.set(e.timeZone, (used = new Set()));
    const add = (iso: string) => used.add(new Date(iso).getUTCFullYear());
    // the series' own DTSTART and DTEND, then every occurrence, and where one moved, the
    // RECURRENCE-ID it was planned for (its EXDATEs are the planned times of cancelled ones)
    add(e.startsAt);
    add(e.endsAt);
    for (const o of occurrences) {
      add(o.startsAt);
      add(o.endsAt);
      if (o.status === 'moved') used.add(new Date(instantOf(o.originalStart, e.timeZone, false)).getUTCFullYear());
    }
  }
  return { events: kept, years };
}

/**
 * Describes the zone years one event needs, so the cost of scanning them (about 2 ms a year and
 * zone, once per process) falls on the change that brought them, never on a feed reader: a yearly
 * series from 1900 to 2200 in a zone no other event uses costs its writer under a second, and
 * every feed after it stays quick. A row that cannot be rendered is left for the feeds to report.
 */
export function prepareZones(event: CalendarEvent): void {
  const { years } = renderableEvents([event], () => {});
  for (const [tzid, used] of years) {
    try {
      describeZone(tzid, used);
    } catch {
      // never fails a write: a feed that cannot describe the zone says so and leaves the event out
    }
  }
}

export interface CalendarMeta {
  title: string;
  description: string;
}

/** What makes a calendar an invitation (RFC 5546 iTIP), which Outlook and Gmail show as an event card. */
export interface Invitation {
  /** REQUEST for reminders, CANCEL for a cancellation notice */
  method: 'REQUEST' | 'CANCEL';
  /** the sender: `email` in ASCII (an internationalised domain in punycode), `name` null when it has none */
  organizer: { name: string | null; email: string };
  attendee: string;
}

/**
 * A parameter value such as CN, which ical-generator puts between double quotes: a double quote
 * cannot appear inside them (RFC 5545), so it is written ^' as RFC 6868 says, ^ as ^^ (ical.js,
 * libical and Apple read both back). Commas, semicolons and colons are safe between the quotes.
 */
export function paramText(text: string): string {
  return text
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n');
}

/**
 * ORGANIZER as ical-generator writes it: mailto: the address, and a CN it always writes (its
 * organizer has no form without one). A sender without a name is named by its address, as people
 * read it (an internationalised domain in Unicode), which is what Outlook writes in that case.
 */
function organizerOf(sender: Invitation['organizer']): { name: string; email: string } {
  const at = sender.email.lastIndexOf('@');
  const readable = `${sender.email.slice(0, at)}@${domainToUnicode(sender.email.slice(at + 1)) || sender.email.slice(at + 1)}`;
  return { name: paramText(sender.name ?? readable), email: sender.email };
}

/**
 * The calendar a reminder carries: the event, or for a series the one occurrence the reminder is
 * about (same UID, with its RECURRENCE-ID), so it lands in the reader's calendar. iTIP wants an
 * ORGANIZER and an ATTENDEE; a subscription's name and refresh hints have no place in a mail.
 */
export function renderInvitation(
  event: CalendarEvent,
  occurrence: Occurrence | undefined,
  invitation: Invitation,
  ctx: RenderContext,
): string {
  const head = { method: invitation.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST };
  return render([event], head, (e, pinned) => {
    const single = vevent(e, ctx, pinned);
    const chosen = e.recurrence === null || occurrence === undefined ? single : instance(e, occurrence, single, pinned);
    return [{ ...chosen, organizer: organizerOf(invitation.organizer), attendees: [{ email: invitation.attendee, rsvp: false }] }];
  });
}

/**
 * Renders a feed: pure, deterministic (same events, same bytes), independent of the process's
 * own time zone, with a VTIMEZONE for every TZID it uses and a final CRLF.
 */
export function renderCalendar(meta: CalendarMeta, events: CalendarEvent[], ctx: RenderContext): string {
  const head = {
    method: ICalCalendarMethod.PUBLISH,
    // ical-generator writes these two as they are: escape them here
    name: escapeText(meta.title),
    description: escapeText(meta.description),
    ttl: REFRESH_SECONDS,
  };
  return render(events, head, (e, pinned) => vevents(e, ctx, pinned), ctx.onRenderFailure);
}

function render(
  all: CalendarEvent[],
  head: ICalCalendarData,
  toVevents: (event: CalendarEvent, pinned: Pinned) => ICalEventData[],
  onFailure?: RenderContext['onRenderFailure'],
): string {
  const { events, years } = renderableEvents(all, onFailure);
  const zones = new Map<string, ZoneDescription>();
  for (const [tzid, used] of years) zones.set(tzid, describeZone(tzid, used));
  const pinned: Pinned = (zone, ms) => {
    const description = zones.get(zone)!;
    return description.utc.length > 0 && pinnedToUtc(description, ms);
  };
  const calendar = ical({
    prodId: { company: 'ITU-T', product: 'Regional events calendar', language: 'EN' },
    ...head,
    timezone: {
      // no calendar-wide zone (it would turn DTSTAMP into local time); only the generator
      name: null,
      generator: (tzid) => zones.get(tzid)!.text,
    },
    events: events.flatMap((e) => {
      try {
        return toVevents(e, pinned);
      } catch (error) {
        if (!onFailure) throw error;
        onFailure(e.id, error);
        return [];
      }
    }),
  });
  return `${calendar.toString()}\r\n`;
}
