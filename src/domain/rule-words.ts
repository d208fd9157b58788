import { DateTime } from 'luxon';
import { canonicalRecurrence, recurrenceProblem } from './recurrence.js';
import { LOCALE } from './vocabulary.js';

/**
 * A recurrence rule in plain English, for reports and lists: "monthly, first Wednesday, 13:00
 * Geneva time", "weekly on Tuesday and Thursday, 09:00 Nairobi time, 12 times", "yearly, 5 March,
 * until 30 June 2027". Pure. What a rule leaves out comes from the series' first start, as RFC
 * 5545 says (FREQ=MONTHLY alone repeats on the start's day of the month). A rule it cannot word
 * comes back as "repeats: " and the canonical rule, never as words that would say something else.
 *
 * The time is the series' wall-clock time in its zone, named after the zone's city: the last part
 * of the IANA id ('Africa/Addis_Ababa' → 'Addis Ababa'), except 'Europe/Zurich', the zone of
 * ITU headquarters, which the ITU calls Geneva time (ZONE_CITIES). The venue's city is not used:
 * a hybrid event's venue may be in another zone than the one its times are written in, and a
 * virtual call has none. Zones that are no place (UTC, Etc/GMT-3) read as an offset: "UTC+03:00".
 */

/** Zones whose city, as the ITU says it, is not the one in the IANA id. */
export const ZONE_CITIES: Readonly<Record<string, string>> = { 'Europe/Zurich': 'Geneva' };

export interface RuleWordsOptions {
  /** say how the series ends ("until 31 December 2027", "12 times"); default true */
  ending?: boolean;
}

const DAY_NAMES: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };
const DAY_CODES = Object.keys(DAY_NAMES);
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** the shortest each month can be, February in a common year */
const MONTH_MIN_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

/** "a", "a and b", "a, b and c" (or "or" for the last) */
function joined(items: string[], last = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** 1 → first, 20 → 20th, -1 → last, -2 → second-to-last */
export function ordinal(n: number): string {
  if (n === -1) return 'last';
  if (n < 0) return `${ordinal(-n)}-to-last`;
  if (n < ORDINALS.length) return ORDINALS[n]!;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

const isWeekdays = (days: string[]) => days.join(',') === 'MO,TU,WE,TH,FR';
const isWeekend = (days: string[]) => days.join(',') === 'SA,SU';
const inWeekOrder = (days: string[]) => [...days].sort((a, b) => DAY_CODES.indexOf(a) - DAY_CODES.indexOf(b));

/** "on Tuesday and Thursday", "on weekdays"; or with every: "every Tuesday and Thursday", "every weekday" */
function daysPhrase(codes: string[], form: 'on' | 'every'): string {
  const days = inWeekOrder(codes);
  if (days.length === 7) return form === 'on' ? 'on every day of the week' : 'every day';
  if (isWeekdays(days)) return form === 'on' ? 'on weekdays' : 'every weekday';
  if (isWeekend(days)) return form === 'on' ? 'at weekends' : 'every Saturday and Sunday';
  return `${form} ${joined(days.map((d) => DAY_NAMES[d]!))}`;
}

/** what one of a set of weekdays is called: "weekday", "weekend day", "Friday", "day that is a Monday or Friday" */
function daySetNoun(codes: string[]): string {
  const days = inWeekOrder(codes);
  if (days.length === 7) return 'day';
  if (isWeekdays(days)) return 'weekday';
  if (isWeekend(days)) return 'weekend day';
  if (days.length === 1) return DAY_NAMES[days[0]!]!;
  return `day that is a ${joined(days.map((d) => DAY_NAMES[d]!), 'or')}`;
}

/** "day 15", "days 1 and 15", "the last day", "day 1 and the last day" */
function monthDaysPhrase(days: number[]): string {
  const positive = days.filter((d) => d > 0);
  const negative = days.filter((d) => d < 0).sort((a, b) => b - a);
  const parts: string[] = [];
  if (positive.length) parts.push(`${positive.length === 1 ? 'day' : 'days'} ${joined(positive.map(String))}`);
  for (const d of negative) parts.push(`the ${ordinal(d)} day`);
  return joined(parts);
}

const monthList = (months: number[]) => joined(months.map((m) => MONTH_NAMES[m - 1]!));

/** "every 2 weeks", or the adverb for an interval of 1 */
function frequencyWords(freq: string, interval: number): string {
  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[freq]!;
  if (interval === 1) return { DAILY: 'daily', WEEKLY: 'weekly', MONTHLY: 'monthly', YEARLY: 'yearly' }[freq]!;
  return `every ${interval} ${unit}s`;
}

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
    days: map.get('BYDAY')?.split(',').map((d) => ({ nth: d.length > 2 ? Number(d.slice(0, -2)) : undefined, day: d.slice(-2) })),
    setPos: numbers('BYSETPOS'),
  };
}

/** "first and third Wednesday", "first Monday and last Friday" */
function positionalDays(days: { nth: number | undefined; day: string }[]): string {
  const byDay = new Map<string, number[]>();
  for (const { nth, day } of days) byDay.set(day, [...(byDay.get(day) ?? []), nth!]);
  const order = (n: number) => (n > 0 ? n : 1000 - n);
  return joined(inWeekOrder([...byDay.keys()]).map((day) => `${joined(byDay.get(day)!.sort((a, b) => order(a) - order(b)).map(ordinal))} ${DAY_NAMES[day]}`));
}

/** A note when a day of the month does not come every month (or every year). */
function shortMonthNote(days: number[], months: number[] | undefined): string {
  const inMonths = months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  if (inMonths.length === 1 && inMonths[0] === 2 && days.every((d) => d === 29)) return ' (in leap years only)';
  const missing = days.some((d) => d > 0 && inMonths.some((m) => d > MONTH_MIN_DAYS[m - 1]!));
  return missing ? ' (not in months without that day)' : '';
}

/** The days a rule repeats on, in words; undefined for a rule these words do not cover. */
function patternWords(p: Parts, first: DateTime): string | undefined {
  const head = frequencyWords(p.freq, p.interval);
  const inMonths = p.months ? `, in ${monthList(p.months)}` : '';
  const positional = p.days?.filter((d) => d.nth !== undefined) ?? [];
  const plain = p.days?.filter((d) => d.nth === undefined).map((d) => d.day) ?? [];
  if (positional.length && plain.length) return undefined;
  if (p.setPos && (positional.length || p.monthDays || !plain.length)) return undefined;

  if (p.freq === 'DAILY') return `${head}${plain.length ? ` ${daysPhrase(plain, 'on')}` : ''}${inMonths}`;
  if (p.freq === 'WEEKLY') return `${head} ${daysPhrase(plain.length ? plain : [DAY_CODES[first.weekday - 1]!], 'on')}${inMonths}`;

  const setPosWords = p.setPos ? `${joined(p.setPos.map(ordinal))} ${daySetNoun(plain)}` : undefined;
  if (p.freq === 'MONTHLY') {
    if (setPosWords) return `${head}, ${setPosWords}${inMonths}`;
    if (positional.length) return `${head}, ${positionalDays(positional)}${inMonths}`;
    const monthDays = p.monthDays ?? [first.day];
    const onDays = `${head} on ${monthDaysPhrase(monthDays)}${shortMonthNote(monthDays, p.months)}`;
    if (plain.length) return `${p.monthDays ? `${onDays}, if a ${joined(inWeekOrder(plain).map((d) => DAY_NAMES[d]!), 'or')}` : `${head}, ${daysPhrase(plain, 'every')}`}${inMonths}`;
    return `${onDays}${inMonths}`;
  }

  // YEARLY. Without BYMONTH, RFC 5545 counts a month day in every month and a position in the
  // year, but ical.js, which expands the series, reads them otherwise (BYMONTHDAY=15 once a year,
  // 20MO as every Monday from the 20th on): words would then say what does not happen
  if (!p.months && (p.monthDays || positional.length || p.setPos)) return undefined;
  const ofMonths = p.months ? ` of ${monthList(p.months)}` : '';
  if (setPosWords) return `${head}, ${setPosWords}${ofMonths}`;
  if (positional.length) return `${head}, ${positionalDays(positional)}${ofMonths}`;
  if (plain.length && !p.monthDays) return `${head}, ${daysPhrase(plain, 'every')}${p.months ? ` in ${monthList(p.months)}` : ''}`;
  const ifDay = plain.length ? `, if a ${joined(inWeekOrder(plain).map((d) => DAY_NAMES[d]!), 'or')}` : '';
  const months = p.months ?? [first.month];
  const days = p.monthDays ?? [first.day];
  const note = shortMonthNote(days, months);
  if (days.every((d) => d > 0)) {
    const dates = months.length === 1 ? `${joined(days.map(String))} ${MONTH_NAMES[months[0]! - 1]}` : days.length === 1 ? joined(months.map((m) => `${days[0]} ${MONTH_NAMES[m - 1]}`)) : `days ${joined(days.map(String))} of ${monthList(months)}`;
    return `${head}, ${dates}${note}${ifDay}`;
  }
  return `${head}, ${monthDaysPhrase(days)} of ${monthList(months)}${note}${ifDay}`;
}

/** "Geneva", "Addis Ababa"; undefined for a zone that is no place */
export function zoneCity(timeZone: string): string | undefined {
  if (ZONE_CITIES[timeZone]) return ZONE_CITIES[timeZone];
  if (timeZone === 'UTC' || timeZone.startsWith('Etc/') || !timeZone.includes('/')) return undefined;
  return timeZone.split('/').at(-1)!.replace(/_/g, ' ');
}

/** "13:00 Geneva time", "13:00 UTC+03:00" */
function timeWords(start: string, timeZone: string): string {
  const time = start.slice(11, 16);
  const city = zoneCity(timeZone);
  if (city) return `${time} ${city} time`;
  const offset = DateTime.fromISO(start, { zone: timeZone }).toFormat('ZZ');
  return `${time} ${offset === '+00:00' ? 'UTC' : `UTC${offset}`}`;
}

const longDate = (date: DateTime) => date.setLocale(LOCALE).toFormat('d LLLL yyyy');

/**
 * "until 31 December 2027", "12 times": UNTIL read as the expansion reads it (a UTC UNTIL in
 * the series' zone), named by the last day an occurrence can start on: an UNTIL at local
 * midnight before a 13:00 series allows none on its own day, so the day before is said.
 */
function endingWords(rule: string, start: string, timeZone: string, allDay: boolean): string | undefined {
  const count = /COUNT=(\d+)/.exec(rule)?.[1];
  if (count !== undefined) return count === '1' ? 'once' : `${count} times`;
  const until = /UNTIL=(\d{8})(T\d{6}Z?)?/.exec(rule);
  if (!until) return undefined;
  const [, date, time] = until;
  if (!time) return `until ${longDate(DateTime.fromFormat(date!, 'yyyyLLdd', { zone: 'utc' }))}`;
  const local = time.endsWith('Z')
    ? DateTime.fromFormat(`${date}${time}`, "yyyyLLdd'T'HHmmss'Z'", { zone: 'utc' }).setZone(timeZone)
    : DateTime.fromFormat(`${date}${time}`, "yyyyLLdd'T'HHmmss", { zone: 'utc' });
  const day = local.startOf('day');
  if (allDay) return `until ${longDate(day)}`;
  const startTime = `${start.slice(11, 16)}:${start.slice(17, 19) || '00'}`;
  return `until ${longDate(local.toFormat('HH:mm:ss') < startTime ? day.minus({ days: 1 }) : day)}`;
}

/**
 * The rule of a series in words, with its time of day (unless all-day) and, unless
 * `ending: false`, how it ends: "monthly, first Wednesday, 13:00 Geneva time, until 31 December 2027".
 */
export function describeRule(recurrence: string, start: string, timeZone: string, allDay: boolean, options: RuleWordsOptions = {}): string {
  if (recurrenceProblem(recurrence)) return `repeats: ${recurrence}`;
  const rule = canonicalRecurrence(recurrence);
  const first = DateTime.fromISO(start.slice(0, 10), { zone: 'utc' });
  const pattern = patternWords(partsOf(rule), first);
  if (pattern === undefined) return `repeats: ${rule}`;
  const words = [pattern];
  if (!allDay) words.push(timeWords(start, timeZone));
  if (options.ending !== false) {
    const ending = endingWords(rule, start, timeZone, allDay);
    if (ending) words.push(ending);
  }
  return words.join(', ');
}
