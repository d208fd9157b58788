import { monthGrid } from './time.js';

/**
 * The layout of a month grid, a week a row: an occurrence of one day is an entry in its day's
 * cell; one of several days is a bar, once per week row, across the days it touches in that
 * week (so a ten-day meeting is two or three bars, not ten entries). Bars take lanes, the rows
 * of a week that a bar keeps across its days; a day shows at most `limit` things (its lanes
 * first, then its entries) and says how many more there are.
 */

/** An occurrence as the grid needs it: its first and last local day (`localDays`). */
export interface MonthItem {
  id: string;
  title: string;
  /** the title's language (an untranslated title is in the event's own) */
  language: string;
  first: string;
  last: string;
  /** local start time of a timed occurrence ('09:00'), null for all-day */
  time: string | null;
  /** the zone of `time` where the page must say it (it differs from the page's), else null */
  zone: string | null;
  cancelled: boolean;
}

export interface MonthEntry {
  id: string;
  title: string;
  language: string;
  /** local start time of a timed event ('09:00'), none for all-day */
  time: string | null;
  /** the zone of `time` where the page must say it, else null */
  zone: string | null;
  cancelled: boolean;
}

/** The part of a multi-day occurrence within one week row. */
export interface MonthBar extends MonthEntry {
  /** the occurrence's whole days */
  first: string;
  last: string;
  /** the column it starts in, 0 (Monday) to 6, and how many days of the row it covers */
  column: number;
  span: number;
  lane: number;
  /** the occurrence began before the row's first shown day, goes on after its last */
  before: boolean;
  after: boolean;
}

export interface MonthDay {
  date: string;
  /** false for the days of the neighbouring months that fill the first and last weeks */
  inMonth: boolean;
  /** the reader's today */
  today: boolean;
  /** one per lane the cell keeps: the bar starting there in that lane, or null (a bar from an earlier day, or nothing) */
  lanes: (MonthBar | null)[];
  entries: MonthEntry[];
  /** bars and entries left out of the cell, and the list of that day */
  more: number;
  dayHref: string;
}

export interface MonthWeek {
  days: MonthDay[];
  bars: MonthBar[];
}

/**
 * Lays out what touches [from, to] (within the month) of `items`, in their order (by start).
 * Days outside [from, to] stay empty; a bar reaching past them is cut there and marked as going on.
 */
export function layoutMonth(
  items: MonthItem[],
  month: string,
  from: string,
  to: string,
  dayHref: (date: string) => string,
  limit: number,
  weekStart = 1,
  today = '',
): MonthWeek[] {
  const grid = monthGrid(month, weekStart);
  const weeks: MonthWeek[] = [];
  for (let w = 0; w < grid.length; w += 7) {
    const days = grid.slice(w, w + 7);
    const shown = days.map((d) => d.inMonth && d.date >= from && d.date <= to);
    const firstShown = shown.indexOf(true);
    const lastShown = shown.lastIndexOf(true);
    const hidden = new Array<number>(7).fill(0);
    const entries: MonthEntry[][] = days.map(() => []);
    const bars: MonthBar[] = [];
    if (firstShown >= 0) {
      const lo = days[firstShown]!.date;
      const hi = days[lastShown]!.date;
      const column = (date: string) => days.findIndex((d) => d.date === date);
      const segments: MonthBar[] = [];
      for (const item of items) {
        if (item.last < lo || item.first > hi) continue;
        const entry = entryOf(item);
        if (item.first === item.last) {
          entries[column(item.first)]!.push(entry);
          continue;
        }
        const start = column(item.first < lo ? lo : item.first);
        const end = column(item.last > hi ? hi : item.last);
        segments.push({
          ...entry,
          time: item.first < lo ? null : item.time,
          first: item.first,
          last: item.last,
          column: start,
          span: end - start + 1,
          lane: -1,
          before: item.first < lo,
          after: item.last > hi,
        });
      }
      // the earliest first, the longest of those first: the usual calendar order, and few lanes
      segments.sort((a, b) => a.column - b.column || b.span - a.span);
      const taken: boolean[][] = [];
      for (const bar of segments) {
        let lane = 0;
        while (taken[lane]?.slice(bar.column, bar.column + bar.span).some(Boolean)) lane++;
        if (lane >= limit) {
          for (let c = bar.column; c < bar.column + bar.span; c++) hidden[c]!++;
          continue;
        }
        const row = (taken[lane] ??= new Array<boolean>(7).fill(false));
        for (let c = bar.column; c < bar.column + bar.span; c++) row[c] = true;
        bars.push({ ...bar, lane });
      }
    }
    weeks.push({
      bars,
      days: days.map(({ date, inMonth }, c): MonthDay => {
        const covering = bars.filter((b) => b.column <= c && c < b.column + b.span);
        const laneCount = covering.reduce((n, b) => Math.max(n, b.lane + 1), 0);
        const lanes = Array.from({ length: laneCount }, (_, lane) => bars.find((b) => b.column === c && b.lane === lane) ?? null);
        const all = entries[c]!;
        const room = limit - laneCount;
        // "N more" takes the place of the last entry that would fit
        const fit = hidden[c]! === 0 && all.length <= room ? all.length : Math.min(all.length, Math.max(0, room - 1));
        return {
          date,
          inMonth,
          today: date === today,
          lanes,
          entries: all.slice(0, fit),
          more: all.length - fit + hidden[c]!,
          dayHref: dayHref(date),
        };
      }),
    });
  }
  return weeks;
}

const entryOf = (item: MonthItem): MonthEntry => ({
  id: item.id,
  title: item.title,
  language: item.language,
  time: item.time,
  zone: item.zone,
  cancelled: item.cancelled,
});

/** A day of the month as a list shows it (on narrow screens): every event that starts on it, or goes on from before the list. */
export interface ListDay {
  date: string;
  today: boolean;
  /** each with its whole days, so that one of several days says them */
  entries: (MonthEntry & { first: string; last: string })[];
}

/**
 * The month as a list of the days in [from, to] that have events, in order: an occurrence is listed
 * on its first day (or on `from`, when it began before), with its days; all-day ones first in a
 * day, then by time. Nothing is left out for want of room.
 */
export function listDays(items: MonthItem[], from: string, to: string, today = ''): ListDay[] {
  const days = new Map<string, ListDay['entries']>();
  for (const item of items) {
    if (item.last < from || item.first > to) continue;
    const day = item.first < from ? from : item.first;
    const list = days.get(day) ?? [];
    list.push({ ...entryOf(item), first: item.first, last: item.last });
    days.set(day, list);
  }
  return [...days.keys()].sort().map((date) => ({
    date,
    today: date === today,
    entries: days.get(date)!.sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : 0)),
  }));
}
