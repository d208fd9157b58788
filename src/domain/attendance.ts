import { mayManage } from './access.js';
import { isCountryCode } from './countries.js';
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

/** The figures a registration stores: the countries as a sorted list of codes, or their number alone. */
export interface RecordedFigures {
  participants: number;
  countries: number | null;
  countryCodes: string[] | null;
  inPerson: number | null;
  remote: number | null;
  women: number | null;
  notes: string | null;
}

/**
 * The figures to store, or the first rule they break that JSON Schema cannot state: the countries
 * given (as a list of ISO 3166-1 codes, or their number alone for older clients), each code known,
 * a number beside the list equal to its length, the parts and the countries within the total.
 * Codes are read in capitals, sorted, each once.
 */
export function recordedFigures(body: AttendanceInput): RecordedFigures | FieldProblem {
  let codes: string[] | null = null;
  if (body.countryCodes !== undefined) {
    const unknown = body.countryCodes.find((code) => !isCountryCode(code.toUpperCase()));
    if (unknown !== undefined) return fieldProblem('countryCodes', 'unknownCountry', { value: unknown });
    codes = [...new Set(body.countryCodes.map((code) => code.toUpperCase()))].sort();
    if (body.countries !== undefined && body.countries !== codes.length)
      return fieldProblem('countries', 'figuresCountriesListed', { countries: body.countries, listed: codes.length });
  } else if (body.countries === undefined) return fieldProblem('countryCodes', 'required');
  const countries = codes ? codes.length : body.countries!;
  const parts = (body.inPerson ?? 0) + (body.remote ?? 0);
  if (parts > body.participants)
    return fieldProblem(body.remote != null ? 'remote' : 'inPerson', 'figuresSplit', { parts, participants: body.participants });
  if (body.women != null && body.women > body.participants)
    return fieldProblem('women', 'figuresWomen', { women: body.women, participants: body.participants });
  if (countries > body.participants)
    return fieldProblem(codes ? 'countryCodes' : 'countries', 'figuresCountries', { countries, participants: body.participants });
  return {
    participants: body.participants,
    countries,
    countryCodes: codes,
    inPerson: body.inPerson ?? null,
    remote: body.remote ?? null,
    women: body.women ?? null,
    notes: body.notes ?? null,
  };
}

export const isFieldProblem = (value: RecordedFigures | FieldProblem): value is FieldProblem => 'code' in value;
