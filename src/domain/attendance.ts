import { mayManage } from './access.js';
import type { CalendarEvent } from './event.js';
import type { AttendanceInput } from './shapes.js';

/** Events that took place and still have no figures: confirmed, single, over, not a call. */
export function missingCounts(events: CalendarEvent[], now: Date): CalendarEvent[] {
  return events
    .filter((e) => e.status === 'confirmed' && e.recurrence === null && e.kind !== 'coordination-call' && e.attendance === null && Date.parse(e.endsAt) <= now.getTime())
    .sort((a, b) => a.endsAt.localeCompare(b.endsAt) || a.id.localeCompare(b.id));
}

/**
 * Why this office may not register figures for the event now (403: not its event; 409: not
 * an event to count yet), or undefined when it may. The API, the form and the link to it ask here.
 */
export function figuresRefusal(event: CalendarEvent, office: string, now: Date): { status: 403 | 409; message: string } | undefined {
  if (!mayManage(office, event.office)) return { status: 403, message: `This event is organized by ${event.office}; a ${office} token cannot register its figures` };
  if (event.status === 'cancelled') return { status: 409, message: 'This event was cancelled: there is nothing to count' };
  if (Date.parse(event.startsAt) > now.getTime()) {
    return { status: 409, message: `Participant figures can be registered once the event has started (${event.startsAt}); it is still ahead` };
  }
  return undefined;
}

/** The consistency rules JSON Schema cannot state. */
export function attendanceProblem(body: AttendanceInput): { field: string; message: string } | undefined {
  const parts = (body.inPerson ?? 0) + (body.remote ?? 0);
  if (parts > body.participants) return { field: body.remote != null ? 'remote' : 'inPerson', message: `inPerson + remote (${parts}) is more than the ${body.participants} participants` };
  if (body.women != null && body.women > body.participants) return { field: 'women', message: `${body.women} women is more than the ${body.participants} participants` };
  if (body.countries > body.participants) return { field: 'countries', message: `${body.countries} countries cannot come from ${body.participants} participants` };
  return undefined;
}
