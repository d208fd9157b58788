import { DateTime, Duration } from 'luxon';
import type { EventKind } from './vocabulary.js';
import type { CalendarEvent } from './event.js';
import type { Occurrence } from './recurrence.js';

/** Reminders before each start when an event sets none of its own (ISO 8601 durations). */
export const DEFAULT_REMINDERS: Record<EventKind, string[]> = {
  meeting: ['P30D', 'P7D', 'P1D'],
  workshop: ['P30D', 'P7D', 'P1D'],
  forum: ['P30D', 'P7D', 'P1D'],
  summit: ['P30D', 'P7D', 'P1D'],
  clinic: ['P30D', 'P7D', 'P1D'],
  training: ['P30D', 'P7D', 'P1D'],
  webinar: ['P7D', 'P1D'],
  'coordination-call': ['P1D', 'PT1H'],
  other: ['P7D', 'P1D'],
};

/**
 * The most reminders one event may plan (occurrences × reminders before each × recipients): a
 * daily series with ten reminders and twenty extra addresses would otherwise plan 110,000 rows.
 */
export const MAX_REMINDERS_PER_EVENT = 2000;

/** Why an event would plan too many reminders, or undefined. */
export function reminderVolumeProblem(occurrences: number, offsets: number, recipients: number): string | undefined {
  const total = occurrences * offsets * recipients;
  if (total <= MAX_REMINDERS_PER_EVENT) return undefined;
  return `${occurrences} occurrences × ${offsets} reminders × ${recipients} recipients would plan ${total} reminders, more than the ${MAX_REMINDERS_PER_EVENT} an event may have: give fewer occurrences, reminders or notify addresses`;
}

/** Follow-ups asking for participant counts: the first, then again 7 and 14 days later. */
export const FOLLOW_UPS = 3;
export const FOLLOW_UP_INTERVAL_DAYS = 7;
/** Reminders for an all-day event, and follow-ups, go out at this local hour. */
export const MORNING_HOUR = 9;

export interface Recipient {
  address: string;
  /** the zone the recipient reads times in */
  zone: string;
}

export interface PlannedReminder {
  occurrence: string;
  rule: string;
  recipient: string;
  recipientZone: string;
  dueAt: string;
  /** after this instant a late reminder no longer makes sense */
  occursAt: string;
}

export interface PlanInput {
  event: CalendarEvent;
  occurrences: Occurrence[];
  /** the organizing office's contacts, in its zone */
  organizer: Recipient[];
  /** TSB's regional focal point and the event's extra addresses */
  others: Recipient[];
  organizerZone: string;
  hasCounts: boolean;
}

const iso = (d: DateTime) => d.toUTC().toISO()!;

/**
 * The key of an occurrence in the outbox: its planned local date. A single event moved to
 * another day is a new occurrence and is reminded again; moved within its day, it is not.
 */
export const occurrenceKey = (o: Pick<Occurrence, 'originalDate'>) => o.originalDate;

/**
 * When a reminder `offset` before an occurrence is due. Days count calendar days in the event's
 * zone (7 days before 14:00 Geneva is 14:00 Geneva, whatever DST did meanwhile); hours and
 * minutes are exact. An all-day event is counted from its first morning.
 */
export function dueBefore(occurrence: Pick<Occurrence, 'start' | 'startsAt'>, allDay: boolean, zone: string, offset: string): DateTime {
  const start = allDay
    ? DateTime.fromISO(occurrence.start, { zone }).set({ hour: MORNING_HOUR })
    : DateTime.fromISO(occurrence.startsAt, { zone: 'utc' }).setZone(zone);
  const { days = 0, hours = 0, minutes = 0 } = Duration.fromISO(offset).toObject();
  return start.minus({ days }).minus({ hours, minutes });
}

/** The first Monday-to-Friday morning after the event's last day, in the organizing office's zone. */
export function nextWorkingMorning(lastDay: string, zone: string): DateTime {
  let day = DateTime.fromISO(lastDay, { zone }).plus({ days: 1 }).set({ hour: MORNING_HOUR });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day;
}

function unique(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const key = r.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Every reminder an event should have, past moments included. Pure: the outbox compares this
 * with what it holds, and it alone knows whether a moment passed before the reminder was first
 * planned (then it is never planned) or while nothing was sending (then it is due, and the
 * dispatcher decides whether it is still worth sending late).
 */
export function planReminders(input: PlanInput): PlannedReminder[] {
  const { event } = input;
  if (event.status === 'cancelled') return [];
  const plans: PlannedReminder[] = [];
  const everyone = unique([...input.organizer, ...input.others]);
  const offsets = event.reminders ?? DEFAULT_REMINDERS[event.kind];
  for (const occurrence of input.occurrences) {
    if (occurrence.status === 'cancelled') continue;
    for (const offset of offsets) {
      const due = dueBefore(occurrence, event.allDay, event.timeZone, offset);
      for (const r of everyone) {
        plans.push({ occurrence: occurrenceKey(occurrence), rule: `before:${offset}`, recipient: r.address, recipientZone: r.zone, dueAt: iso(due), occursAt: occurrence.startsAt });
      }
    }
  }
  const single = input.occurrences.length === 1 && event.recurrence === null;
  if (single && event.kind !== 'coordination-call' && !input.hasCounts) {
    const occurrence = input.occurrences[0]!;
    const lastDay = event.allDay ? occurrence.end : DateTime.fromISO(occurrence.endsAt, { zone: 'utc' }).setZone(event.timeZone).minus({ milliseconds: 1 }).toISODate()!;
    const first = nextWorkingMorning(lastDay, input.organizerZone);
    for (let n = 1; n <= FOLLOW_UPS; n++) {
      const due = first.plus({ days: FOLLOW_UP_INTERVAL_DAYS * (n - 1) });
      for (const r of unique(input.organizer)) {
        // each follow-up is worth sending late until the next one is due
        plans.push({ occurrence: occurrenceKey(occurrence), rule: `follow-up:${n}`, recipient: r.address, recipientZone: r.zone, dueAt: iso(due), occursAt: iso(due.plus({ days: FOLLOW_UP_INTERVAL_DAYS })) });
      }
    }
  }
  return plans;
}

/**
 * Why a reminder the outbox holds is no longer in the plan of its event, in words an operator
 * reads in `GET /api/reminders`: a skip must always say what really changed.
 */
export function unplannedReason(reminder: Pick<PlannedReminder, 'occurrence' | 'rule' | 'recipient'>, input: PlanInput): string {
  const { event } = input;
  const occurrence = input.occurrences.find((o) => occurrenceKey(o) === reminder.occurrence);
  if (!occurrence) return event.recurrence ? 'the occurrence is no longer part of the series' : 'the event moved to another day';
  if (occurrence.status === 'cancelled') return 'the occurrence was skipped';
  if (reminder.rule.startsWith('follow-up:')) {
    return input.hasCounts ? 'participant counts were registered' : 'the event no longer asks for participant counts';
  }
  const offset = reminder.rule.slice('before:'.length);
  if (!(event.reminders ?? DEFAULT_REMINDERS[event.kind]).includes(offset)) return `the event no longer has a reminder ${offset} before its start`;
  const address = reminder.recipient.toLowerCase();
  if (![...input.organizer, ...input.others].some((r) => r.address.toLowerCase() === address)) return 'the recipient is no longer told about the event';
  return 'no longer planned: the event changed';
}
