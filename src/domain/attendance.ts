import type { CalendarEvent } from './event.js';

/** Events that took place and still have no figures: confirmed, single, over, not a call. */
export function missingCounts(events: CalendarEvent[], now: Date): CalendarEvent[] {
  return events
    .filter((e) => e.status === 'confirmed' && e.recurrence === null && e.kind !== 'coordination-call' && e.attendance === null && Date.parse(e.endsAt) <= now.getTime())
    .sort((a, b) => a.endsAt.localeCompare(b.endsAt) || a.id.localeCompare(b.id));
}
