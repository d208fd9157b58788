import { Duration } from 'luxon';
import { translationProblem, VENUE_TEXT_PARTS, type EventFields } from './event.js';
import { LANGUAGES } from './vocabulary.js';
import { DEFAULT_REMINDERS, reminderVolumeProblem } from './reminders.js';
import { textProblem } from './text.js';
import { canonicalRecurrence, expandSeries, MAX_OCCURRENCES, recurrenceProblem, type OccurrenceOverride } from './recurrence.js';
import {
  deriveEventTimes,
  FIRST_YEAR,
  isTimeProblem,
  LAST_YEAR,
  localDays,
  withinRange,
  type EventTimes,
  type TimeProblem,
} from './time.js';
import { at, fieldProblem, problem, type Problem } from './problems.js';

export interface KnownIds {
  /** each office with its contacts, who are reminded of its events */
  officesById: ReadonlyMap<string, { emails: readonly string[] }>;
  groupsById: ReadonlyMap<string, unknown>;
  /** the domains (and their subdomains) an extra `notify` address may be at */
  notifyDomains: readonly string[];
}

/** Reminders carry an event's details and links: an office token may send them only inside ITU. */
export function notifyProblem(address: string, domains: readonly string[]): Problem | undefined {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  if (domains.some((d) => domain === d || domain.endsWith(`.${d}`))) return undefined;
  return problem('notifyDomain', { address, domains: domains.join(', ') });
}

/** The longest a reminder may come before an event. */
export const MAX_REMINDER_DAYS = 366;

/** An ISO 8601 duration of days, hours or minutes ('P30D', 'PT1H', 'P1DT12H'), or a problem. */
export function reminderOffsetProblem(value: string): Problem | undefined {
  const duration =
    /^P(\d+D)?(T(\d+H)?(\d+M)?)?$/.test(value) && value !== 'P' && !value.endsWith('T') ? Duration.fromISO(value) : undefined;
  if (!duration?.isValid) return problem('reminderOffsetFormat', { value });
  const ms = duration.as('milliseconds');
  if (ms <= 0 || ms > MAX_REMINDER_DAYS * 86_400_000) return problem('reminderOffsetRange', { value, max: MAX_REMINDER_DAYS });
  return undefined;
}

/** The fields as they are stored: a rule in its one canonical form (see canonicalRecurrence). */
export function normalizeFields(fields: EventFields): EventFields {
  // translations in the languages' order, each with its description said: one spelling of one set,
  // so an edit that sends the same texts in another order changes nothing
  const translations = Object.fromEntries(
    LANGUAGES.flatMap((language) => {
      const text = fields.translations[language];
      return text ? [[language, { title: text.title, description: text.description || null }]] : [];
    }),
  );
  const recurrence = fields.recurrence === null ? null : canonicalRecurrence(fields.recurrence);
  return { ...fields, recurrence, translations };
}

/**
 * Checks what JSON Schema cannot: that ids refer to real offices and groups, that times exist in
 * the event's zone, that a recurrence is bounded. Returns the derived times (for a series, its
 * dates span every occurrence), or the first problem found.
 */
export function checkEventFields(fields: EventFields, known: KnownIds, overrides: OccurrenceOverride[] = []): EventTimes | TimeProblem {
  if (!known.officesById.has(fields.office)) {
    return fieldProblem('office', 'unknownOffice', { value: fields.office });
  }
  const unknownGroup = fields.groups.find((g) => !known.groupsById.has(g));
  if (unknownGroup !== undefined) {
    return fieldProblem('groups', 'unknownGroup', { value: unknownGroup });
  }
  const texts: [string, string | null, boolean][] = [
    ['title', fields.title, false],
    ['description', fields.description, true],
    ...VENUE_TEXT_PARTS.map((part) => [`venue.${part}`, fields.venue[part] as string | null, false] as [string, string | null, boolean]),
    ...fields.partners.map((p, i) => [`partners.${i}`, p, false] as [string, string, boolean]),
    ...Object.entries(fields.translations).flatMap(([language, text]) => [
      [`translations.${language}.title`, text.title, false] as [string, string, boolean],
      [`translations.${language}.description`, text.description ?? null, true] as [string, string | null, boolean],
    ]),
  ];
  for (const [field, value, multiline] of texts) {
    const problem = value === null ? undefined : textProblem(value, { multiline });
    if (problem) return at(field, problem);
  }
  const ownLanguage = translationProblem(fields);
  if (ownLanguage) return ownLanguage;
  for (const [i, address] of fields.notify.entries()) {
    const problem = notifyProblem(address, known.notifyDomains);
    if (problem) return at(`notify.${i}`, problem);
  }
  for (const [i, offset] of (fields.reminders ?? []).entries()) {
    const problem = reminderOffsetProblem(offset);
    if (problem) return at(`reminders.${i}`, problem);
  }
  const times = deriveEventTimes(fields.start, fields.end, fields.timeZone);
  if (isTimeProblem(times)) return times;
  const offsets = (fields.reminders ?? DEFAULT_REMINDERS[fields.kind]).length;
  // the office's contacts, TSB's focal point and the extra addresses
  const recipients = known.officesById.get(fields.office)!.emails.length + 1 + fields.notify.length;
  // a single event plans at most 10 × 23 reminders: only a series can plan too many
  if (fields.recurrence === null) return times;
  const ruleProblem = recurrenceProblem(fields.recurrence);
  if (ruleProblem) return at('recurrence', ruleProblem);
  let occurrences;
  try {
    occurrences = expandSeries({ ...fields, allDay: times.allDay, recurrence: fields.recurrence }, overrides, MAX_OCCURRENCES + 1);
  } catch (error) {
    return fieldProblem('recurrence', 'ruleNotExpanded', { detail: (error as Error).message });
  }
  if (occurrences.length === 0) return fieldProblem('recurrence', 'ruleMatchesNothing');
  // the service would stop at the limit, a client reading UNTIL would not
  if (occurrences.length > MAX_OCCURRENCES) return fieldProblem('recurrence', 'ruleTooLong', { max: MAX_OCCURRENCES });
  // fewer than COUNT: the expansion reached the last year, or the rule runs out of dates; either
  // way a client reading COUNT would expand it otherwise than the service
  const count = /(?:^|;)COUNT=(\d+)/.exec(fields.recurrence)?.[1];
  if (count !== undefined && occurrences.length < Number(count)) {
    return fieldProblem('recurrence', 'ruleCountShort', { found: occurrences.length, count: Number(count), last: LAST_YEAR });
  }
  const outside = occurrences.find((o) => !withinRange(o.start) || !withinRange(o.end));
  if (outside) return fieldProblem('recurrence', 'ruleOutsideYears', { start: outside.start, first: FIRST_YEAR, last: LAST_YEAR });
  const dates = occurrences
    .flatMap((o) => {
      const days = localDays(o, times.allDay);
      return [days.first, days.last];
    })
    .sort();
  const volume = reminderVolumeProblem(occurrences.filter((o) => o.status !== 'cancelled').length, offsets, recipients);
  if (volume) return at('reminders', volume);
  return { ...times, startDate: dates[0]!, endDate: dates[dates.length - 1]! };
}

export { isTimeProblem };
