/**
 * RFC 5545 VTIMEZONE generation from the platform's own zone data.
 *
 * The component is built only from luxon's `IANAZone` (i.e. Intl/ICU, the
 * same tz data the rest of the service uses), so a feed's VTIMEZONE can never
 * disagree with the instants the service computed. No RRULE is guessed: every
 * UTC-offset transition in the covered window is found by scanning the zone
 * and written out explicitly (observances with the same offsets and name are
 * merged into one sub-component listing its onsets as RDATEs).
 *
 * Covered window: from local midnight of 1 January of the year before
 * `from`'s (UTC) year to the end of the year after `to`'s (UTC) year, so a
 * range of a few years yields transitions for those years plus one on each
 * side, and the output only depends on the years of `from` and `to`.
 */
import { IANAZone } from 'luxon';

const SECOND = 1000;
/**
 * Scan step. An offset change that is undone within one step would be missed;
 * tz data has no such pair (the shortest-lived offsets last weeks, e.g.
 * Casablanca's Ramadan time). Each step costs one Intl formatToParts (~15 µs).
 */
const SCAN_STEP_MS = 24 * 3600 * SECOND;
/** Largest accepted `to` year minus `from` year (scanning costs ~5 ms per year). */
export const MAX_SPAN_YEARS = 200;

interface Transition {
  /** First epoch millisecond (whole second) at which `to` applies. */
  at: number;
  /** Offset before, seconds east of UTC. */
  from: number;
  /** Offset from `at` on, seconds east of UTC. */
  to: number;
}

interface Observance {
  kind: 'STANDARD' | 'DAYLIGHT';
  from: number;
  to: number;
  name: string;
  /** Onsets, as local date-times in the `from` offset (iCalendar basic format). */
  onsets: string[];
}

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

/** RFC 5545 TEXT escaping. */
function escapeText(value: string): string {
  return value.replace(/([\\;,])/g, '\\$1').replace(/\r\n|\r|\n/g, '\\n');
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
function findTransitions(zone: IANAZone, lo: number, hi: number): Transition[] {
  const transitions: Transition[] = [];
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
    transitions.push({ at: b, from: current, to });
    cursor = b;
    current = to;
  }
  return transitions;
}

/**
 * Returns a VTIMEZONE (CRLF-separated lines, no trailing CRLF) for IANA zone
 * `tzid`, exact for every instant in [from, to] (and in fact for the whole
 * covered window described above).
 */
export function vtimezone(tzid: string, from: Date, to: Date): string {
  // the text depends only on the zone and the two years: build each once per process
  const key = `${tzid}|${from.getUTCFullYear()}|${to.getUTCFullYear()}`;
  let text = built.get(key);
  if (text === undefined) {
    text = buildVtimezone(tzid, from, to);
    if (built.size >= MAX_CACHED) built.clear();
    built.set(key, text);
  }
  return text;
}

const built = new Map<string, string>();
const MAX_CACHED = 2000;

function buildVtimezone(tzid: string, from: Date, to: Date): string {
  const zone = IANAZone.create(tzid);
  if (!zone.isValid) throw new RangeError(`unknown IANA time zone: ${JSON.stringify(tzid)}`);
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError('invalid date range');
  if (fromMs > toMs) throw new RangeError('`from` is after `to`');
  const firstYear = from.getUTCFullYear() - 1;
  const lastYear = to.getUTCFullYear() + 1;
  // iCalendar years are 0000-9999, and the window is padded by a year.
  if (firstYear < 1 || lastYear > 9998) throw new RangeError('date range outside the years 0002-9997');
  if (lastYear - firstYear - 2 > MAX_SPAN_YEARS) {
    throw new RangeError(`date range spans more than ${MAX_SPAN_YEARS} years`);
  }

  const yearStart = startOfUtcYear(firstYear);
  // Local midnight of 1 January of firstYear (in the offset in effect then).
  const lo = yearStart - offsetSeconds(zone, yearStart) * SECOND;
  const hi = startOfUtcYear(lastYear + 1);
  const transitions = findTransitions(zone, lo, hi);

  // Offsets in effect during each UTC year of the window: a year with more
  // than one offset has its largest one as daylight time.
  const offsetsByYear = new Map<number, Set<number>>();
  const offsetsIn = (ms: number): Set<number> => {
    const year = new Date(ms).getUTCFullYear();
    let offsets = offsetsByYear.get(year);
    if (!offsets) {
      offsets = new Set([offsetSeconds(zone, startOfUtcYear(year))]);
      offsetsByYear.set(year, offsets);
    }
    return offsets;
  };
  for (const tr of transitions) offsetsIn(tr.at).add(tr.to);
  const kindOf = (ms: number, offsetSec: number): Observance['kind'] => {
    const offsets = offsetsIn(ms);
    return offsets.size > 1 && offsetSec === Math.max(...offsets) ? 'DAYLIGHT' : 'STANDARD';
  };

  const initialOffset = offsetSeconds(zone, lo);
  const initial: Observance = {
    kind: kindOf(Math.max(lo, yearStart), initialOffset),
    from: initialOffset,
    to: initialOffset,
    name: abbreviation(zone, lo, initialOffset),
    onsets: [localDateTime(lo, initialOffset)],
  };

  // Merge transitions with identical rules, in order of first onset.
  const groups = new Map<string, Observance>();
  for (const tr of transitions) {
    const kind = kindOf(tr.at, tr.to);
    const name = abbreviation(zone, tr.at, tr.to);
    const key = `${kind}|${tr.from}|${tr.to}|${name}`;
    const onset = localDateTime(tr.at, tr.from); // local time in the offset before the change
    const group = groups.get(key);
    if (group) group.onsets.push(onset);
    else groups.set(key, { kind, from: tr.from, to: tr.to, name, onsets: [onset] });
  }

  const lines = ['BEGIN:VTIMEZONE', `TZID:${tzid}`, `X-LIC-LOCATION:${tzid}`];
  for (const obs of [initial, ...groups.values()]) {
    lines.push(`BEGIN:${obs.kind}`, `DTSTART:${obs.onsets[0]}`);
    // DTSTART is repeated as an RDATE: some readers (ical.js, older libical)
    // ignore DTSTART once RDATEs are present. One value per RDATE, as ical.js
    // only reads the first value of a multi-valued RDATE.
    if (obs.onsets.length > 1) for (const onset of obs.onsets) lines.push(`RDATE:${onset}`);
    lines.push(
      `TZOFFSETFROM:${formatUtcOffset(obs.from)}`,
      `TZOFFSETTO:${formatUtcOffset(obs.to)}`,
      `TZNAME:${escapeText(obs.name)}`,
      `END:${obs.kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
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
