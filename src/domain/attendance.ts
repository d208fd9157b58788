import { mayManage } from './access.js';
import type { CalendarEvent } from './event.js';
import type { AttendanceInput } from './shapes.js';
import { fieldProblem, problem, type FieldProblem, type Problem } from './problems.js';

/** Events that took place and still have no figures: confirmed, single, over, not a call. */
export function missingCounts(events: CalendarEvent[], now: Date): CalendarEvent[] {
  return events
    .filter(
      (e) =>
        e.status === 'confirmed' &&
        e.recurrence === null &&
        e.kind !== 'coordination-call' &&
        e.attendance === null &&
        Date.parse(e.endsAt) <= now.getTime(),
    )
    .sort((a, b) => a.endsAt.localeCompare(b.endsAt) || a.id.localeCompare(b.id));
}

/**
 * Why this office may not register figures for the event now (403: not its event; 409: not
 * an event to count yet), or undefined when it may. The API, the form and the link to it ask here.
 */
export function figuresRefusal(event: CalendarEvent, office: string, now: Date): { status: 403 | 409; problem: Problem } | undefined {
  if (!mayManage(office, event.office)) return { status: 403, problem: problem('figuresNotYours', { organizer: event.office, office }) };
  if (event.status === 'cancelled') return { status: 409, problem: problem('figuresCancelled') };
  if (Date.parse(event.startsAt) > now.getTime()) return { status: 409, problem: problem('figuresTooEarly', { start: event.startsAt }) };
  return undefined;
}

/** The consistency rules JSON Schema cannot state. */
export function attendanceProblem(body: AttendanceInput): FieldProblem | undefined {
  const parts = (body.inPerson ?? 0) + (body.remote ?? 0);
  if (parts > body.participants)
    return fieldProblem(body.remote != null ? 'remote' : 'inPerson', 'figuresSplit', { parts, participants: body.participants });
  if (body.women != null && body.women > body.participants)
    return fieldProblem('women', 'figuresWomen', { women: body.women, participants: body.participants });
  if (body.countries > body.participants)
    return fieldProblem('countries', 'figuresCountries', { countries: body.countries, participants: body.participants });
  return undefined;
}
