import { inLanguage, type CalendarEvent } from '../domain/event.js';
import { occurrencesInPeriod, occurrencesOf, type Occurrence } from '../domain/recurrence.js';
import type { Translator } from '../i18n/index.js';
import { describeRule } from '../i18n/rule-words.js';
import { regionName } from '../i18n/words.js';
import { touchesDays } from '../domain/time.js';
import type { ReferenceData } from '../domain/reference.js';
import type { EventSummary } from './components.js';
import type { PastEvent } from '../services/timeline.js';

/** What a list shows: the days it covers, and today, before which an occurrence is past. */
export interface ListView {
  /** the first day of the list (its "from" filter, or today) */
  from: string;
  /** its "to" filter, if any */
  to?: string | undefined;
  /** today; when not given, the list's first day */
  today?: string | undefined;
  /** whether the reader chose the dates (from or to): a series then says how many of its occurrences fall in them */
  counted?: boolean | undefined;
}

/**
 * The occurrence of a series a list shows: the next one held in the list's days (from today, or
 * from the list's first day when that is later); in a past view, when none is left, the last one
 * held in them. Skipped occurrences are passed over, moved ones are where they were moved to; when
 * every occurrence in the days is skipped, the first of them is shown, as skipped.
 */
export function occurrenceFrom(event: CalendarEvent, view: string | ListView): Occurrence | undefined {
  if (event.recurrence === null) return undefined;
  const { from, to, today } = typeof view === 'string' ? { from: view, to: undefined, today: undefined } : view;
  const { held } = occurrencesInPeriod(event, from, to);
  const now = today && today > from ? today : from;
  const next = held.find((o) => touchesDays(o, event.allDay, now, undefined));
  return next ?? held.at(-1) ?? occurrencesOf(event).find((o) => touchesDays(o, event.allDay, from, to));
}

/** An event as a list shows it; a series by its rule in words and its next (or last) occurrence, not its first date. */
export function summaryOf(t: Translator, original: CalendarEvent, reference: ReferenceData, view: string | ListView): EventSummary {
  // its title in the reader's language where it has one
  const event = inLanguage(original, t.locale);
  const summary: EventSummary = {
    event,
    officeName: reference.officeName(event.office, t.locale),
    regionName: regionName(t, event.region),
    occurrence: occurrenceFrom(event, view),
  };
  if (event.recurrence === null) return summary;
  const { from, to, today } = typeof view === 'string' ? { from: view, to: undefined, today: undefined } : view;
  summary.repeats = describeRule(t, event.recurrence, event.start, event.timeZone, event.allDay);
  const shown = summary.occurrence;
  if (shown && shown.status !== 'cancelled') {
    const now = today && today > from ? today : from;
    summary.shown = touchesDays(shown, event.allDay, now, undefined) ? 'next' : 'last';
  }
  if (typeof view !== 'string' && view.counted) {
    const found = occurrencesInPeriod(event, from, to);
    summary.inPeriod = { count: found.held.length, first: found.first, last: found.last, skipped: found.skipped };
  }
  return summary;
}

/** A past event as a list shows it: a series by its rule in words and its last occurrence. */
export function pastSummaryOf(t: Translator, { event: original, occurrence }: PastEvent, reference: ReferenceData): EventSummary {
  const event = inLanguage(original, t.locale);
  const summary: EventSummary = {
    event,
    officeName: reference.officeName(event.office, t.locale),
    regionName: regionName(t, event.region),
    occurrence,
  };
  if (event.recurrence === null) return summary;
  return { ...summary, repeats: describeRule(t, event.recurrence, event.start, event.timeZone, event.allDay), shown: 'last' };
}
