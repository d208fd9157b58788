import { DateTime, IANAZone } from 'luxon';
import { fieldProblem, type FieldProblem } from './problems.js';

/**
 * The time rule the whole service rests on: an event is local dates (all-day) or local
 * wall-clock times read in an IANA zone; UTC instants are derived, never entered.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** What is wrong with an event's times, and the field it is in. */
export type TimeProblem = FieldProblem;

/**
 * The years an event may be in. Zone data before 1900 is local mean time, which calendar clients
 * read differently; past 2200 nothing is planned, and the bound keeps every loop over days short.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2200;

/** Whether a date or local date-time (already checked to start with a four-digit year) lies within FIRST_YEAR to LAST_YEAR. */
export function withinRange(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

export interface EventTimes {
  allDay: boolean;
  startLocal: string;
  endLocal: string;
  /** first and last local day the event touches (inclusive) */
  startDate: string;
  endDate: string;
  /** UTC instants; for an all-day event, midnight starting the first day and the day after the last */
  startAt: string;
  endAt: string;
}

/**
 * True for an IANA zone spelt as published ('Europe/Zurich', or 'UTC'). Intl accepts any casing and
 * quietly maps 'europe/zurich' to the real zone; a calendar client may not, so the published
 * capitalisation is required.
 */
export function isKnownZone(name: string): boolean {
  const areaLocation = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)+$/.test(name);
  // Intl also takes abbreviations such as 'EAT' or 'EST', which are not places and mislead
  return (areaLocation || name === 'UTC') && IANAZone.isValidZone(name);
}

export function isIsoDate(value: string): boolean {
  return DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

export function isLocalDateTime(value: string): boolean {
  const match = LOCAL_DATE_TIME.exec(value);
  // luxon reads T24:00 as the next midnight; a wall clock never shows it
  return match !== null && Number(match[4]) < 24 && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/** Wall-clock fields of a local date-time, interpreted as if it were UTC: the zone is applied later. */
function wallClockMillis(local: string): number {
  return DateTime.fromISO(local, { zone: 'UTC' }).toMillis();
}

export type Resolution =
  { kind: 'exact'; instant: number } | { kind: 'ambiguous'; instant: number; later: number } | { kind: 'nonexistent' };

/**
 * The UTC instants a wall-clock time has in a zone. Luxon silently shifts a time inside a
 * daylight-saving gap and picks one side of an overlap, so both are found here explicitly: a
 * skipped time comes back from luxon showing another wall clock, and `getPossibleOffsets()` gives
 * every instant of one that happens twice.
 * Rule for an overlap (documented in docs/feeds.md): the first occurrence, as RFC 5545 §3.3.5
 * prescribes, so the service agrees with every calendar client reading its feeds.
 */
export function resolveLocal(local: string, zoneName: string): Resolution {
  const wall = wallClockMillis(local);
  // Not DateTime.fromISO(local, { zone }): luxon (3.7) starts that offset search from the zone's
  // offset *today* and gives up after two steps, so next to a change between two other offsets it
  // takes a time that exists for a skipped one and moves it (Europe/London 1945-04-02T01:59 came
  // out 02:59 in winter, Pacific/Apia 2010-09-26T01:00 as 02:00 all year), depending on the season
  // the process started in. setZone with keepLocalTime starts from the offset at the wall clock
  // itself, which is right whenever a single change is within a day, as in all tz data 1899-2201
  // (the closest two changes are 7 days apart). test/time.test.ts holds this to a minute-by-minute
  // search around changes, and to the same answers whichever season the process started in.
  const read = DateTime.fromMillis(wall, { zone: 'UTC' }).setZone(IANAZone.create(zoneName), { keepLocalTime: true });
  // rounded: an offset in local mean time has seconds, which luxon keeps as a fraction of a minute
  if (Math.round(read.toMillis() + read.offset * 60 * 1000) !== wall) return { kind: 'nonexistent' };
  const instants = [...new Set(read.getPossibleOffsets().map((possible) => possible.toMillis()))].sort((a, b) => a - b);
  if (instants.length === 1) return { kind: 'exact', instant: instants[0]! };
  return { kind: 'ambiguous', instant: instants[0]!, later: instants[instants.length - 1]! };
}

const iso = (millis: number) => new Date(millis).toISOString();

/** Checks an event's start, end and zone together and derives what is stored. */
export function deriveEventTimes(start: string, end: string, timeZone: string): EventTimes | TimeProblem {
  if (!isKnownZone(timeZone)) {
    return fieldProblem('timeZone', 'unknownZone', { zone: timeZone });
  }
  const startIsDate = isIsoDate(start);
  const endIsDate = isIsoDate(end);
  if (!startIsDate && !isLocalDateTime(start)) {
    return fieldProblem('start', 'notDateOrTime', { value: start });
  }
  if (!endIsDate && !isLocalDateTime(end)) {
    return fieldProblem('end', 'notDateOrTime', { value: end });
  }
  for (const [field, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (!withinRange(value)) return fieldProblem(field, 'outsideYears', { value, first: FIRST_YEAR, last: LAST_YEAR });
  }
  if (startIsDate !== endIsDate) {
    return fieldProblem('end', 'mixedDatesAndTimes');
  }
  if (startIsDate) {
    if (end < start) return fieldProblem('end', 'endBeforeStart', { start, end });
    const zone = IANAZone.create(timeZone);
    const first = DateTime.fromISO(start, { zone });
    const afterLast = DateTime.fromISO(end, { zone }).plus({ days: 1 });
    return {
      allDay: true,
      startLocal: start,
      endLocal: end,
      ...datesOf(localDays({ start, end }, true)),
      startAt: iso(first.startOf('day').toMillis()),
      endAt: iso(afterLast.startOf('day').toMillis()),
    };
  }
  const startLocal = normalizeLocal(start);
  const endLocal = normalizeLocal(end);
  const startResolution = resolveLocal(startLocal, timeZone);
  if (startResolution.kind === 'nonexistent') {
    return fieldProblem('start', 'timeSkipped', { value: start, zone: timeZone });
  }
  const endResolution = resolveLocal(endLocal, timeZone);
  if (endResolution.kind === 'nonexistent') {
    return fieldProblem('end', 'timeSkipped', { value: end, zone: timeZone });
  }
  if (endResolution.instant <= startResolution.instant) {
    return fieldProblem('end', 'endNotAfterStart', { start, end });
  }
  return {
    allDay: false,
    startLocal,
    endLocal,
    ...datesOf(localDays({ start: startLocal, end: endLocal }, false)),
    startAt: iso(startResolution.instant),
    endAt: iso(endResolution.instant),
  };
}

/** The first and last local day a stretch of time touches, both inclusive. */
export interface LocalDays {
  first: string;
  last: string;
}

const MIDNIGHT = /T00:00(:00)?$/;

/**
 * The local days an event or occurrence touches: the one answer to that question for every
 * list, filter, grid and report, so an occurrence is in all of them for the same days or in none.
 * An all-day end is its last day, inclusive. A timed end at local midnight is the instant the
 * next day begins, so that day is not touched (09:00 to 00:00 is one day); a stretch that also
 * starts at that midnight still touches its own day.
 */
export function localDays(span: { start: string; end: string }, allDay: boolean): LocalDays {
  const first = span.start.slice(0, 10);
  const endDay = span.end.slice(0, 10);
  if (allDay || !MIDNIGHT.test(span.end)) return { first, last: endDay };
  const dayBefore = DateTime.fromISO(endDay, { zone: 'utc' }).minus({ days: 1 }).toISODate()!;
  return { first, last: dayBefore < first ? first : dayBefore };
}

/** Whether a stretch touches any of the local dates [from, to], both inclusive; a missing end is open. */
export function touchesDays(
  span: { start: string; end: string },
  allDay: boolean,
  from: string | undefined,
  to: string | undefined,
): boolean {
  const { first, last } = localDays(span, allDay);
  return (!from || last >= from) && (!to || first <= to);
}

const datesOf = ({ first, last }: LocalDays) => ({ startDate: first, endDate: last });

/** '2023-09-20T09:00:00' and '2023-09-20T09:00' are the same time; store the short form when seconds are zero. */
export function normalizeLocal(local: string): string {
  return local.length === 19 && local.endsWith(':00') ? local.slice(0, 16) : local;
}

export function isTimeProblem(value: EventTimes | TimeProblem): value is TimeProblem {
  return 'code' in value;
}
