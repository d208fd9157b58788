import { LOCALE } from '../domain/vocabulary.js';
import { DateTime } from 'luxon';

/** A stretch of time as events and occurrences carry it: local wall-clock values plus the UTC instants. */
export interface Span {
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
}

// wall-clock values are formatted as they are written: read "as if UTC", so no zone moves them
const wall = (local: string) => DateTime.fromISO(local, { zone: 'utc', locale: LOCALE });
const DAY = 'ccc d LLL yyyy';

/** 'Tue 5 Mar 2024' from '2024-03-05' (or the date part of a local date-time). */
export function formatDate(local: string): string {
  return wall(local.slice(0, 10)).toFormat(DAY);
}

/** 'January 2024' from '2024-01'. */
export function formatMonth(month: string): string {
  return wall(`${month}-01`).toFormat('LLLL yyyy');
}

/** The dates or times of a span as they read in one calendar: 'Tue 5 Mar 2024, 09:00–17:30'. */
function formatRange(start: DateTime, end: DateTime, allDay: boolean): string {
  if (allDay) {
    if (start.hasSame(end, 'day')) return start.toFormat(DAY);
    if (start.hasSame(end, 'month')) return `${start.toFormat('ccc d')} – ${end.toFormat(DAY)}`;
    if (start.hasSame(end, 'year')) return `${start.toFormat('ccc d LLL')} – ${end.toFormat(DAY)}`;
    return `${start.toFormat(DAY)} – ${end.toFormat(DAY)}`;
  }
  if (start.hasSame(end, 'day')) return `${start.toFormat(DAY)}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
  return `${start.toFormat(DAY)} ${start.toFormat('HH:mm')} – ${end.toFormat(DAY)} ${end.toFormat('HH:mm')}`;
}

/** The span in the event's own zone, as its organizers wrote it. */
export function localWhen(span: Span, allDay: boolean): string {
  return formatRange(wall(span.start), wall(span.end), allDay);
}

/** The local days first to last, both inclusive: 'Wed 13 – Fri 22 Sep 2023'. */
export function formatDays(first: string, last: string): string {
  return formatRange(wall(first), wall(last), true);
}

/** 'UTC+03:00' at the start of the span in the zone. */
export function zoneOffset(span: Span, zone: string): string {
  const offset = DateTime.fromISO(span.startsAt, { zone }).toFormat('ZZ');
  return offset === '+00:00' ? 'UTC' : `UTC${offset}`;
}

/** The span in UTC: what a reader without the page script sees besides the local time. */
export function utcWhen(span: Span): string {
  const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc', locale: LOCALE });
  return `${formatRange(utc(span.startsAt), utc(span.endsAt), false)} UTC`;
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

/** The days of a month's grid, whole weeks from Monday: the neighbouring months' days marked. */
export function monthGrid(month: string): { date: string; inMonth: boolean }[] {
  const first = wall(`${month}-01`);
  const last = first.endOf('month').startOf('day');
  const start = first.minus({ days: first.weekday - 1 });
  const end = last.plus({ days: 7 - last.weekday });
  return daysBetween(start.toISODate()!, end.toISODate()!).map((date) => ({ date, inMonth: date.startsWith(month) }));
}
