import type { DateTime } from 'luxon';

/**
 * The days a recipient works: its office's working week (ISO weekdays, 1 Monday … 7 Sunday) and
 * the public holidays of its country (ISO dates, TSB's corrections applied). Plain values, so the
 * planning that reads them stays pure: the planner looks the holidays up and passes them in.
 */
export interface WorkWeek {
  workingDays: readonly number[];
  holidays: ReadonlySet<string>;
}

/** Monday to Friday with no holiday: what a recipient the service knows nothing about keeps. */
export const MONDAY_TO_FRIDAY: WorkWeek = { workingDays: [1, 2, 3, 4, 5], holidays: new Set() };

// a working week of no day, or a holiday list of every day, must not hang the planning
const SEARCH_DAYS = 62;

/** Whether the local day of `day` (in its own zone) is a weekend day or a public holiday. */
export function isDayOff(day: DateTime, week: WorkWeek): boolean {
  return !week.workingDays.includes(day.weekday) || week.holidays.has(day.toISODate()!);
}

/** `day` itself when it is a working day, else the same local time on the next working day. */
export function nextWorkingDay(day: DateTime, week: WorkWeek): DateTime {
  for (let i = 0, d = day; i < SEARCH_DAYS; i++, d = d.plus({ days: 1 })) if (!isDayOff(d, week)) return d;
  return day;
}

/** `day` itself when it is a working day, else the same local time on the working day before. */
export function previousWorkingDay(day: DateTime, week: WorkWeek): DateTime {
  for (let i = 0, d = day; i < SEARCH_DAYS; i++, d = d.minus({ days: 1 })) if (!isDayOff(d, week)) return d;
  return day;
}
