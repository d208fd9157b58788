import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { registerOwnZones, unfold } from './ics.js';

/**
 * Reading a calendar as Outlook's desktop app does: it ignores RDATE in a VTIMEZONE and builds
 * each observance from DTSTART and RRULE alone (iCalcreator#86, #106; biweekly#76). ical.js does
 * honour RDATE, so dropping those lines first makes it read the zones as Outlook would.
 */
export function withoutVtimezoneRdates(text: string): string {
  const kept: string[] = [];
  let inZone = false;
  for (const line of unfold(text)) {
    if (line === 'BEGIN:VTIMEZONE') inZone = true;
    if (line === 'END:VTIMEZONE') inZone = false;
    if (inZone && /^RDATE[;:]/i.test(line)) continue;
    kept.push(line);
  }
  return `${kept.join('\r\n')}\r\n`;
}

/** The RDATE lines inside VTIMEZONEs: what this project promises never to write. */
export function vtimezoneRdates(text: string): string[] {
  const found: string[] = [];
  let inZone = false;
  for (const line of unfold(text)) {
    if (line === 'BEGIN:VTIMEZONE') inZone = true;
    if (line === 'END:VTIMEZONE') inZone = false;
    if (inZone && /^RDATE[;:]/i.test(line)) found.push(line);
  }
  return found;
}

/** One local time with a TZID, as ical.js resolves it through the calendar's own VTIMEZONE and as luxon does. */
export interface ZonedReading {
  uid: string;
  /** DTSTART, DTEND, RECURRENCE-ID, EXDATE, or `occurrence` for a time a series' RRULE produced */
  what: string;
  tzid: string;
  local: string;
  icalJs: string;
  luxon: string;
}

export interface Reading {
  zoned: ZonedReading[];
  /** timed values written in UTC, with the zone of their event's other times where it has one */
  utc: { uid: string; what: string; instant: string }[];
  /** timed values with neither TZID nor Z: never allowed */
  floating: { uid: string; what: string; value: string }[];
  /** per UID, every occurrence ical.js sees (series expanded, exceptions applied, EXDATEs left out) */
  occurrences: Map<string, { start: string; end: string }[]>;
  tzids: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function luxonInstant(time: ICAL.Time, tzid: string): number {
  // luxon reads the wall-clock fields in the IANA zone, from the platform's tz data
  return DateTime.fromObject(
    { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second },
    { zone: IANAZone.create(tzid) },
  ).toMillis();
}

/**
 * Resolves every zoned DTSTART, DTEND, RECURRENCE-ID and EXDATE, and every occurrence of every
 * series, through the calendar's VTIMEZONEs with their RDATEs removed, and through luxon.
 */
export function readAsOutlook(text: string, options: { maxOccurrences?: number } = {}): Reading {
  const calendar = new ICAL.Component(ICAL.parse(withoutVtimezoneRdates(text)));
  const tzids = registerOwnZones(calendar);
  const reading: Reading = { zoned: [], utc: [], floating: [], occurrences: new Map(), tzids };
  const look = (uid: string, what: string, property: ICAL.Property) => {
    const tzid = property.getParameter('tzid') as string | undefined;
    for (const value of property.getValues() as ICAL.Time[]) {
      if (value.isDate) continue;
      if (tzid) {
        reading.zoned.push({
          uid,
          what,
          tzid,
          local: value.toString(),
          icalJs: iso(value.toUnixTime() * 1000),
          luxon: iso(luxonInstant(value, tzid)),
        });
      } else if (value.zone === ICAL.Timezone.utcTimezone) {
        reading.utc.push({ uid, what, instant: iso(value.toUnixTime() * 1000) });
      } else {
        reading.floating.push({ uid, what, value: value.toString() });
      }
    }
  };
  const vevents = calendar.getAllSubcomponents('vevent');
  for (const vevent of vevents) {
    const uid = vevent.getFirstPropertyValue('uid') as string;
    for (const name of ['dtstart', 'dtend', 'recurrence-id', 'exdate']) {
      for (const property of vevent.getAllProperties(name)) look(uid, name.toUpperCase(), property);
    }
  }
  const limit = options.maxOccurrences ?? 1000;
  for (const vevent of vevents) {
    if (vevent.hasProperty('recurrence-id')) continue;
    const uid = vevent.getFirstPropertyValue('uid') as string;
    // given its exceptions, ical.js does not also take every RECURRENCE-ID of the calendar, of any UID
    const exceptions = vevents.filter((v) => v.hasProperty('recurrence-id') && v.getFirstPropertyValue('uid') === uid);
    const master = new ICAL.Event(vevent, { strictExceptions: true, exceptions });
    const instant = (t: ICAL.Time) => (t.isDate ? t.toString() : iso(t.toUnixTime() * 1000));
    if (!master.isRecurring()) {
      reading.occurrences.set(uid, [{ start: instant(master.startDate), end: instant(master.endDate) }]);
      continue;
    }
    const tzid = vevent.getFirstProperty('dtstart')!.getParameter('tzid') as string | undefined;
    const list: { start: string; end: string }[] = [];
    const iterator = master.iterator();
    for (let next = iterator.next(); next && list.length < limit; next = iterator.next()) {
      if (tzid && !next.isDate) {
        reading.zoned.push({
          uid,
          what: 'occurrence',
          tzid,
          local: next.toString(),
          icalJs: iso(next.toUnixTime() * 1000),
          luxon: iso(luxonInstant(next, tzid)),
        });
      }
      const details = master.getOccurrenceDetails(next);
      list.push({ start: instant(details.startDate), end: instant(details.endDate) });
    }
    reading.occurrences.set(uid, list);
  }
  // an occurrence on its own, as a reminder carries it: its times are the occurrence's
  for (const vevent of vevents.filter((v) => v.hasProperty('recurrence-id'))) {
    const uid = vevent.getFirstPropertyValue('uid') as string;
    if (vevents.some((v) => !v.hasProperty('recurrence-id') && v.getFirstPropertyValue('uid') === uid)) continue;
    const event = new ICAL.Event(vevent, { exceptions: [] });
    const instant = (t: ICAL.Time) => iso(t.toUnixTime() * 1000);
    reading.occurrences.set(uid, [
      ...(reading.occurrences.get(uid) ?? []),
      { start: instant(event.startDate), end: instant(event.endDate) },
    ]);
  }
  return reading;
}

/** The zoned readings where ical.js (RDATE-free) and luxon disagree, as lines for a test's message. */
export function disagreements(reading: Reading): string[] {
  return reading.zoned
    .filter((z) => z.icalJs !== z.luxon)
    .map((z) => `${z.uid} ${z.what} ${z.tzid} ${z.local}: ical.js ${z.icalJs}, luxon ${z.luxon}`);
}

export interface Change {
  /** first ms of the new offset */
  at: number;
  /** offsets in minutes */
  from: number;
  to: number;
}

/**
 * The offset changes of a zone in [from, to), found with luxon alone: daily steps (no zone undoes
 * a change within a day), then bisected to the second.
 */
export function zoneChanges(zoneName: string, from: number, to: number): Change[] {
  const zone = IANAZone.create(zoneName);
  const changes: Change[] = [];
  const step = 86_400_000;
  let previous = zone.offset(from);
  for (let ms = from + step; ms < to; ms += step) {
    const offset = zone.offset(ms);
    if (offset === previous) continue;
    let a = ms - step;
    let b = ms;
    while (b - a > 1000) {
      const mid = a + Math.floor((b - a) / 2000) * 1000;
      if (zone.offset(mid) === previous) a = mid;
      else b = mid;
    }
    changes.push({ at: b, from: previous, to: offset });
    previous = offset;
  }
  return changes;
}
