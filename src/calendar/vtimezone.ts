import { escapeText } from './ics-text.js';
/**
 * RFC 5545 VTIMEZONE generation from the platform's own zone data.
 *
 * The component is built only from luxon's `IANAZone` (Intl/ICU, the tz data the rest of the
 * service uses), so a feed's VTIMEZONE cannot disagree with the instants the service computed.
 *
 * Why yearly rules and never RDATE: Outlook's desktop app ignores RDATE in a VTIMEZONE and builds
 * each observance from DTSTART and RRULE alone (iCalcreator#86, #106, biweekly#76); it needs a
 * STANDARD and a DAYLIGHT observance where a zone has daylight saving (ri_cal#11) and a BYDAY in
 * a yearly rule (vobject#151). So the offset changes found by scanning the zone are grouped, per
 * calendar year, into spans of years that one rule per change describes ("the last Sunday of
 * March at 02:00", "the Friday on or after the 23rd"), and each rule is checked by expanding it
 * with ical.js against the changes it stands for. A year whose changes share no rule with the
 * year before or after (Casablanca's Ramadan, Tehran's Persian-calendar dates before 2022) is
 * still described exactly, as a one-year span, but marked: the renderer writes the times that
 * fall in it in UTC, which no client can read otherwise.
 *
 * Covered years: each (UTC) year an instant to be written falls in, with the year before and the
 * year after, each from local midnight of 1 January to the end of the year. Such clusters of
 * three years are merged where they touch or overlap; the years between clusters hold no instant
 * and are not described, so an event in 2200 in a feed of 2024 costs three more years of
 * scanning, not 175. A cluster's observances start in it and their rules end in it (UNTIL), so no
 * client carries a rule over years nobody looked at; only the last rule of the last cluster stays
 * open when the year after still follows it, so clients may use it beyond. Clients carry the last
 * offset of a cluster over the gap, so a cluster that begins in another offset states it from its
 * 1 January. The output only depends on the years described, so on the years used; whether a
 * year is regular depends on that year and its neighbours only, so the same instant is pinned to
 * UTC, or not, in every feed.
 */
import ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { FIRST_YEAR, LAST_YEAR } from '../domain/time.js';

const SECOND = 1000;
/**
 * Scan step. An offset change that is undone within one step would be missed. Scanning every
 * zone Intl knows from 1899 to 2201 day by day (2026-12-01, ICU of Node 20), the closest two
 * changes lie 7 days apart (America/Boa_Vista's one-week summer time of October 2000, Asia/Gaza's
 * Ramadan changes of 2040), so 5 days misses none. Each step costs one Intl formatToParts
 * (~13 µs): a year is ~75 steps and ~20 more per change found, not 365.
 */
const SCAN_STEP_MS = 5 * 24 * 3600 * SECOND;
/**
 * Most years one description may cover, counted as described (used years and their neighbours),
 * not from the first to the last: every year the service takes, with one on each side, so no
 * feed is refused for the years it uses. Scanning costs ~5 ms per year, once per zone and year
 * per process.
 */
export const MAX_YEARS = LAST_YEAR - FIRST_YEAR + 3;

/** One offset change, with the wall clock it happens at in the offset before it. */
interface Change {
  /** first epoch millisecond (whole second) of the new offset */
  at: number;
  /** offsets before and after, seconds east of UTC */
  from: number;
  to: number;
  name: string;
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  secondOfDay: number;
  daysInMonth: number;
}

/** The changes whose instants fall in one calendar year of the zone's own wall clock. */
interface Year {
  year: number;
  /** local midnight of 1 January */
  lo: number;
  /** offset at `lo` */
  offset: number;
  changes: Change[];
}

/**
 * The yearly rules one change can follow: "the nth weekday of the month" (1 to 4, or -1 for the
 * last) and "the weekday on or after day N" for N in `after` (an interval, empty when lo > hi).
 */
interface Fit {
  ordinals: number[];
  after: [number, number];
}

/** Consecutive years of a zone described by one rule per change. */
interface Run {
  years: Year[];
  fits: Fit[];
  /** false for a year that shares no rule with either neighbour */
  regular: boolean;
}

type Span = { kind: 'flat'; start: number; offset: number } | { kind: 'rules'; run: Run };

/** A zone's VTIMEZONE, and the stretches of time whose local times must be written in UTC. */
export interface ZoneDescription {
  text: string;
  /** [start, end) epoch ms of each span no yearly rule describes, in order */
  utc: Array<[number, number]>;
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** Epoch ms of 00:00:00 UTC on 1 January of `year` (also correct for years 0-99). */
function startOfUtcYear(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return d.getTime();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Local date-time `ms` shifted by `offsetSec`, as YYYYMMDDTHHMMSS. */
function localDateTime(ms: number, offsetSec: number): string {
  const d = new Date(ms + offsetSec * SECOND);
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    'T' +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2)
  );
}

/** The same as ical.js prints a Time: YYYY-MM-DDTHH:MM:SS. */
const icalLocal = (basic: string) =>
  `${basic.slice(0, 4)}-${basic.slice(4, 6)}-${basic.slice(6, 8)}T${basic.slice(9, 11)}:${basic.slice(11, 13)}:${basic.slice(13, 15)}`;

function splitOffset(offsetSec: number): { sign: string; h: number; m: number; s: number } {
  const abs = Math.abs(offsetSec);
  return {
    sign: offsetSec < 0 ? '-' : '+',
    h: Math.floor(abs / 3600),
    m: Math.floor((abs % 3600) / 60),
    s: abs % 60,
  };
}

/** RFC 5545 UTC-OFFSET value: ±HHMM, or ±HHMMSS when there are seconds ("-0000" is not allowed). */
function formatUtcOffset(offsetSec: number): string {
  const { sign, h, m, s } = splitOffset(offsetSec);
  return sign + pad(h, 2) + pad(m, 2) + (s ? pad(s, 2) : '');
}

/** tz-database style numeric abbreviation: +03, +0530, -0930, +1345. */
function numericAbbreviation(offsetSec: number): string {
  const { sign, h, m, s } = splitOffset(offsetSec);
  return sign + pad(h, 2) + (m || s ? pad(m, 2) : '') + (s ? pad(s, 2) : '');
}

function isUsableAbbreviation(name: string | null): name is string {
  // "GMT+3" / "UTC-03:30" style names carry no information beyond the offset.
  return !!name && /^[A-Za-z][A-Za-z0-9+-]{0,15}$/.test(name) && !/^(GMT|UTC)[+-]/.test(name);
}

function abbreviation(zone: IANAZone, ms: number, offsetSec: number): string {
  for (const locale of ['en-US', 'en-GB']) {
    const name = zone.offsetName(ms, { format: 'short', locale });
    if (isUsableAbbreviation(name)) return name;
  }
  return numericAbbreviation(offsetSec);
}

/** Offset of `zone` at `ms`, in whole seconds east of UTC. */
function offsetSeconds(zone: IANAZone, ms: number): number {
  // Fractional minutes before standard time (e.g. Paris LMT, +00:09:21).
  return Math.round(zone.offset(ms) * 60);
}

/** Every offset change in (lo, hi], exact to the second. */
function findChanges(zone: IANAZone, lo: number, hi: number): Change[] {
  const changes: Change[] = [];
  let cursor = lo;
  let current = offsetSeconds(zone, lo);
  while (cursor < hi) {
    const next = Math.min(cursor + SCAN_STEP_MS, hi);
    if (offsetSeconds(zone, next) === current) {
      cursor = next;
      continue;
    }
    // Invariant: offset(a) === current, offset(b) !== current; both whole seconds.
    let a = cursor;
    let b = next;
    while (b - a > SECOND) {
      const mid = a + Math.floor((b - a) / (2 * SECOND)) * SECOND;
      if (offsetSeconds(zone, mid) === current) a = mid;
      else b = mid;
    }
    const to = offsetSeconds(zone, b);
    const wall = new Date(b + current * SECOND);
    changes.push({
      at: b,
      from: current,
      to,
      name: abbreviation(zone, b, to),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      weekday: wall.getUTCDay(),
      secondOfDay: (wall.getTime() - Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate())) / SECOND,
      daysInMonth: new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 0)).getUTCDate(),
    });
    cursor = b;
    current = to;
  }
  return changes;
}

/** Local midnight of 1 January of `year` (in the offset in effect then). */
function localNewYear(zone: IANAZone, year: number): number {
  const utc = startOfUtcYear(year);
  return utc - offsetSeconds(zone, utc) * SECOND;
}

const years = new Map<string, Year>();
const MAX_YEARS_CACHED = 20_000;

/** A zone's year, scanned once per process: every feed and every cluster shares the scan. */
function yearOf(zone: IANAZone, tzid: string, year: number): Year {
  const key = `${tzid}|${year}`;
  let found = years.get(key);
  if (found === undefined) {
    const lo = localNewYear(zone, year);
    found = { year, lo, offset: offsetSeconds(zone, lo), changes: findChanges(zone, lo, localNewYear(zone, year + 1)) };
    if (years.size >= MAX_YEARS_CACHED) years.clear();
    years.set(key, found);
  }
  return found;
}

function fitOf(c: Change): Fit {
  const ordinals: number[] = [];
  // preferred first: the last one of the month, then the first to fourth
  if (c.day + 7 > c.daysInMonth) ordinals.push(-1);
  if (Math.ceil(c.day / 7) <= 4) ordinals.push(Math.ceil(c.day / 7));
  // BYMONTHDAY=N..N+6 must exist in the month, or a short February would lose its change
  return { ordinals, after: [Math.max(1, c.day - 6), Math.min(c.day, c.daysInMonth - 6)] };
}

function meet(a: Fit, b: Fit): Fit | null {
  const ordinals = a.ordinals.filter((o) => b.ordinals.includes(o));
  const after: [number, number] = [Math.max(a.after[0], b.after[0]), Math.min(a.after[1], b.after[1])];
  return ordinals.length === 0 && after[0] > after[1] ? null : { ordinals, after };
}

const sameShape = (a: Change, b: Change) =>
  a.from === b.from &&
  a.to === b.to &&
  a.name === b.name &&
  a.month === b.month &&
  a.weekday === b.weekday &&
  a.secondOfDay === b.secondOfDay;

/** The rules `fits` (for changes like `shapes`) narrowed to also fit `year`, or null when none does. */
function join(shapes: Change[], fits: Fit[], year: Year): Fit[] | null {
  if (shapes.length < 2 || year.changes.length !== shapes.length) return null;
  const joined: Fit[] = [];
  for (const [i, c] of year.changes.entries()) {
    const fit = sameShape(c, shapes[i]!) ? meet(fits[i]!, fitOf(c)) : null;
    if (!fit) return null;
    joined.push(fit);
  }
  return joined;
}

const compatible = (a: Year, b: Year) => join(a.changes, a.changes.map(fitOf), b) !== null;

function utcBasic(ms: number): string {
  return `${localDateTime(ms, 0)}Z`;
}

interface Observance {
  kind: 'STANDARD' | 'DAYLIGHT';
  dtstart: string;
  rrule: string | null;
  from: number;
  to: number;
  name: string;
}

/** One observance per change of the run's years, each with the yearly rule they share. */
function runObservances(run: Run, bounded: boolean): Observance[] {
  return run.fits.map((fit, i) => {
    const changes = run.years.map((y) => y.changes[i]!);
    const first = changes[0]!;
    const last = changes[changes.length - 1]!;
    const weekday = WEEKDAYS[first.weekday]!;
    const ordinal = fit.ordinals[0];
    let rrule =
      `FREQ=YEARLY;BYMONTH=${first.month};` +
      (ordinal !== undefined
        ? `BYDAY=${ordinal}${weekday}`
        : `BYDAY=${weekday};BYMONTHDAY=${Array.from({ length: 7 }, (_, k) => fit.after[0] + k).join(',')}`);
    // RFC 5545 wants UNTIL at the last onset, in UTC. ical.js compares UNTIL with the onset's
    // wall clock as if that were UTC, and east of Greenwich would drop the last onset: so UNTIL
    // is the later of the two readings. Either reader then stops at the same onset, the next
    // being a year later.
    if (bounded) rrule += `;UNTIL=${utcBasic(last.at + Math.max(0, last.from) * SECOND)}`;
    return {
      kind: first.to > first.from ? 'DAYLIGHT' : 'STANDARD',
      dtstart: localDateTime(first.at, first.from),
      rrule,
      from: first.from,
      to: first.to,
      name: first.name,
    };
  });
}

/** Whether ical.js, expanding the observance's RRULE from its DTSTART, gives exactly these onsets. */
export function reproduces(dtstart: string, rrule: string, onsets: string[]): boolean {
  const iterator = ICAL.Recur.fromString(rrule).iterator(ICAL.Time.fromDateTimeString(icalLocal(dtstart)));
  for (const onset of onsets) {
    const next = iterator.next();
    if (!next || next.toString() !== icalLocal(onset)) return false;
  }
  return !rrule.includes('UNTIL=') || !iterator.next();
}

function verified(run: Run, observances: Observance[], bounded: boolean): boolean {
  return observances.every((o, i) => {
    const onsets = run.years.map((y) => localDateTime(y.changes[i]!.at, y.changes[i]!.from));
    // an open rule goes on past the years described: only their onsets can be compared
    return reproduces(o.dtstart, bounded ? o.rrule! : `${o.rrule!};COUNT=${onsets.length}`, onsets);
  });
}

/** Described years, [first, last], in order, apart from one another by at least one year. */
type Cluster = [first: number, last: number];

/**
 * The years to describe: each used (UTC) year with the year before and the year after, merged
 * where they touch or overlap.
 */
export function clustersOf(years: Iterable<number>): Cluster[] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new RangeError('no year to describe');
  const clusters: Cluster[] = [];
  for (const year of sorted) {
    if (!Number.isInteger(year)) throw new RangeError(`invalid year: ${year}`);
    const last = clusters[clusters.length - 1];
    if (last && year - 1 <= last[1] + 1) last[1] = year + 1;
    else clusters.push([year - 1, year + 1]);
  }
  return clusters;
}

/**
 * Returns the VTIMEZONE (CRLF-separated lines, no trailing CRLF) for IANA zone `tzid`, exact for
 * every instant in the given (UTC) years, or in [from, to] (and in fact for every year described,
 * see above).
 */
export function vtimezone(tzid: string, years: Iterable<number>): string;
export function vtimezone(tzid: string, from: Date, to: Date): string;
export function vtimezone(tzid: string, yearsOrFrom: Iterable<number> | Date, to?: Date): string {
  return (yearsOrFrom instanceof Date ? describeZone(tzid, yearsOrFrom, to!) : describeZone(tzid, yearsOrFrom)).text;
}

/**
 * The VTIMEZONE and its UTC stretches, for the (UTC) years the instants to be written fall in, or
 * for every year from `from`'s to `to`'s; built once per zone and described years per process.
 */
export function describeZone(tzid: string, years: Iterable<number>): ZoneDescription;
export function describeZone(tzid: string, from: Date, to: Date): ZoneDescription;
export function describeZone(tzid: string, yearsOrFrom: Iterable<number> | Date, to?: Date): ZoneDescription {
  const clusters = yearsOrFrom instanceof Date ? [rangeCluster(yearsOrFrom, to!)] : clustersOf(yearsOrFrom);
  // iCalendar years are 0000-9999, and a year's neighbours are scanned too
  if (clusters[0]![0] < 1 || clusters[clusters.length - 1]![1] > 9998)
    throw new RangeError('a year to describe lies outside the years 0002-9997');
  const count = clusters.reduce((n, [first, last]) => n + last - first + 1, 0);
  if (count > MAX_YEARS) throw new RangeError(`describing more than ${MAX_YEARS} years (${count})`);
  const key = `${tzid}|${clusters.map(([first, last]) => `${first}-${last}`).join(',')}`;
  let description = built.get(key);
  if (description === undefined) {
    description = buildZone(tzid, clusters);
    if (built.size >= MAX_CACHED) built.clear();
    built.set(key, description);
  }
  return description;
}

function rangeCluster(from: Date, to: Date): Cluster {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError('invalid date range');
  if (fromMs > toMs) throw new RangeError('`from` is after `to`');
  return [from.getUTCFullYear() - 1, to.getUTCFullYear() + 1];
}

/** Whether `ms` falls in a stretch whose local times are written in UTC. */
export function pinnedToUtc(description: ZoneDescription, ms: number): boolean {
  return description.utc.some(([start, end]) => ms >= start && ms < end);
}

const built = new Map<string, ZoneDescription>();
const MAX_CACHED = 2000;

/** The years first to last as spans: offsets without daylight saving, and runs of one rule per change. */
function spansOf(at: (year: number) => Year, first: number, last: number): Span[] {
  // the years just outside the cluster are only looked at next to a year with daylight saving,
  // to tell a one-off year at the cluster's edge from a rule
  const spans: Span[] = [];
  for (let y = first; y <= last; y++) {
    const year = at(y);
    if (year.changes.length < 2) {
      // no daylight saving this year: its offset from 1 January, and a new one from a change
      if (spans[spans.length - 1]?.kind !== 'flat') spans.push({ kind: 'flat', start: year.lo, offset: year.offset });
      for (const c of year.changes) spans.push({ kind: 'flat', start: c.at, offset: c.to });
      continue;
    }
    const regular = compatible(at(y - 1), year) || compatible(year, at(y + 1));
    const previous = spans[spans.length - 1];
    const fits =
      previous?.kind === 'rules' && previous.run.regular && regular ? join(previous.run.years[0]!.changes, previous.run.fits, year) : null;
    if (previous?.kind === 'rules' && fits) {
      previous.run.years.push(year);
      previous.run.fits = fits;
    } else {
      spans.push({ kind: 'rules', run: { years: [year], fits: year.changes.map(fitOf), regular } });
    }
  }
  return spans;
}

function buildZone(tzid: string, clusters: Cluster[]): ZoneDescription {
  const zone = IANAZone.create(tzid);
  if (!zone.isValid) throw new RangeError(`unknown IANA time zone: ${JSON.stringify(tzid)}`);
  const at = (year: number) => yearOf(zone, tzid, year);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tzid}`, `X-LIC-LOCATION:${tzid}`];
  const utc: Array<[number, number]> = [];
  // what a client carries over from the cluster before: the offset of its last onset
  let carried: number | undefined;
  for (const [c, [first, last]] of clusters.entries()) {
    const final = c === clusters.length - 1;
    const spans = spansOf(at, first, last);
    const head = spans[0]!;
    if (head.kind === 'rules' && carried !== undefined && carried !== at(first).offset) {
      // a cluster's first onset comes months after its 1 January: until then a client would keep
      // the offset it carried over the gap, so the cluster's own offset is stated from 1 January
      const { lo, offset, changes } = at(first);
      lines.push(
        ...observanceLines({
          kind: changes[0]!.to < offset ? 'DAYLIGHT' : 'STANDARD',
          dtstart: localDateTime(lo, offset),
          rrule: null,
          from: offset,
          to: offset,
          name: abbreviation(zone, lo, offset),
        }),
      );
    }
    const end = localNewYear(zone, last + 1);
    for (const [i, span] of spans.entries()) {
      if (span.kind === 'flat') {
        lines.push(
          ...observanceLines({
            kind: 'STANDARD',
            dtstart: localDateTime(span.start, span.offset),
            rrule: null,
            from: span.offset,
            to: span.offset,
            name: abbreviation(zone, span.start, span.offset),
          }),
        );
        continue;
      }
      const run = span.run;
      const next = spans[i + 1];
      // every rule ends within its cluster, or a client would carry it over years not looked at;
      // but a last rule that goes on past the last cluster stays open, so clients may use it beyond
      const bounded = !run.regular || next !== undefined || !final || join(run.years[0]!.changes, run.fits, at(last + 1)) === null;
      let observances = runObservances(run, bounded);
      /* c8 ignore start -- a rule derived from these changes reproduces them; should one not, its
         years are still described exactly, one by one, and their times written in UTC */
      if (!verified(run, observances, bounded)) {
        run.regular = false;
        observances = run.years.flatMap((y) => runObservances({ years: [y], fits: y.changes.map(fitOf), regular: false }, true));
      }
      /* c8 ignore stop */
      for (const o of observances) lines.push(...observanceLines(o));
      if (!run.regular) {
        const until = next === undefined ? (final ? Infinity : end) : next.kind === 'flat' ? next.start : next.run.years[0]!.changes[0]!.at;
        utc.push([run.years[0]!.changes[0]!.at, until]);
      }
    }
    carried = offsetSeconds(zone, end);
  }
  lines.push('END:VTIMEZONE');
  return { text: lines.join('\r\n'), utc };
}

/** RFC 5545 folding at 75 octets, for the all-ASCII lines written here (a rule with BYMONTHDAY and UNTIL is longer). */
function fold(line: string): string {
  let folded = line.slice(0, 75);
  for (let i = 75; i < line.length; i += 74) folded += `\r\n ${line.slice(i, i + 74)}`;
  return folded;
}

function observanceLines(o: Observance): string[] {
  return [
    `BEGIN:${o.kind}`,
    `DTSTART:${o.dtstart}`,
    ...(o.rrule ? [fold(`RRULE:${o.rrule}`)] : []),
    `TZOFFSETFROM:${formatUtcOffset(o.from)}`,
    `TZOFFSETTO:${formatUtcOffset(o.to)}`,
    `TZNAME:${escapeText(o.name)}`,
    `END:${o.kind}`,
  ];
}

/** The [min, max] of `instantsMs`, padded by one day on each side. */
export function zoneRange(instantsMs: number[]): { from: Date; to: Date } {
  if (instantsMs.length === 0) throw new RangeError('zoneRange needs at least one instant');
  let min = Infinity;
  let max = -Infinity;
  for (const ms of instantsMs) {
    if (!Number.isFinite(ms)) throw new RangeError(`invalid instant: ${ms}`);
    if (ms < min) min = ms;
    if (ms > max) max = ms;
  }
  const day = 86_400_000;
  return { from: new Date(min - day), to: new Date(max + day) };
}
