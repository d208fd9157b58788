import { DateTime } from 'luxon';
import type { Translator } from '../i18n/index.js';

/** A stretch of time as events and occurrences carry it: local wall-clock values plus the UTC instants. */
export interface Span {
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
}

// wall-clock values are formatted as they are written: read "as if UTC", so no zone moves them
const wall = (local: string) => DateTime.fromISO(local, { zone: 'utc' });
const wallMs = (local: string) => wall(local).toMillis();

const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
const DAY_TIME: Intl.DateTimeFormatOptions = { ...DAY, hour: '2-digit', minute: '2-digit' };

/** A wall-clock date through Intl; one Intl cannot place (past the year 9999, where a link may lead) as it is written. */
const formatWall = (t: Translator, local: string, options: Intl.DateTimeFormatOptions) => {
  const ms = wallMs(local);
  return Number.isFinite(ms) ? t.dateTime(ms, options) : local;
};

/** 'Tue, 5 Mar 2024' (in the reader's language) from '2024-03-05' (or the date part of a local date-time). */
export function formatDate(t: Translator, local: string): string {
  return formatWall(t, local.slice(0, 10), DAY);
}

/** 'January 2024' from '2024-01'. */
export function formatMonth(t: Translator, month: string): string {
  const formatted = formatWall(t, `${month}-01`, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return formatted === `${month}-01` ? month : formatted;
}

/** The dates or times between two instants as they read on one calendar: 'Tue, 5 Mar 2024, 09:00–17:30'. */
function formatRange(t: Translator, startMs: number, endMs: number, allDay: boolean, timeZone = 'UTC'): string {
  if (allDay) return startMs === endMs ? t.dateTime(startMs, DAY) : t.dateTimeRange(startMs, endMs, DAY);
  return t.dateTimeRange(startMs, endMs, { ...DAY_TIME, timeZone });
}

/** The span in the event's own zone, as its organizers wrote it. */
export function localWhen(t: Translator, span: Span, allDay: boolean): string {
  return formatRange(t, wallMs(span.start.slice(0, allDay ? 10 : undefined)), wallMs(span.end.slice(0, allDay ? 10 : undefined)), allDay);
}

/** The local days first to last, both inclusive: 'Wed 13 – Fri 22 Sep 2023'. */
export function formatDays(t: Translator, first: string, last: string): string {
  return formatRange(t, wallMs(first), wallMs(last), true);
}

/** 'UTC+03:00' at the start of the span in the zone. */
export function zoneOffset(span: Span, zone: string): string {
  const offset = DateTime.fromISO(span.startsAt, { zone }).toFormat('ZZ');
  return offset === '+00:00' ? 'UTC' : `UTC${offset}`;
}

/** The span in UTC: what a reader without the page script sees besides the local time. */
export function utcWhen(t: Translator, span: Span): string {
  return t.t('when.utc', { when: formatRange(t, Date.parse(span.startsAt), Date.parse(span.endsAt), false) });
}

/** The local date a moment falls on in UTC: the service's idea of "today". */
export const utcDate = (moment: Date): string => moment.toISOString().slice(0, 10);

/** Days of a local-date range, both ends included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  // compared as instants, not strings: the day after 9999-12-31 is '+010000-01-01', which sorts first
  const last = wall(to).toMillis();
  for (let d = wall(from); d.toMillis() <= last; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return days;
}

/** The month before or after 'YYYY-MM'. */
export function shiftMonth(month: string, by: number): string {
  return wall(`${month}-01`).plus({ months: by }).toFormat('yyyy-LL');
}

/** Last day of the month 'YYYY-MM'. */
export function monthEnd(month: string): string {
  return wall(`${month}-01`).endOf('month').toISODate()!;
}

/** The days of a month's grid, whole weeks from `weekStart` (1 Monday … 7 Sunday): the neighbouring months' days marked. */
export function monthGrid(month: string, weekStart = 1): { date: string; inMonth: boolean }[] {
  const first = wall(`${month}-01`);
  const last = first.endOf('month').startOf('day');
  const start = first.minus({ days: (first.weekday - weekStart + 7) % 7 });
  const end = last.plus({ days: (weekStart + 6 - last.weekday) % 7 });
  return daysBetween(start.toISODate()!, end.toISODate()!).map((date) => ({ date, inMonth: date.startsWith(month) }));
}

/** The names of the weekdays from the reader's first day of the week, short and long, in the reader's language. */
export function weekdayNames(t: Translator): { short: string; long: string }[] {
  // 2024-01-01 was a Monday
  return Array.from({ length: 7 }, (_, i) => {
    const ms = Date.UTC(2024, 0, t.weekStart + i);
    return { short: t.dateTime(ms, { weekday: 'short', timeZone: 'UTC' }), long: t.dateTime(ms, { weekday: 'long', timeZone: 'UTC' }) };
  });
}

/** A zone as a page names it beside a time: the catalog's city ("Geneva"), else Intl's generic name for it ("EET"). */
export const zoneLabel = (t: Translator, zone: string, instant: number): string => t.zoneCity(zone) ?? t.zoneName(instant, zone);

/** The zones a reader may read times in: every IANA zone Intl knows, and UTC. */
export const ZONE_CHOICES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
