import { DateTime } from 'luxon';
import type { CalendarEvent } from './event.js';
import type { PublicHoliday } from './holidays.js';
import { expandSeries, occurrencesOf, type OccurrenceOverride } from './recurrence.js';
import type { Group } from './reference.js';
import { localDays } from './time.js';
import { CLASH_KINDS, type EventClashKind, type EventKind, type RegionId } from './vocabulary.js';

/**
 * Collisions: what an event (or a draft of one) lands on. A warning, never a refusal: the rules
 * here say what collides with what, the service finds the candidates and the holidays, the API
 * and the pages say it in words.
 *
 * Days are each event's own local days (localDays, in its own zone): a Geneva call on Tuesday and
 * a Cairo workshop on Tuesday are on the same day, whatever the hours in UTC.
 */

/** Events this many days apart or closer collide (0: on the same days). */
export const CLASH_DAYS = 2;

/** How many warnings a reply lists; the rest are counted. */
export const MAX_WARNINGS = 25;

/**
 * Why another event collides, from the most to the least telling (one reason a pair, the first
 * that holds):
 * - `studyGroupMeeting`: it is a meeting of the study group itself (the draft is an event of that
 *   study group or of one of its regional groups), anywhere in the world;
 * - `tsagMeeting`: it is a meeting of TSAG, anywhere, and the draft is an event of a study group;
 * - `regionalGroupEvent`: the draft is a meeting of TSAG and it is an event of a regional group;
 * - `sameGroup`: it is an event of the same group (a study group includes its regional groups, and a
 *   regional group's event meets its study group's);
 * - `sameOffice`: the same organizing office;
 * - `sameRegion`: the same region.
 */
export { CLASH_KINDS, EVENT_CLASH_KINDS, type ClashKind, type EventClashKind } from './vocabulary.js';

/** The group kinds whose events share people: ITU-T's bodies. A programme (BSG, AI for Good) is held everywhere by others. */
const BODIES = new Set<Group['kind']>(['study-group', 'advisory-group', 'regional-group', 'focus-group', 'joint-coordination-activity']);

/** TSAG's group id. */
export const TSAG = 'tsag';

/** One occurrence of the event checked: its planned date (null for a single event) and its local days. */
export interface OccurrenceDays {
  occurrence: string | null;
  first: string;
  last: string;
}

/** Another event an occurrence collides with. */
export interface EventClash {
  kind: EventClashKind;
  /** the occurrence of the event checked (its planned date), null for a single event */
  occurrence: string | null;
  /** the group that makes it a collision (a study group, a regional group), for the group kinds */
  group: string | null;
  other: {
    id: string;
    title: string;
    visibility: CalendarEvent['visibility'];
    /** its occurrence's planned date, null for a single event */
    occurrence: string | null;
    /** its local days, in its own zone */
    first: string;
    last: string;
  };
  /** days between the two (0: they share a day) */
  days: number;
}

/** A public holiday of the host country on a day of an occurrence. */
export interface HolidayClash {
  kind: 'holiday';
  occurrence: string | null;
  date: string;
  country: string;
  name: string;
  /** a predicted date (an Islamic holiday): it may move by a day */
  predicted: boolean;
}

export type Clash = EventClash | HolidayClash;

/** What an event is, for the rules: its organizer, region, groups, kind and the days of each occurrence. */
export interface ClashSubject {
  kind: EventKind;
  office: string;
  region: RegionId;
  groups: readonly string[];
  days: OccurrenceDays[];
}

/** What the rules read of the groups: kinds and parents. */
export type GroupsById = ReadonlyMap<string, Pick<Group, 'id' | 'kind' | 'parent'>>;

/** The local days of each occurrence held (skipped ones left out); a single event's occurrence is null. */
export function occurrenceDays(
  event: Pick<CalendarEvent, 'start' | 'end' | 'allDay' | 'timeZone' | 'recurrence'> & { overrides?: OccurrenceOverride[] },
): OccurrenceDays[] {
  if (event.recurrence === null) return [{ occurrence: null, ...localDays(event, event.allDay) }];
  return expandSeries({ ...event, recurrence: event.recurrence }, event.overrides ?? [])
    .filter((o) => o.status !== 'cancelled')
    .map((o) => ({ occurrence: o.originalDate, ...localDays(o, event.allDay) }));
}

/** The study groups an event is of: its study groups, and the parents of its regional groups. */
export function studyGroupsOf(groups: readonly string[], byId: GroupsById): Set<string> {
  const result = new Set<string>();
  for (const id of groups) {
    const group = byId.get(id);
    if (group?.kind === 'study-group') result.add(id);
    if (group?.kind === 'regional-group' && group.parent) result.add(group.parent);
  }
  return result;
}

/** The groups whose events collide with an event of `groups`: each body, what is under it, and what it is under. */
export function relatedGroups(groups: readonly string[], byId: GroupsById): Set<string> {
  const bodies = groups.filter((g) => BODIES.has(byId.get(g)?.kind as Group['kind']));
  const result = new Set(bodies);
  for (const g of byId.values()) {
    // under: a regional group of a study group (each level up the tree)
    for (let parent = g.parent; parent; parent = byId.get(parent)?.parent ?? null)
      if (result.has(parent) && BODIES.has(g.kind)) result.add(g.id);
  }
  for (const id of bodies) for (let parent = byId.get(id)?.parent; parent; parent = byId.get(parent)?.parent) result.add(parent);
  return result;
}

const isTsagMeeting = (subject: { kind: string; groups: readonly string[] }) => subject.kind === 'meeting' && subject.groups.includes(TSAG);

/**
 * Every group another event may share with the subject to collide: what the store's query of
 * candidates selects by, besides the region and the office. Wider than the rules, never narrower.
 */
export function candidateGroups(subject: Pick<ClashSubject, 'kind' | 'groups'>, byId: GroupsById): string[] {
  const result = relatedGroups(subject.groups, byId);
  if (studyGroupsOf(subject.groups, byId).size) result.add(TSAG);
  if (isTsagMeeting(subject)) for (const g of byId.values()) if (g.kind === 'regional-group') result.add(g.id);
  return [...result].sort();
}

/** Why `other` collides with the subject, if it does (whatever the days): the first reason that holds. */
export function clashReason(
  subject: Pick<ClashSubject, 'kind' | 'office' | 'region' | 'groups'>,
  other: Pick<CalendarEvent, 'kind' | 'office' | 'region' | 'groups'>,
  byId: GroupsById,
): { kind: EventClashKind; group: string | null } | undefined {
  const studyGroups = studyGroupsOf(subject.groups, byId);
  if (other.kind === 'meeting') {
    const own = other.groups.find((g) => studyGroups.has(g));
    if (own) return { kind: 'studyGroupMeeting', group: own };
    if (studyGroups.size && other.groups.includes(TSAG)) return { kind: 'tsagMeeting', group: TSAG };
  }
  if (isTsagMeeting(subject)) {
    const regional = other.groups.find((g) => byId.get(g)?.kind === 'regional-group');
    if (regional) return { kind: 'regionalGroupEvent', group: regional };
  }
  const related = relatedGroups(subject.groups, byId);
  const shared = other.groups.find((g) => related.has(g) && BODIES.has(byId.get(g)?.kind as Group['kind']));
  if (shared) return { kind: 'sameGroup', group: shared };
  if (other.office === subject.office) return { kind: 'sameOffice', group: null };
  if (other.region === subject.region) return { kind: 'sameRegion', group: null };
  return undefined;
}

const dayNumber = (date: string) => Math.round(DateTime.fromISO(date, { zone: 'utc' }).toMillis() / 86_400_000);

/** Days between two stretches of days: 0 when they share one. */
export function daysApart(a: { first: string; last: string }, b: { first: string; last: string }): number {
  if (b.first > a.last) return dayNumber(b.first) - dayNumber(a.last);
  if (a.first > b.last) return dayNumber(a.first) - dayNumber(b.last);
  return 0;
}

/** The first and last day the subject's occurrences may collide on, the margin included: the candidates' window. */
export function clashWindow(days: readonly OccurrenceDays[]): { from: string; to: string } | undefined {
  if (days.length === 0) return undefined;
  const firsts = days.map((d) => d.first).sort();
  const lasts = days.map((d) => d.last).sort();
  const shift = (date: string, by: number) => DateTime.fromISO(date, { zone: 'utc' }).plus({ days: by }).toISODate()!;
  return { from: shift(firsts[0]!, -CLASH_DAYS), to: shift(lasts[lasts.length - 1]!, CLASH_DAYS) };
}

/**
 * What the subject's occurrences collide with: each candidate event's occurrence held within
 * CLASH_DAYS of one of them (cancelled events and skipped occurrences never), for the reason
 * clashReason gives; and each holiday on one of its days. By occurrence, then day.
 */
export function findClashes(
  subject: ClashSubject,
  candidates: readonly CalendarEvent[],
  holidays: readonly PublicHoliday[],
  byId: GroupsById,
): Clash[] {
  const clashes: Clash[] = [];
  // the other events' occurrences by first day, so each occurrence looks only at those near it
  const others = candidates
    .filter((c) => c.status !== 'cancelled')
    .flatMap((event) => {
      const reason = clashReason(subject, event, byId);
      if (!reason) return [];
      return occurrencesOf(event)
        .filter((o) => o.status !== 'cancelled')
        .map((o) => ({ event, reason, occurrence: event.recurrence === null ? null : o.originalDate, ...localDays(o, event.allDay) }));
    })
    .sort((a, b) => a.first.localeCompare(b.first));
  const longest = others.reduce((max, o) => Math.max(max, dayNumber(o.last) - dayNumber(o.first)), 0);
  const firstAt = (day: number) => {
    let lo = 0;
    let hi = others.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dayNumber(others[mid]!.first) < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const days of subject.days) {
    const start = dayNumber(days.first);
    const end = dayNumber(days.last);
    const found: Clash[] = [];
    for (let i = firstAt(start - CLASH_DAYS - longest); i < others.length && dayNumber(others[i]!.first) <= end + CLASH_DAYS; i++) {
      const o = others[i]!;
      const apart = daysApart(days, o);
      if (apart > CLASH_DAYS) continue;
      found.push({
        kind: o.reason.kind,
        occurrence: days.occurrence,
        group: o.reason.group,
        other: {
          id: o.event.id,
          title: o.event.title,
          visibility: o.event.visibility,
          occurrence: o.occurrence,
          first: o.first,
          last: o.last,
        },
        days: apart,
      });
    }
    for (const h of holidays)
      if (h.date >= days.first && h.date <= days.last)
        found.push({
          kind: 'holiday',
          occurrence: days.occurrence,
          date: h.date,
          country: h.country,
          name: h.name,
          predicted: h.predicted,
        });
    found.sort((a, b) => dayOf(a).localeCompare(dayOf(b)) || CLASH_KINDS.indexOf(a.kind) - CLASH_KINDS.indexOf(b.kind));
    clashes.push(...found);
  }
  return clashes;
}

const dayOf = (clash: Clash) => (clash.kind === 'holiday' ? clash.date : clash.other.first);

/** A warning's identity, the same for the same collision: what a page remembers as seen. */
export function clashKey(clash: Clash): string {
  return clash.kind === 'holiday'
    ? `holiday/${clash.occurrence ?? ''}/${clash.date}/${clash.country}/${clash.name}`
    : `${clash.kind}/${clash.occurrence ?? ''}/${clash.other.id}/${clash.other.occurrence ?? ''}`;
}
