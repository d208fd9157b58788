import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { CalendarEvent, OccurrenceOverride } from './event.js';

export type { OccurrenceOverride } from './event.js';
import { FIRST_YEAR, isIsoDate, LAST_YEAR, localDays, resolveLocal, touchesDays, withinRange } from './time.js';
import { problem, type Problem } from './problems.js';

/** A series is bounded (COUNT or UNTIL) and at most this long, so every expansion is finite and small. */
export const MAX_OCCURRENCES = 500;

const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const RULE_SHAPE = /^[A-Z]+=[A-Z0-9,+-]+(;[A-Z]+=[A-Z0-9,+-]+)*$/;

export interface Occurrence {
  /** the local date it was planned for: its key for overrides and reminders */
  originalDate: string;
  /** local start as planned (the RECURRENCE-ID) */
  originalStart: string;
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'moved' | 'cancelled';
}

/** Checks an RRULE (the value, without 'RRULE:'); returns what is wrong with it, or undefined. */
export function recurrenceProblem(rule: string): Problem | undefined {
  if (!RULE_SHAPE.test(rule)) return problem('ruleShape', { rule });
  const pairs = rule.split(';').map((p) => p.split('=') as [string, string]);
  const parts = new Map(pairs);
  const twice = pairs.find(([key], i) => pairs.findIndex(([other]) => other === key) !== i);
  if (twice) return problem('rulePartTwice', { part: twice[0] });
  const unsupported = [...parts.keys()].find((key) => !(RULE_PARTS as readonly string[]).includes(key));
  // a time of day, a week number or a start inside the rule would be expanded differently by
  // clients and by the service (and several times a day would share an occurrence's key)
  if (unsupported) return problem('rulePartUnsupported', { part: unsupported, parts: RULE_PARTS.join(', ') });
  const freq = parts.get('FREQ') ?? '';
  if (!FREQUENCIES.includes(freq)) return problem('ruleFrequency', { allowed: FREQUENCIES.join(', ') });
  const inParts = partProblem(freq, parts);
  if (inParts) return inParts;
  if (parts.has('COUNT') === parts.has('UNTIL')) return problem('ruleEnd');
  if (parts.has('COUNT') && !(Number(parts.get('COUNT')) >= 1 && Number(parts.get('COUNT')) <= MAX_OCCURRENCES)) {
    return problem('ruleCount', { max: MAX_OCCURRENCES });
  }
  if (parts.has('UNTIL') && !/^\d{8}(T\d{6}Z?)?$/.test(parts.get('UNTIL')!)) return problem('ruleUntilFormat');
  if (parts.has('UNTIL') && !withinRange(`${parts.get('UNTIL')!.slice(0, 4)}-`))
    return problem('ruleUntilYears', { first: FIRST_YEAR, last: LAST_YEAR });
  try {
    ICAL.Recur.fromString(rule);
  } catch (error) {
    return problem('ruleInvalid', { detail: (error as Error).message });
  }
  return undefined;
}

/** The parts a rule may have; anything else is refused rather than published as sent. */
export const RULE_PARTS = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYMONTH', 'BYMONTHDAY', 'BYDAY', 'BYSETPOS', 'WKST'] as const;
/** what repeats first, how the series ends last, as calendar clients write rules */
const WRITTEN_ORDER = [
  'FREQ',
  'INTERVAL',
  'BYMONTH',
  'BYMONTHDAY',
  'BYDAY',
  'BYSETPOS',
  'WKST',
  'COUNT',
  'UNTIL',
] as const satisfies readonly (typeof RULE_PARTS)[number][];
export const MAX_INTERVAL = 1000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** the longest each month can be, February in a leap year */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const integers = (list: string, min: number, max: number) =>
  list.split(',').every((v) => /^[+-]?\d{1,3}$/.test(v) && Number(v) !== 0 && Math.abs(Number(v)) >= min && Math.abs(Number(v)) <= max);

/** Each part's values, and whether the parts together can match a date at all. */
function partProblem(freq: string, parts: Map<string, string>): Problem | undefined {
  const interval = parts.get('INTERVAL');
  if (interval !== undefined && !(/^\d{1,4}$/.test(interval) && Number(interval) >= 1 && Number(interval) <= MAX_INTERVAL))
    return problem('ruleInterval', { max: MAX_INTERVAL });
  const months = parts.get('BYMONTH');
  if (months !== undefined && !integers(months, 1, 12)) return problem('ruleByMonth');
  if (months?.includes('-')) return problem('ruleByMonth');
  const monthDays = parts.get('BYMONTHDAY');
  if (monthDays !== undefined && !integers(monthDays, 1, 31)) return problem('ruleByMonthDay');
  const setPos = parts.get('BYSETPOS');
  if (setPos !== undefined && !integers(setPos, 1, 366)) return problem('ruleBySetPos');
  const days = parts.get('BYDAY');
  if (days !== undefined) {
    const maxNth = freq === 'YEARLY' ? 53 : freq === 'MONTHLY' ? 5 : 0;
    for (const day of days.split(',')) {
      const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(day);
      if (!match || !WEEKDAYS.includes(match[2]!)) return problem('ruleByDay', { weekdays: WEEKDAYS.join(', ') });
      const nth = match[1] === undefined ? undefined : Math.abs(Number(match[1]));
      if (nth !== undefined && (nth === 0 || nth > maxNth)) {
        return maxNth
          ? problem('ruleByDayPosition', { frequency: freq, max: maxNth })
          : problem('ruleByDayNoPosition', { frequency: freq });
      }
    }
  }
  const wkst = parts.get('WKST');
  if (wkst !== undefined && !WEEKDAYS.includes(wkst)) return problem('ruleWeekStart', { weekdays: WEEKDAYS.join(', ') });
  if ((freq === 'DAILY' || freq === 'WEEKLY') && (monthDays !== undefined || setPos !== undefined)) {
    // such a rule may never match again, and ical.js would then search for ever
    return problem('ruleMonthlyParts');
  }
  if (monthDays !== undefined) {
    const inMonths = (months ?? '1,2,3,4,5,6,7,8,9,10,11,12').split(',').map((m) => MONTH_DAYS[Number(m) - 1]!);
    if (!monthDays.split(',').some((d) => inMonths.some((length) => Math.abs(Number(d)) <= length))) return problem('ruleNoDate');
  }
  return undefined;
}

const byNumber = (a: string, b: string) => Number(a) - Number(b);

/**
 * The one form a valid rule is stored and published in: parts in WRITTEN_ORDER, numbers
 * without signs or leading zeros, list values once each and sorted, defaults (INTERVAL=1,
 * WKST=MO) left out. Two spellings of one rule are then equal, and a client reads what the
 * service expands. A rule with a problem is returned as it is, to be refused with that problem.
 */
export function canonicalRecurrence(rule: string): string {
  if (recurrenceProblem(rule)) return rule;
  const parts = new Map(rule.split(';').map((p) => p.split('=') as [string, string]));
  const list = (value: string, order: (a: string, b: string) => number) => [...new Set(value.split(','))].sort(order).join(',');
  const written: string[] = [];
  for (const key of WRITTEN_ORDER) {
    let value = parts.get(key);
    if (value === undefined) continue;
    if (key === 'INTERVAL' || key === 'COUNT') value = String(Number(value));
    if (key === 'BYMONTH' || key === 'BYMONTHDAY' || key === 'BYSETPOS')
      value = list(
        value
          .split(',')
          .map((n) => String(Number(n)))
          .join(','),
        byNumber,
      );
    if (key === 'BYDAY') {
      const days = value.split(',').map((d) => {
        const [, nth, day] = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(d)!;
        return `${nth === undefined ? '' : Number(nth)}${day}`;
      });
      const weekday = (d: string) => WEEKDAYS.indexOf(d.slice(-2));
      value = list(days.join(','), (a, b) => weekday(a) - weekday(b) || Number(a.slice(0, -2) || 0) - Number(b.slice(0, -2) || 0));
    }
    if ((key === 'INTERVAL' && value === '1') || (key === 'WKST' && value === 'MO')) continue;
    written.push(`${key}=${value}`);
  }
  return written.join(';');
}

const toIcalLocal = (local: string) =>
  isIsoDate(local) ? ICAL.Time.fromDateString(local) : ICAL.Time.fromDateTimeString(local.length === 16 ? `${local}:00` : local);

function fromIcal(time: ICAL.Time, allDay: boolean): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  return allDay ? date : `${date}T${pad(time.hour)}:${pad(time.minute)}${time.second ? `:${pad(time.second)}` : ''}`;
}

/** The instant of a wall-clock time; a time skipped by a DST jump moves forward, as RFC 5545 §3.3.5 says. */
export function instantOf(local: string, zone: string, allDay: boolean): number {
  if (allDay) return DateTime.fromISO(local, { zone }).startOf('day').toMillis();
  const r = resolveLocal(local, zone);
  return r.kind === 'nonexistent' ? DateTime.fromISO(local, { zone }).toMillis() : r.instant;
}

/**
 * Expands a series in its zone: every occurrence keeps the wall-clock time of the first
 * ("14:00 Geneva" stays 14:00 across daylight-saving changes), then overrides move or cancel
 * single occurrences. Pure: values in, values out.
 */
export function expandSeries(
  series: { start: string; end: string; allDay: boolean; timeZone: string; recurrence: string },
  overrides: OccurrenceOverride[] = [],
  /** one more than MAX_OCCURRENCES tells a rule that goes on past the limit */
  limit = MAX_OCCURRENCES,
): Occurrence[] {
  // a series is expanded by every feed, page and planning that shows it, and the expansion
  // (about 30 µs an occurrence) only depends on these values: kept, so 500 series of 500
  // occurrences do not cost seconds per feed
  const key = JSON.stringify([series.start, series.end, series.allDay, series.timeZone, series.recurrence, limit, overrides]);
  let expanded = expansions.get(key);
  if (expanded === undefined) {
    expanded = expand(series, overrides, limit);
    if (expansions.size >= MAX_EXPANSIONS_KEPT) expansions.delete(expansions.keys().next().value!);
    expansions.set(key, expanded);
  } else {
    // the most recently used last, so the oldest goes first
    expansions.delete(key);
    expansions.set(key, expanded);
  }
  return expanded.map((o) => ({ ...o }));
}

const MAX_EXPANSIONS_KEPT = 5000;
const expansions = new Map<string, Occurrence[]>();

function expand(
  series: { start: string; end: string; allDay: boolean; timeZone: string; recurrence: string },
  overrides: OccurrenceOverride[],
  limit: number,
): Occurrence[] {
  const { allDay, timeZone } = series;
  const firstStart = instantOf(series.start, timeZone, allDay);
  const firstEnd = allDay ? instantOf(series.end, timeZone, true) + 86_400_000 : instantOf(series.end, timeZone, false);
  const days = allDay ? DateTime.fromISO(series.end).diff(DateTime.fromISO(series.start), 'days').days : 0;
  const length = firstEnd - firstStart;
  const rule = ICAL.Recur.fromString(localUntil(series.recurrence, timeZone, allDay));
  const iterator = rule.iterator(toIcalLocal(series.start));
  const byDate = new Map(overrides.map((o) => [o.originalDate, o]));
  const result: Occurrence[] = [];
  // bounded twice: by the occurrence limit, and by the last year any event may be in
  for (let next = iterator.next(); next && result.length < limit && next.year <= LAST_YEAR; next = iterator.next()) {
    const originalStart = fromIcal(next, allDay);
    const originalDate = originalStart.slice(0, 10);
    const startMs = instantOf(originalStart, timeZone, allDay);
    const planned: Occurrence = {
      originalDate,
      originalStart,
      start: originalStart,
      end: allDay
        ? DateTime.fromISO(originalStart).plus({ days }).toISODate()!
        : DateTime.fromMillis(startMs + length, { zone: timeZone }).toFormat("yyyy-LL-dd'T'HH:mm"),
      startsAt: new Date(startMs).toISOString(),
      endsAt: new Date(startMs + length).toISOString(),
      status: 'scheduled',
    };
    const override = byDate.get(originalDate);
    if (override?.cancelled) result.push({ ...planned, status: 'cancelled' });
    else if (override)
      result.push({
        ...planned,
        start: override.start!,
        end: override.end!,
        startsAt: override.startsAt!,
        endsAt: override.endsAt!,
        status: 'moved',
      });
    else result.push(planned);
  }
  return result;
}

/**
 * ical.js compares UNTIL with floating local times; a UTC UNTIL is turned into the zone's wall
 * clock first, so the last occurrence is the one RFC 5545 means.
 */
function localUntil(rule: string, zone: string, allDay: boolean): string {
  return rule.replace(/UNTIL=(\d{8})(T\d{6}Z?)?/, (_m, date: string, time: string | undefined) => {
    if (!time) return allDay ? `UNTIL=${date}` : `UNTIL=${date}T235959`; // a date ends with its last second
    if (!time.endsWith('Z')) return `UNTIL=${allDay ? date : date + time}`;
    const local = DateTime.fromFormat(date + time, "yyyyLLdd'T'HHmmss'Z'", { zone: 'utc' }).setZone(zone);
    return `UNTIL=${allDay ? local.toFormat('yyyyLLdd') : local.toFormat("yyyyLLdd'T'HHmmss")}`;
  });
}

/** Every occurrence of an event: a series expanded with its exceptions, or the one occurrence of a single event. */
export function occurrencesOf(event: CalendarEvent): Occurrence[] {
  if (event.recurrence === null) {
    const originalDate = event.start.slice(0, 10);
    return [
      {
        originalDate,
        originalStart: event.start,
        start: event.start,
        end: event.end,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        status: event.status === 'cancelled' ? 'cancelled' : 'scheduled',
      },
    ];
  }
  const occurrences = expandSeries({ ...event, recurrence: event.recurrence }, event.overrides);
  return event.status === 'cancelled' ? occurrences.map((o) => ({ ...o, status: 'cancelled' as const })) : occurrences;
}

/**
 * The RRULE as a feed should carry it: RFC 5545 wants UNTIL in UTC when DTSTART has a zone, and
 * a date when DTSTART is a date. A date UNTIL on a timed series means the end of that local day.
 */
export function rruleForFeed(rule: string, zone: string, allDay: boolean): string {
  // rows stored before rules were kept canonical are published canonical all the same
  return canonicalRecurrence(rule).replace(/UNTIL=(\d{8})(T\d{6}Z?)?/, (_m, date: string, time: string | undefined) => {
    if (allDay)
      return `UNTIL=${time?.endsWith('Z') ? DateTime.fromFormat(`${date}${time}`, "yyyyLLdd'T'HHmmss'Z'", { zone: 'utc' }).setZone(zone).toFormat('yyyyLLdd') : date}`;
    if (time?.endsWith('Z')) return `UNTIL=${date}${time}`;
    const local = time
      ? DateTime.fromFormat(`${date}${time}`, "yyyyLLdd'T'HHmmss", { zone })
      : DateTime.fromFormat(date, 'yyyyLLdd', { zone }).endOf('day').startOf('second');
    return `UNTIL=${local.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`;
  });
}

/** Whether any occurrence touches the local dates [from, to] (either end open). */
export function occursBetween(event: CalendarEvent, from: string | undefined, to: string | undefined): boolean {
  return occurrencesOf(event).some((o) => touchesDays(o, event.allDay, from, to));
}

/** What of an event happens in a period, as reports and lists say it. */
export interface OccurrencesInPeriod {
  /** the occurrences held in the period, by start: skipped ones left out, moved ones at their new dates */
  held: Occurrence[];
  /** of those held, how many were moved (from anywhere) into the period */
  moved: number;
  /** occurrences planned in the period and skipped; one moved out of the period is neither */
  skipped: number;
  /** the first and last local day in the period an occurrence is held on (clipped to the period); undefined when none is */
  first: string | undefined;
  last: string | undefined;
}

/**
 * The occurrences of an event in the local dates [from, to] (either end open), by the one rule
 * of the days an occurrence touches (touchesDays). An occurrence running over an end of the period
 * counts, and its days outside the period are not the period's first or last.
 */
export function occurrencesInPeriod(event: CalendarEvent, from: string | undefined, to: string | undefined): OccurrencesInPeriod {
  const touching = occurrencesOf(event).filter((o) => touchesDays(o, event.allDay, from, to));
  const held = touching
    .filter((o) => o.status !== 'cancelled')
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.originalDate.localeCompare(b.originalDate));
  const days = held.map((o) => localDays(o, event.allDay));
  const clip = (day: string) => (from && day < from ? from : to && day > to ? to : day);
  return {
    held,
    moved: held.filter((o) => o.status === 'moved').length,
    skipped: touching.length - held.length,
    first: days.length ? clip(days.map((d) => d.first).sort()[0]!) : undefined,
    last: days.length
      ? clip(
          days
            .map((d) => d.last)
            .sort()
            .at(-1)!,
        )
      : undefined,
  };
}
