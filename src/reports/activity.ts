import { DateTime } from 'luxon';
import { EVENT_KINDS, type EventKind, type RegionId } from '../domain/vocabulary.js';
import { shownText, type CalendarEvent } from '../domain/event.js';
import { canonicalRecurrence, occurrencesInPeriod } from '../domain/recurrence.js';
import { localDays } from '../domain/time.js';
import type { Translator } from '../i18n/index.js';
import { describeRule, ruleText } from '../i18n/rule-words.js';
import { kindLabel, venueText } from '../i18n/words.js';
import { reportDates } from './dates.js';

/**
 * A series as the period sees it: what it repeats, and only its occurrences in the period (the
 * series' first date, years before, is not the period's).
 */
export interface SeriesInPeriod {
  /** the RRULE, canonical */
  rule: string;
  /** the rule in words, without its end: "monthly, first Wednesday, 13:00 Geneva time" */
  repeats: string;
  /** the occurrences held in the period: skipped ones not counted, moved ones counted at their new dates */
  occurrences: number;
  /** the first and last local day in the period an occurrence is held on */
  first: string;
  last: string;
  /** of the occurrences counted, how many were moved */
  moved: number;
  /** occurrences planned in the period and skipped */
  skipped: number;
}

/** One event as a report line: "ITU-T SG20 … 13 - 22 September 2023, Arusha, Tanzania". */
export interface ReportEvent {
  id: string;
  title: string;
  kind: EventKind;
  status: CalendarEvent['status'];
  /** internal events are only in ITU staff's report, marked as such */
  visibility: CalendarEvent['visibility'];
  /** first and last local day; for a series, of its occurrences in the period */
  start: string;
  end: string;
  /** "13 - 22 September 2023"; for a series, from its first to its last occurrence in the period */
  dates: string;
  /** "Arusha, Tanzania", "Online" (venueText), or "venue to be confirmed" */
  venue: string;
  office: string;
  groups: string[];
  partners: string[];
  /** for a series: how many of its occurrences are held in the period (series.occurrences) */
  occurrences: number | null;
  /** for a series: its rule and its occurrences in the period; null for a single event */
  series?: SeriesInPeriod | null;
  /** null: not registered (never zero for "not registered") */
  participants: number | null;
  /** how many countries: the number of countryCodes, or the number an older registration gave alone */
  countries: number | null;
  /** the countries represented (ISO 3166-1 alpha-2, sorted); null where only their number is known */
  countryCodes: string[] | null;
  inPerson: number | null;
  remote: number | null;
  women: number | null;
}

/**
 * The distinct countries the participants of some events came from. Each event with its list of
 * countries adds the countries not counted yet; an event with only the number of its countries
 * (registered before the lists, or by an older client) says there were at least that many. So the
 * count is exact when every event with participant counts has its list; otherwise it is the least
 * it can be: the distinct countries of the lists, or the largest number alone if that is more.
 */
export interface CountriesCount {
  /** null when no event has its countries registered */
  count: number | null;
  exact: boolean;
  /** the distinct countries of the lists, sorted */
  codes: string[];
  /** events with their list of countries */
  listed: number;
  /** events with only the number of their countries */
  numberOnly: number;
}

export interface Totals {
  events: number;
  /** events whose participant figures are registered */
  withCounts: number;
  /** the sum over the events with figures; null when none has them (not registered, not zero) */
  participants: number | null;
  /** distinct countries across the events */
  countries: CountriesCount;
  /** summed over events, a country at two events counting twice: kept for the programs that read it */
  countryParticipations: number;
  /** each summed over the events that registered it; null when none did */
  inPerson: number | null;
  remote: number | null;
  women: number | null;
}

export interface Comparison {
  previousEvents: number;
  /** null: no participant counts registered in the previous period */
  previousParticipants: number | null;
  events: 'up' | 'down' | 'same';
  /** 'unknown' when either period has no participant counts registered */
  participants: 'up' | 'down' | 'same' | 'unknown';
}

export interface RegionSection {
  region: { id: RegionId; name: string };
  /** the regional office, for the section heading */
  office: string | null;
  events: ReportEvent[];
  byKind: { kind: EventKind; label: string; events: ReportEvent[]; totals: Totals }[];
  totals: Totals;
  partners: string[];
  comparison: Comparison;
}

export interface ActivityReport {
  from: string;
  to: string;
  /** the period of the same length just before */
  previousFrom: string;
  previousTo: string;
  region: RegionId | null;
  regions: RegionSection[];
  totals: Totals;
  comparison: Comparison;
}

export interface ReportInput {
  from: string;
  to: string;
  region: RegionId | null;
  regions: { id: RegionId; name: string }[];
  /** events overlapping [from, to] */
  events: CalendarEvent[];
  /** events overlapping the previous period */
  previousEvents: CalendarEvent[];
  regionalOffice: (region: RegionId) => string | null;
}

/** The previous period of the same number of days, ending the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const days = DateTime.fromISO(to, { zone: 'utc' }).diff(start, 'days').days + 1;
  return { from: start.minus({ days }).toISODate()!, to: start.minus({ days: 1 }).toISODate()! };
}

function seriesInPeriod(t: Translator, event: CalendarEvent, recurrence: string, from: string, to: string): SeriesInPeriod | null {
  const found = occurrencesInPeriod(event, from, to);
  if (!found.held.length) return null;
  return {
    rule: canonicalRecurrence(recurrence),
    repeats: ruleText(t, describeRule(t, recurrence, event.start, event.timeZone, event.allDay, { ending: false })),
    occurrences: found.held.length,
    first: found.first!,
    last: found.last!,
    moved: found.moved,
    skipped: found.skipped,
  };
}

function toReportEvent(t: Translator, event: CalendarEvent, from: string, to: string): ReportEvent {
  const a = event.attendance;
  const series = event.recurrence === null ? null : seriesInPeriod(t, event, event.recurrence, from, to);
  // a series with nothing held in the period is left out of it (occurrences 0)
  const occurrences = event.recurrence === null ? null : (series?.occurrences ?? 0);
  const days = series ? { first: series.first, last: series.last } : localDays(event, event.allDay);
  return {
    id: event.id,
    // in the report's language where the event is translated into it
    title: shownText(event, t.locale).title,
    kind: event.kind,
    status: event.status,
    visibility: event.visibility,
    start: days.first,
    end: days.last,
    dates: reportDates(t, days.first, days.last),
    venue: venueText(t, event.venue) ?? t.t('report.venueToBeConfirmed'),
    office: event.office,
    groups: event.groups,
    partners: event.partners,
    occurrences,
    series,
    participants: a?.participants ?? null,
    countries: a?.countries ?? null,
    countryCodes: a?.countryCodes ?? null,
    inPerson: a?.inPerson ?? null,
    remote: a?.remote ?? null,
    women: a?.women ?? null,
  };
}

/** Distinct countries across events (see CountriesCount): the one place the report counts them. */
export function countriesOf(events: ReportEvent[]): CountriesCount {
  const codes = new Set<string>();
  let listed = 0;
  let numberOnly = 0;
  let largest = 0;
  for (const e of events) {
    if (e.countryCodes) {
      listed++;
      for (const code of e.countryCodes) codes.add(code);
    } else if (e.countries !== null) {
      numberOnly++;
      largest = Math.max(largest, e.countries);
    }
  }
  const counted = events.filter((e) => e.participants !== null);
  return {
    count: listed + numberOnly === 0 ? null : Math.max(codes.size, largest),
    exact: listed > 0 && counted.every((e) => e.countryCodes !== null),
    codes: [...codes].sort(),
    listed,
    numberOnly,
  };
}

export function totalsOf(events: ReportEvent[]): Totals {
  // a figure no event registered is null, "not registered", never 0
  const sum = (pick: (e: ReportEvent) => number | null) => {
    const known = events.map(pick).filter((n): n is number => n !== null);
    return known.length ? known.reduce((a, b) => a + b, 0) : null;
  };
  return {
    events: events.length,
    withCounts: events.filter((e) => e.participants !== null).length,
    participants: sum((e) => e.participants),
    countries: countriesOf(events),
    countryParticipations: sum((e) => e.countries) ?? 0,
    inPerson: sum((e) => e.inPerson),
    remote: sum((e) => e.remote),
    women: sum((e) => e.women),
  };
}

const direction = (now: number, before: number) => (now > before ? 'up' : now < before ? 'down' : 'same');

function compare(now: Totals, before: Totals): Comparison {
  return {
    previousEvents: before.events,
    previousParticipants: before.participants,
    events: direction(now.events, before.events),
    participants: now.participants === null || before.participants === null ? 'unknown' : direction(now.participants, before.participants),
  };
}

/**
 * The regional activity report: pure, from the events of the period and of the one before.
 * Cancelled events are left out; a series counts once, with its occurrences in the period. Its
 * texts (dates, venues, the rule in words, kind labels) are in `t`'s language: JSON and CSV take
 * the English report, so that their values stay stable for the programs that read them.
 */
export function buildActivityReport(t: Translator, input: ReportInput): ActivityReport {
  const previous = previousPeriod(input.from, input.to);
  const kept = (events: CalendarEvent[], from: string, to: string) =>
    events
      .filter((e) => e.status !== 'cancelled')
      .map((e) => toReportEvent(t, e, from, to))
      .filter((e) => e.occurrences !== 0);
  const now = kept(input.events, input.from, input.to);
  const before = kept(input.previousEvents, previous.from, previous.to);
  const regionOf = new Map([...input.events, ...input.previousEvents].map((e) => [e.id, e.region]));
  const sections = input.regions
    .filter((r) => input.region === null || r.id === input.region)
    .map((region): RegionSection => {
      const events = now
        .filter((e) => regionOf.get(e.id) === region.id)
        .sort((a, b) => a.start.localeCompare(b.start) || a.title.localeCompare(b.title));
      const totals = totalsOf(events);
      return {
        region,
        office: input.regionalOffice(region.id),
        events,
        byKind: EVENT_KINDS.map((kind) => {
          const ofKind = events.filter((e) => e.kind === kind);
          return { kind, label: kindLabel(t, kind), events: ofKind, totals: totalsOf(ofKind) };
        }).filter((k) => k.events.length > 0),
        totals,
        partners: [...new Set(events.flatMap((e) => e.partners))].sort((a, b) => a.localeCompare(b)),
        comparison: compare(totals, totalsOf(before.filter((e) => regionOf.get(e.id) === region.id))),
      };
    });
  const all = sections.flatMap((s) => s.events);
  const allBefore = before.filter((e) => input.region === null || regionOf.get(e.id) === input.region);
  return {
    from: input.from,
    to: input.to,
    previousFrom: previous.from,
    previousTo: previous.to,
    region: input.region,
    regions: sections,
    totals: totalsOf(all),
    comparison: compare(totalsOf(all), totalsOf(allBefore)),
  };
}
