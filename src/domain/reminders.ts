import { DateTime, Duration } from 'luxon';
import type { EventKind } from './vocabulary.js';
import type { CalendarEvent } from './event.js';
import type { Occurrence } from './recurrence.js';
import { problem, type Problem } from './problems.js';
import { MONDAY_TO_FRIDAY, nextWorkingDay, previousWorkingDay, type WorkWeek } from './working-days.js';

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

/** Why an event would plan too many reminders (the product, named), or undefined. */
export function reminderVolumeProblem(occurrences: number, offsets: number, recipients: number): Problem | undefined {
  const total = occurrences * offsets * recipients;
  if (total <= MAX_REMINDERS_PER_EVENT) return undefined;
  return problem('reminderVolume', { occurrences, offsets, recipients, total, max: MAX_REMINDERS_PER_EVENT });
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
  /**
   * the days it works, when the service knows its office: a reminder counted in whole days before
   * an event that falls on one of its days off goes out on its working day before
   */
  week?: WorkWeek | undefined;
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
  /** the organizing office's working week and its country's holidays: follow-ups fall on its working mornings */
  organizerWeek?: WorkWeek | undefined;
  hasCounts: boolean;
}

/**
 * The outbox's unique key of a reminder: its occurrence (the planned local date), its rule and its
 * recipient, whose address is compared without case. Planning twice never sends twice.
 */
export const outboxKey = (r: { occurrence: string; rule: string; recipient: string }) =>
  `${r.occurrence}\u0000${r.rule}\u0000${r.recipient.toLowerCase()}`;

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

/**
 * The first working morning after the event's last day, in the organizing office's zone: not a day
 * of its weekend (Friday and Saturday in Cairo) nor a public holiday of its country.
 */
export function nextWorkingMorning(lastDay: string, zone: string, week: WorkWeek = MONDAY_TO_FRIDAY): DateTime {
  return nextWorkingDay(DateTime.fromISO(lastDay, { zone }).plus({ days: 1 }).set({ hour: MORNING_HOUR }), week);
}

/** The `n`th follow-up (from 1): the first working morning after the last day, then a week later each, on a working day. */
export function followUpDue(lastDay: string, zone: string, n: number, week: WorkWeek = MONDAY_TO_FRIDAY): DateTime {
  const first = nextWorkingMorning(lastDay, zone, week);
  return nextWorkingDay(first.plus({ days: FOLLOW_UP_INTERVAL_DAYS * (n - 1) }), week);
}

/** Whether an offset counts whole days (P7D, P1W), not hours or minutes (PT1H, P1DT2H). */
export function inWholeDays(offset: string): boolean {
  const { years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0 } = Duration.fromISO(offset).toObject();
  return years === 0 && months === 0 && hours === 0 && minutes === 0 && seconds === 0 && weeks + days > 0;
}

/**
 * When a reminder `offset` before an occurrence reaches one recipient: `dueBefore`, and for an
 * offset in whole days that lands on a day off of a recipient whose week is known, the same time
 * (in its zone) on its working day before. An offset in hours stays exact: it is about the hour.
 */
export function dueBeforeFor(
  occurrence: Pick<Occurrence, 'start' | 'startsAt'>,
  allDay: boolean,
  zone: string,
  offset: string,
  recipient: Pick<Recipient, 'zone' | 'week'>,
): DateTime {
  const due = dueBefore(occurrence, allDay, zone, offset);
  if (!recipient.week || !inWholeDays(offset)) return due;
  return previousWorkingDay(due.setZone(recipient.zone), recipient.week);
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
 * The rules a reminder is sent by, as values. The outbox stores each in its text form
 * (formatRule); that text is part of the outbox's unique key and of every Message-ID, so it
 * never changes for a rule that exists.
 */
export type ReminderRule =
  /** a reminder `offset` (an ISO 8601 duration, the event's own text) before each start */
  | { kind: 'before'; offset: string }
  /** the `n`th request for participant counts after a single event */
  | { kind: 'follow-up'; n: number }
  /** the notice that the event was cancelled, to everyone already reminded of it */
  | { kind: 'cancellation' };

export type ReminderRuleKind = ReminderRule['kind'];
type RuleOf<K extends ReminderRuleKind> = Extract<ReminderRule, { kind: K }>;

/** In the order an event's plan lists them. */
export const RULE_KINDS = ['before', 'follow-up', 'cancellation'] as const satisfies readonly ReminderRuleKind[];

export function formatRule(rule: ReminderRule): string {
  switch (rule.kind) {
    case 'before':
      return `before:${rule.offset}`;
    case 'follow-up':
      return `follow-up:${rule.n}`;
    case 'cancellation':
      return 'cancellation';
  }
}

/**
 * The rule a stored text stands for, or undefined for a text no rule formats to. The offset of
 * a `before` rule is not checked again: it was checked when its event was written, and a row
 * must read back whatever an older check let through.
 */
export function parseRule(text: string): ReminderRule | undefined {
  if (text === 'cancellation') return { kind: 'cancellation' };
  const before = /^before:(\S+)$/.exec(text);
  if (before) return { kind: 'before', offset: before[1]! };
  // no leading zero or sign, so that formatting the rule gives back the very same text
  const followUp = /^follow-up:([1-9]\d*)$/.exec(text);
  if (followUp) return { kind: 'follow-up', n: Number(followUp[1]) };
  return undefined;
}

/** The occurrence key of a notice about the whole event, not one of its occurrences. */
export const WHOLE_EVENT = '';

/** The outbox key of the cancellation notice to one address. */
export function cancellationNotice(recipient: string): Pick<PlannedReminder, 'occurrence' | 'rule' | 'recipient'> {
  return { occurrence: WHOLE_EVENT, rule: formatRule({ kind: 'cancellation' }), recipient };
}

/** How an event's plan gets reminders of one kind. */
export interface RulePlanning<R extends ReminderRule> {
  /** the occurrences reminded by this kind */
  occurrences(input: PlanInput): Occurrence[];
  /** the rules of this kind each of those occurrences has */
  rules(input: PlanInput): R[];
  /** when it reaches `recipient` (a recipient's working week may move it) */
  due(rule: R, occurrence: Occurrence, input: PlanInput, recipient: Recipient): DateTime;
  /** after this instant a late one no longer makes sense (PlannedReminder.occursAt) */
  lateUntil(rule: R, due: DateTime, occurrence: Occurrence): string;
  recipients(input: PlanInput): Recipient[];
  /** why one the outbox holds, for an occurrence still planned, fell out of the plan */
  unplanned(rule: R, reminder: Pick<PlannedReminder, 'recipient'>, input: PlanInput): string;
}

/** Everything that differs from one kind of rule to another; the modules outside read it here. */
export interface RuleDefinition<R extends ReminderRule> {
  /** one rule of the kind, as the API documentation shows it */
  example: R;
  /**
   * null for a kind that is never planned but queued once, when its event is cancelled: later
   * plannings then neither move nor skip it, and a row of it tells nobody about the event, so
   * it is no reason to send a cancellation notice.
   */
  planning: RulePlanning<R> | null;
  /**
   * The kinds whose reminder for the same occurrence and address, due later than this one and
   * itself due already, makes this one redundant when it goes late.
   */
  supersededBy: readonly ReminderRuleKind[];
  /** why a due one is no longer worth sending, given its event as it is now */
  obsolete(event: Pick<CalendarEvent, 'attendance'>): string | undefined;
  /** the iTIP method of the calendar the message carries */
  method: 'REQUEST' | 'CANCEL';
}

const offsetsOf = (event: CalendarEvent) => event.reminders ?? DEFAULT_REMINDERS[event.kind];

export const REMINDER_RULES: { [K in ReminderRuleKind]: RuleDefinition<RuleOf<K>> } = {
  before: {
    example: { kind: 'before', offset: 'P7D' },
    planning: {
      occurrences: (input) => input.occurrences.filter((o) => o.status !== 'cancelled'),
      rules: (input) => offsetsOf(input.event).map((offset) => ({ kind: 'before', offset })),
      due: (rule, occurrence, { event }, recipient) => dueBeforeFor(occurrence, event.allDay, event.timeZone, rule.offset, recipient),
      lateUntil: (_rule, _due, occurrence) => occurrence.startsAt,
      recipients: (input) => unique([...input.organizer, ...input.others]),
      unplanned(rule, reminder, input) {
        if (!offsetsOf(input.event).includes(rule.offset)) return `the event no longer has a reminder ${rule.offset} before its start`;
        const address = reminder.recipient.toLowerCase();
        if (![...input.organizer, ...input.others].some((r) => r.address.toLowerCase() === address))
          return 'the recipient is no longer told about the event';
        return 'no longer planned: the event changed';
      },
    },
    // the closest reminder says all an earlier one would
    supersededBy: ['before'],
    obsolete: () => undefined,
    method: 'REQUEST',
  },
  'follow-up': {
    example: { kind: 'follow-up', n: 1 },
    planning: {
      // figures are registered per event: a series or a call has no one set to ask for, and once they exist nobody is asked
      occurrences: ({ event, occurrences, hasCounts }) =>
        occurrences.length === 1 && event.recurrence === null && event.kind !== 'coordination-call' && !hasCounts ? [occurrences[0]!] : [],
      rules: () => Array.from({ length: FOLLOW_UPS }, (_, i) => ({ kind: 'follow-up', n: i + 1 })),
      // to the organizing office, on its working mornings (its weekend and its country's holidays are not)
      due(rule, occurrence, { event, organizerZone, organizerWeek }) {
        const lastDay = event.allDay
          ? occurrence.end
          : DateTime.fromISO(occurrence.endsAt, { zone: 'utc' }).setZone(event.timeZone).minus({ milliseconds: 1 }).toISODate()!;
        return followUpDue(lastDay, organizerZone, rule.n, organizerWeek);
      },
      // each follow-up is worth sending late until the next one is due
      lateUntil: (_rule, due) => iso(due.plus({ days: FOLLOW_UP_INTERVAL_DAYS })),
      recipients: (input) => unique(input.organizer),
      unplanned: (_rule, _reminder, input) =>
        input.hasCounts ? 'participant counts were registered' : 'the event no longer asks for participant counts',
    },
    supersededBy: ['follow-up'],
    obsolete: (event) => (event.attendance ? 'participant counts were registered' : undefined),
    method: 'REQUEST',
  },
  cancellation: {
    example: { kind: 'cancellation' },
    planning: null,
    supersededBy: [],
    obsolete: () => undefined,
    method: 'CANCEL',
  },
};

/**
 * The definition of a rule's kind, typed for that rule. (Indexing the table with a union of
 * kinds gives a union of definitions TypeScript cannot call with the matching rule.)
 */
export function definitionOf<R extends ReminderRule>(rule: R): RuleDefinition<R> {
  return REMINDER_RULES[rule.kind] as RuleDefinition<R>;
}

/** The definition of the rule a stored text stands for; undefined for a text no rule formats to. */
export function definitionOfText(text: string): RuleDefinition<ReminderRule> | undefined {
  const rule = parseRule(text);
  return rule && definitionOf(rule);
}

function planKind<R extends ReminderRule>(planning: RulePlanning<R>, input: PlanInput): PlannedReminder[] {
  const plans: PlannedReminder[] = [];
  const recipients = planning.recipients(input);
  for (const occurrence of planning.occurrences(input)) {
    for (const rule of planning.rules(input)) {
      for (const r of recipients) {
        const due = planning.due(rule, occurrence, input, r);
        const lateUntil = planning.lateUntil(rule, due, occurrence);
        plans.push({
          occurrence: occurrenceKey(occurrence),
          rule: formatRule(rule),
          recipient: r.address,
          recipientZone: r.zone,
          dueAt: iso(due),
          occursAt: lateUntil,
        });
      }
    }
  }
  return plans;
}

/**
 * Every reminder an event should have, past moments included. Pure: the outbox compares this
 * with what it holds, and it alone knows whether a moment passed before the reminder was first
 * planned (then it is never planned) or while nothing was sending (then it is due, and the
 * dispatcher decides whether it is still worth sending late).
 */
export function planReminders(input: PlanInput): PlannedReminder[] {
  if (input.event.status === 'cancelled') return [];
  return RULE_KINDS.flatMap((kind) => {
    const { planning } = REMINDER_RULES[kind] as RuleDefinition<ReminderRule>;
    return planning ? planKind(planning, input) : [];
  });
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
  const rule = parseRule(reminder.rule);
  if (!rule) return `its rule '${reminder.rule}' is not one this service knows`;
  return definitionOf(rule).planning?.unplanned(rule, reminder, input) ?? 'no longer planned: the event changed';
}
