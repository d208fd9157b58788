import type { CalendarEvent } from '../domain/event.js';
import { occurrencesOf, type Occurrence } from '../domain/recurrence.js';
import { touchesDays } from '../domain/time.js';
import type { Reference } from '../store/reference.js';
import type { EventSummary } from './components.js';
import type { PastEvent } from '../services/timeline.js';

/** The occurrence of a series to show from a date on: the first not over by then. */
export function occurrenceFrom(event: CalendarEvent, from: string): Occurrence | undefined {
  if (event.recurrence === null) return undefined;
  return occurrencesOf(event).find((o) => touchesDays(o, event.allDay, from, undefined));
}

export function summaryOf(event: CalendarEvent, reference: Reference, from: string): EventSummary {
  return { event, officeName: reference.officeName(event.office), regionName: reference.regionName(event.region), occurrence: occurrenceFrom(event, from) };
}

/** A past event as a list shows it: a series by its last occurrence. */
export function pastSummaryOf({ event, occurrence }: PastEvent, reference: Reference): EventSummary {
  return { event, officeName: reference.officeName(event.office), regionName: reference.regionName(event.region), occurrence, last: occurrence !== undefined };
}
