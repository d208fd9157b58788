import type { CalendarEvent, EventFilter } from '../domain/event.js';
import { occurrencesOf, occursBetween, type Occurrence } from '../domain/recurrence.js';
import { touchesDays } from '../domain/time.js';
import type { EventStore, Page } from '../store/events.js';

/**
 * Upcoming and past, the one split of the pages: an event (a series: any of its occurrences)
 * that touches today or a later local day is upcoming, the store's `from: today`; every other
 * event is past. A series whose last occurrence is over is past; one with an occurrence ahead is
 * upcoming, however many of its occurrences are over.
 */
export function isUpcoming(event: CalendarEvent, today: string): boolean {
  return occursBetween(event, today, undefined);
}

/** A past event, with the occurrence it is shown by: for a series its last one in the range (none for a single event). */
export interface PastEvent {
  event: CalendarEvent;
  occurrence: Occurrence | undefined;
}

/** The last occurrence of a series touching [from, to], preferring one that was held to a skipped one. */
function lastOccurrence(event: CalendarEvent, from: string | undefined, to: string): Occurrence | undefined {
  if (event.recurrence === null) return undefined;
  const within = occurrencesOf(event).filter((o) => touchesDays(o, event.allDay, from, to));
  return within.findLast((o) => o.status !== 'cancelled') ?? within.at(-1);
}

/**
 * The matching events that are over by `today`, most recent first (by the start of the
 * occurrence shown), a page of them. The filter's dates narrow the past as they narrow a list.
 */
export function pastEvents(store: EventStore, filter: EventFilter, today: string, limit: number, offset: number): Page<PastEvent> {
  const to = filter.to && filter.to < today ? filter.to : today;
  const over = filter.from && filter.from > to ? [] : store.all({ ...filter, to }).filter((e) => !isUpcoming(e, today));
  const shown = over.map((event): PastEvent & { at: string } => {
    const occurrence = lastOccurrence(event, filter.from, to);
    return { event, occurrence, at: (occurrence ?? event).startsAt };
  });
  shown.sort((a, b) => (a.at === b.at ? (a.event.id < b.event.id ? 1 : -1) : a.at < b.at ? 1 : -1));
  return {
    items: shown.slice(offset, offset + limit).map(({ event, occurrence }) => ({ event, occurrence })),
    total: shown.length,
    limit,
    offset,
  };
}
