import type { EventFields } from './event.js';
import { deriveEventTimes, isTimeProblem, type EventTimes, type TimeProblem } from './time.js';

export interface KnownIds {
  officesById: ReadonlyMap<string, unknown>;
  groupsById: ReadonlyMap<string, unknown>;
}

/**
 * Checks what JSON Schema cannot: that ids refer to real offices and groups, and that the
 * times exist in the event's zone. Returns the derived times, or the first problem found.
 */
export function checkEventFields(fields: EventFields, known: KnownIds): EventTimes | TimeProblem {
  if (!known.officesById.has(fields.office)) {
    return { field: 'office', message: `'${fields.office}' is not a known office (see GET /api/offices)` };
  }
  const unknownGroup = fields.groups.find((g) => !known.groupsById.has(g));
  if (unknownGroup !== undefined) {
    return { field: 'groups', message: `'${unknownGroup}' is not a known group (see GET /api/groups)` };
  }
  if (!fields.venue.virtual && fields.venue.url && !fields.venue.city) {
    return { field: 'venue.city', message: 'a venue that is not virtual needs a city (or set venue.virtual)' };
  }
  return deriveEventTimes(fields.start, fields.end, fields.timeZone);
}

export { isTimeProblem };
