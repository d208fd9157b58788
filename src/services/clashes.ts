import {
  candidateGroups,
  clashWindow,
  findClashes,
  MAX_WARNINGS,
  occurrenceDays,
  type Clash,
  type ClashSubject,
} from '../domain/clashes.js';
import { countryCodeOf } from '../domain/countries.js';
import { venueProblem, visibleTo, withDefaults, type Audience, type CalendarEvent, type EventFields } from '../domain/event.js';
import { checkEventFields, isTimeProblem, normalizeFields } from '../domain/event-rules.js';
import type { HolidayCalendar } from '../domain/holidays.js';
import { at, fieldProblem } from '../domain/problems.js';
import type { ReferenceData } from '../domain/reference.js';
import { ClashQuery, EventCreate, type OccurrenceOverride } from '../domain/shapes.js';
import { LANGUAGES } from '../domain/vocabulary.js';
import { badRequest, refusal } from '../http-problem.js';
import type { EventStore } from '../store/events.js';
import { checked } from './validate.js';

export interface ClashServiceDeps {
  events: EventStore;
  reference: ReferenceData;
  holidays: HolidayCalendar;
}

/** What an event collides with: at most MAX_WARNINGS collisions, and how many more there are. */
export interface ClashReport {
  clashes: Clash[];
  more: number;
}

export interface ClashOptions {
  /** who reads: the public is told nothing of internal events (not even that one is there) */
  audience: Audience;
  /** the language of the holidays' names ('en' where the reader's is not one of the six) */
  language: string;
}

/** What the rules need of an event or a draft. */
type Draft = Pick<
  EventFields,
  'kind' | 'status' | 'office' | 'region' | 'groups' | 'venue' | 'timeZone' | 'start' | 'end' | 'recurrence'
> & {
  allDay: boolean;
  overrides: OccurrenceOverride[];
};

const NONE: ClashReport = { clashes: [], more: 0 };

/**
 * Collisions, before and after a save: with other events of the same region, office or group
 * nearby, the study group's own meetings and TSAG's, and the host country's public holidays
 * (src/domain/clashes.ts). Warnings only: nothing here refuses a save, and nothing writes.
 */
export class ClashService {
  constructor(private readonly deps: ClashServiceDeps) {}

  /** What a saved event collides with, itself left out; a cancelled event collides with nothing. */
  ofEvent(event: CalendarEvent, options: ClashOptions): ClashReport {
    return this.check(event, event.id, options);
  }

  /**
   * A draft given as the API's create body (what the office form sends), checked as a create
   * would check it (a 400 naming the field); `except` is the event it would change.
   */
  ofInput(input: unknown, options: ClashOptions & { except?: CalendarEvent | undefined }): ClashReport {
    const body = checked(EventCreate, input);
    const venue = body.venue && venueProblem(body.venue);
    if (venue) throw refusal(400, venue);
    const fields = normalizeFields(withDefaults(body));
    const except = options.except;
    // a change of the rule, zone or start drops the exceptions, as the change would
    const overrides =
      except && except.recurrence === fields.recurrence && except.timeZone === fields.timeZone && except.start === fields.start
        ? except.overrides
        : [];
    const times = checkEventFields(fields, this.deps.reference, overrides);
    if (isTimeProblem(times)) throw refusal(400, times);
    if (except?.status === 'cancelled') return NONE;
    return this.check({ ...fields, allDay: times.allDay, overrides }, except?.id, options);
  }

  /** The draft of GET /api/clashes: checked as an event's fields are, each problem named by the query's field. */
  ofQuery(input: unknown, options: ClashOptions): ClashReport {
    const query = checked(ClashQuery, input);
    const office = this.deps.reference.officesById.get(query.office);
    if (!office) throw badRequest('office', 'unknownOffice', { value: query.office });
    const country = query.country === undefined ? null : query.country.trim();
    if (country !== null && !countryCodeOf(country)) throw badRequest('country', 'unknownCountry', { value: country });
    const fields: EventFields = {
      ...withDefaults({
        title: 'draft',
        kind: query.kind ?? 'other',
        office: office.id,
        region: query.region ?? office.region,
        groups: query.groups === undefined ? [] : [...new Set(query.groups.split(','))].sort(),
        timeZone: query.timeZone ?? office.timeZone,
        start: query.start,
        end: query.end,
        recurrence: query.recurrence ?? null,
      }),
      venue: { name: null, city: null, country, virtual: query.virtual ?? false, url: null },
    };
    const normalized = normalizeFields(fields);
    const times = checkEventFields(normalized, this.deps.reference);
    if (isTimeProblem(times)) {
      // the query names the venue's parts without 'venue.'
      throw refusal(400, times.field?.startsWith('venue.') ? at(times.field.slice(6), times) : times);
    }
    if (query.except !== undefined) {
      const except = this.deps.events.get(query.except);
      if (!except || !visibleTo(except, options.audience)) throw refusal(400, fieldProblem('except', 'noEvent', { id: query.except }));
    }
    return this.check({ ...normalized, allDay: times.allDay, overrides: [] }, query.except, options);
  }

  private check(draft: Draft, except: string | undefined, options: ClashOptions): ClashReport {
    if (draft.status === 'cancelled') return NONE;
    const { reference } = this.deps;
    const subject: ClashSubject = {
      kind: draft.kind,
      office: draft.office,
      region: draft.region,
      groups: draft.groups,
      days: occurrenceDays(draft),
    };
    const window = clashWindow(subject.days);
    if (!window) return NONE;
    const candidates = this.deps.events.clashCandidates({
      ...window,
      region: draft.region,
      office: draft.office,
      groups: candidateGroups(subject, reference.groupsById),
      except,
      audience: options.audience,
    });
    const country = hostCountry(draft, reference);
    const language = (LANGUAGES as readonly string[]).includes(options.language) ? options.language : 'en';
    const firsts = subject.days.map((d) => d.first).sort();
    const lasts = subject.days.map((d) => d.last).sort();
    const holidays = country ? this.deps.holidays.between(country, firsts[0]!, lasts[lasts.length - 1]!, language) : [];
    const clashes = findClashes(subject, candidates, holidays, reference.groupsById);
    return { clashes: clashes.slice(0, MAX_WARNINGS), more: Math.max(0, clashes.length - MAX_WARNINGS) };
  }
}

/**
 * The country whose public holidays an event lands on: its venue's; for an online-only event
 * (online, with no place), its organizing office's. A venue to be confirmed, or one whose country
 * is not known, has none.
 */
export function hostCountry(event: Pick<EventFields, 'venue' | 'office'>, reference: Pick<ReferenceData, 'officesById'>): string | null {
  const { venue } = event;
  if (venue.country) return countryCodeOf(venue.country) ?? null;
  const onlineOnly = venue.virtual && !venue.name && !venue.city;
  return onlineOnly ? (reference.officesById.get(event.office)?.countryCode ?? null) : null;
}
