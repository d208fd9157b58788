import { DateTime } from 'luxon';
import { canonicalRecurrence, recurrenceProblem } from '../domain/recurrence.js';
import type { Translator } from './translator.js';

/**
 * A recurrence rule in words, for reports and lists, in the reader's language: "monthly, first
 * Wednesday, 13:00 Geneva time", "weekly on Tuesday and Thursday, 09:00 Nairobi time, 12 times",
 * "yearly, 5 March, until 30 June 2027". Pure. What a rule leaves out comes from the series' first
 * start, as RFC 5545 says (FREQ=MONTHLY alone repeats on the start's day of the month). A rule it
 * cannot word comes back as the canonical rule itself (`{ rule }`), never as words that would say
 * something else.
 *
 * The words are the catalog's (`rule.*`), a message per piece (how often, which days, which
 * months, the time, the end), so that each language orders and inflects its own pieces; weekday
 * and month names and lists ("Tuesday and Thursday") come from Intl in the reader's locale.
 *
 * The time is the series' wall-clock time in its zone, named after the zone's city: the catalog's
 * name for the zone (`zone.Europe/Zurich`: Geneva, as the ITU calls its headquarters' time), else
 * the last part of the IANA id ('Africa/Addis_Ababa' → 'Addis Ababa'). The venue's city is not
 * used: a hybrid event's venue may be in another zone than the one its times are written in, and
 * a virtual call has none. Zones that are no place (UTC, Etc/GMT-3) read as an offset: "UTC+03:00".
 */

/** A rule as a person reads it: in words, or as it is written when the words would say otherwise. */
export type RuleText = { words: string } | { rule: string };

export interface RuleWordsOptions {
  /** say how the series ends ("until 31 December 2027", "12 times"); default true */
  ending?: boolean;
}

const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** the shortest each month can be, February in a common year */
const MONTH_MIN_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const utcDay = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);
/** 2024-01-01 was a Monday: the weekday names come from Intl, in the reader's language */
const dayName = (t: Translator, code: string) =>
  t.dateTime(utcDay(2024, 1, 1 + DAY_CODES.indexOf(code)), { weekday: 'long', timeZone: 'UTC' });
const monthName = (t: Translator, month: number) => t.dateTime(utcDay(2024, month, 1), { month: 'long', timeZone: 'UTC' });

const isWeekdays = (days: string[]) => days.join(',') === 'MO,TU,WE,TH,FR';
const isWeekend = (days: string[]) => days.join(',') === 'SA,SU';
const inWeekOrder = (days: string[]) => [...days].sort((a, b) => DAY_CODES.indexOf(a) - DAY_CODES.indexOf(b));

/** Which kind of set of weekdays a list is: its name in the catalog's selects. */
function daySet(days: string[]): 'all' | 'weekdays' | 'weekend' | 'one' | 'other' {
  if (days.length === 7) return 'all';
  if (isWeekdays(days)) return 'weekdays';
  if (isWeekend(days)) return 'weekend';
  return days.length === 1 ? 'one' : 'other';
}

/** 1 → first, 20 → 20th, -1 → last, -2 → second-to-last */
export const ordinal = (t: Translator, n: number) => (n < 0 ? t.t('rule.ordinalFromEnd', { n: -n }) : t.t('rule.ordinal', { n }));

/** "on Tuesday and Thursday", "on weekdays"; or with every: "every Tuesday and Thursday", "every weekday" */
function daysPhrase(t: Translator, codes: string[], form: 'on' | 'every'): string {
  const days = inWeekOrder(codes);
  const list = t.list(days.map((d) => dayName(t, d)));
  return t.t(form === 'on' ? 'rule.onDays' : 'rule.everyDays', { set: daySet(days), days: list });
}

/** what one of a set of weekdays is called: "weekday", "weekend day", "Friday", "day that is a Monday or Friday" */
function daySetNoun(t: Translator, codes: string[]): string {
  const days = inWeekOrder(codes);
  return t.t('rule.daySetNoun', {
    set: daySet(days),
    days: t.list(
      days.map((d) => dayName(t, d)),
      'disjunction',
    ),
  });
}

/** "day 15", "days 1 and 15", "the last day", "day 1 and the last day" */
function monthDaysPhrase(t: Translator, days: number[]): string {
  const positive = days.filter((d) => d > 0);
  const negative = days.filter((d) => d < 0).sort((a, b) => b - a);
  const parts: string[] = [];
  if (positive.length) parts.push(t.t('rule.monthDays', { count: positive.length, days: t.list(positive.map((d) => t.number(d))) }));
  for (const d of negative) parts.push(t.t('rule.dayFromEnd', { ordinal: ordinal(t, d) }));
  return t.list(parts);
}

const monthList = (t: Translator, months: number[]) => t.list(months.map((m) => monthName(t, m)));

interface Parts {
  freq: string;
  interval: number;
  months: number[] | undefined;
  monthDays: number[] | undefined;
  /** BYDAY entries: a position (or undefined) and a weekday */
  days: { nth: number | undefined; day: string }[] | undefined;
  setPos: number[] | undefined;
}

function partsOf(rule: string): Parts {
  const map = new Map(rule.split(';').map((p) => p.split('=') as [string, string]));
  const numbers = (key: string) => map.get(key)?.split(',').map(Number);
  return {
    freq: map.get('FREQ')!,
    interval: Number(map.get('INTERVAL') ?? 1),
    months: numbers('BYMONTH'),
    monthDays: numbers('BYMONTHDAY'),
    days: map
      .get('BYDAY')
      ?.split(',')
      .map((d) => ({ nth: d.length > 2 ? Number(d.slice(0, -2)) : undefined, day: d.slice(-2) })),
    setPos: numbers('BYSETPOS'),
  };
}

/** "first and third Wednesday", "first Monday and last Friday" */
function positionalDays(t: Translator, days: { nth: number | undefined; day: string }[]): string {
  const byDay = new Map<string, number[]>();
  for (const { nth, day } of days) byDay.set(day, [...(byDay.get(day) ?? []), nth!]);
  const order = (n: number) => (n > 0 ? n : 1000 - n);
  const each = inWeekOrder([...byDay.keys()]).map((day) =>
    t.t('rule.positionalDay', {
      positions: t.list(
        byDay
          .get(day)!
          .sort((a, b) => order(a) - order(b))
          .map((n) => ordinal(t, n)),
      ),
      day: dayName(t, day),
    }),
  );
  return t.list(each);
}

/** A note when a day of the month does not come every month (or every year). */
function shortMonthNote(t: Translator, days: number[], months: number[] | undefined): string {
  const inMonths = months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  if (inMonths.length === 1 && inMonths[0] === 2 && days.every((d) => d === 29)) return t.t('rule.note.leapYears');
  const missing = days.some((d) => d > 0 && inMonths.some((m) => d > MONTH_MIN_DAYS[m - 1]!));
  return missing ? t.t('rule.note.shortMonths') : '';
}

/** "5 March", "1 and 15 March", "5 March and 5 September", "days 1 and 15 of January and July" */
function yearlyDates(t: Translator, days: number[], months: number[]): string {
  // the day and month as Intl writes them together (the month inflected where the language does)
  const dayOfMonth = (day: number, month: number) =>
    t.dateTime(utcDay(2024, month, day), { day: 'numeric', month: 'long', timeZone: 'UTC' });
  if (days.length === 1) return t.list(months.map((m) => dayOfMonth(days[0]!, m)));
  if (months.length === 1) {
    const parts = new Intl.DateTimeFormat(t.intlLocale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).formatToParts(
      utcDay(2024, months[0]!, 1),
    );
    const month = parts.find((p) => p.type === 'month')?.value ?? monthName(t, months[0]!);
    return t.t('rule.daysOfMonth', { days: t.list(days.map((d) => t.number(d))), month });
  }
  return t.t('rule.daysOfMonths', { days: t.list(days.map((d) => t.number(d))), months: monthList(t, months) });
}

/** The days a rule repeats on, in words; undefined for a rule these words do not cover. */
function patternWords(t: Translator, p: Parts, first: DateTime): string | undefined {
  const head = t.t('rule.frequency', { freq: p.freq, interval: p.interval });
  const inMonths = p.months ? t.t('rule.inMonths', { months: monthList(t, p.months) }) : '';
  const then = (rest: string) => t.t('rule.then', { head, rest });
  const positional = p.days?.filter((d) => d.nth !== undefined) ?? [];
  const plain = p.days?.filter((d) => d.nth === undefined).map((d) => d.day) ?? [];
  if (positional.length && plain.length) return undefined;
  if (p.setPos && (positional.length || p.monthDays || !plain.length)) return undefined;
  const ifDay = () =>
    t.t('rule.ifDay', {
      days: t.list(
        inWeekOrder(plain).map((d) => dayName(t, d)),
        'disjunction',
      ),
    });

  if (p.freq === 'DAILY') return `${plain.length ? t.t('rule.with', { head, days: daysPhrase(t, plain, 'on') }) : head}${inMonths}`;
  if (p.freq === 'WEEKLY')
    return `${t.t('rule.with', { head, days: daysPhrase(t, plain.length ? plain : [DAY_CODES[first.weekday - 1]!], 'on') })}${inMonths}`;

  const setPosWords = p.setPos
    ? t.t('rule.setPosition', { positions: t.list(p.setPos.map((n) => ordinal(t, n))), noun: daySetNoun(t, plain) })
    : undefined;
  if (p.freq === 'MONTHLY') {
    if (setPosWords) return `${then(setPosWords)}${inMonths}`;
    if (positional.length) return `${then(positionalDays(t, positional))}${inMonths}`;
    const monthDays = p.monthDays ?? [first.day];
    const onDays = `${t.t('rule.onMonthDays', { head, days: monthDaysPhrase(t, monthDays) })}${shortMonthNote(t, monthDays, p.months)}`;
    if (plain.length) return `${p.monthDays ? `${onDays}${ifDay()}` : then(daysPhrase(t, plain, 'every'))}${inMonths}`;
    return `${onDays}${inMonths}`;
  }

  // YEARLY. Without BYMONTH, RFC 5545 counts a month day in every month and a position in the
  // year, but ical.js, which expands the series, reads them otherwise (BYMONTHDAY=15 once a year,
  // 20MO as every Monday from the 20th on): words would then say what does not happen
  if (!p.months && (p.monthDays || positional.length || p.setPos)) return undefined;
  const ofMonths = p.months ? t.t('rule.ofMonths', { months: monthList(t, p.months) }) : '';
  if (setPosWords) return `${then(setPosWords)}${ofMonths}`;
  if (positional.length) return `${then(positionalDays(t, positional))}${ofMonths}`;
  if (plain.length && !p.monthDays)
    return `${then(daysPhrase(t, plain, 'every'))}${p.months ? t.t('rule.inMonthsPlain', { months: monthList(t, p.months) }) : ''}`;
  const months = p.months ?? [first.month];
  const days = p.monthDays ?? [first.day];
  const note = shortMonthNote(t, days, months);
  const dates = days.every((d) => d > 0)
    ? yearlyDates(t, days, months)
    : t.t('rule.monthDaysOf', { days: monthDaysPhrase(t, days), months: monthList(t, months) });
  return `${then(dates)}${note}${plain.length ? ifDay() : ''}`;
}

/** "Geneva", "Addis Ababa"; undefined for a zone that is no place */
export function zoneCity(t: Translator, timeZone: string): string | undefined {
  const named = t.zoneCity(timeZone);
  if (named) return named;
  if (timeZone === 'UTC' || timeZone.startsWith('Etc/') || !timeZone.includes('/')) return undefined;
  return timeZone.split('/').at(-1)!.replace(/_/g, ' ');
}

/** "13:00 Geneva time", "13:00 UTC+03:00" */
function timeWords(t: Translator, start: string, timeZone: string): string {
  const time = t.dateTime(Date.parse(`${start.slice(0, 16)}:00Z`), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const city = zoneCity(t, timeZone);
  if (city) return t.t('rule.timeIn', { time, city });
  const offset = DateTime.fromISO(start, { zone: timeZone }).toFormat('ZZ');
  return t.t('rule.timeAt', { time, offset: offset === '+00:00' ? 'UTC' : `UTC${offset}` });
}

const longDate = (t: Translator, date: DateTime) =>
  t.dateTime(date.toMillis(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * "until 31 December 2027", "12 times": UNTIL read as the expansion reads it (a UTC UNTIL in
 * the series' zone), named by the last day an occurrence can start on: an UNTIL at local
 * midnight before a 13:00 series allows none on its own day, so the day before is said.
 */
function endingWords(t: Translator, rule: string, start: string, timeZone: string, allDay: boolean): string | undefined {
  const count = /COUNT=(\d+)/.exec(rule)?.[1];
  if (count !== undefined) return t.t('rule.count', { count: Number(count) });
  const until = /UNTIL=(\d{8})(T\d{6}Z?)?/.exec(rule);
  if (!until) return undefined;
  const [, date, time] = until;
  const day = (d: DateTime) => t.t('rule.until', { date: longDate(t, d) });
  if (!time) return day(DateTime.fromFormat(date!, 'yyyyLLdd', { zone: 'utc' }));
  const local = time.endsWith('Z')
    ? DateTime.fromFormat(`${date}${time}`, "yyyyLLdd'T'HHmmss'Z'", { zone: 'utc' }).setZone(timeZone)
    : DateTime.fromFormat(`${date}${time}`, "yyyyLLdd'T'HHmmss", { zone: 'utc' });
  // the local day, as a date of its own (formatted in UTC, so no zone moves it)
  const localDay = DateTime.fromISO(local.toISODate()!, { zone: 'utc' });
  if (allDay) return day(localDay);
  const startTime = `${start.slice(11, 16)}:${start.slice(17, 19) || '00'}`;
  return day(local.toFormat('HH:mm:ss') < startTime ? localDay.minus({ days: 1 }) : localDay);
}

/**
 * The rule of a series in words, with its time of day (unless all-day) and, unless
 * `ending: false`, how it ends: "monthly, first Wednesday, 13:00 Geneva time, until 31 December 2027".
 */
export function describeRule(
  t: Translator,
  recurrence: string,
  start: string,
  timeZone: string,
  allDay: boolean,
  options: RuleWordsOptions = {},
): RuleText {
  if (recurrenceProblem(recurrence)) return { rule: recurrence };
  const rule = canonicalRecurrence(recurrence);
  const first = DateTime.fromISO(start.slice(0, 10), { zone: 'utc' });
  const pattern = patternWords(t, partsOf(rule), first);
  if (pattern === undefined) return { rule };
  const words = [pattern];
  if (!allDay) words.push(timeWords(t, start, timeZone));
  if (options.ending !== false) {
    const ending = endingWords(t, rule, start, timeZone, allDay);
    if (ending) words.push(ending);
  }
  return { words: words.join(t.t('rule.separator')) };
}

/** The rule as one text: its words, or the rule as it is written. */
export const ruleText = (t: Translator, text: RuleText) => ('words' in text ? text.words : t.t('rule.raw', { rule: text.rule }));
