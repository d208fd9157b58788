export type { AttendanceFigures, CalendarEvent, EventFields, OccurrenceOverride, Venue } from './shapes.js';
import type { CalendarEvent, EventCreate, EventFields, FieldChange, OccurrenceOverride, Venue } from './shapes.js';
import { fieldProblem, type FieldProblem, type Problem } from './problems.js';
import type { Language } from './vocabulary.js';

/**
 * Every part of a venue: whether it says where the event is (the place line, in this order:
 * "AICC, Arusha, Tanzania") and whether a person types it as one line of text (the text rules
 * check it). A record of every part, so the compiler asks where a part added to the venue goes.
 */
export const VENUE_PARTS: Record<keyof Venue, { place: boolean; text: boolean }> = {
  name: { place: true, text: true },
  city: { place: true, text: true },
  country: { place: true, text: true },
  virtual: { place: false, text: false },
  url: { place: false, text: false },
};

const venueKeys = Object.keys(VENUE_PARTS) as (keyof Venue)[];

/** The venue's parts a person types as text. */
export const VENUE_TEXT_PARTS = venueKeys.filter((k) => VENUE_PARTS[k].text);

/** The venue's place as one line, "AICC, Arusha, Tanzania"; null when no part of it is known. */
export function venuePlace(venue: Venue): string | null {
  const parts = venueKeys.filter((k) => VENUE_PARTS[k].place).map((k) => venue[k]);
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join(', ') || null;
}

/**
 * Whether a venue is online when the writer did not say: what people write says it. A city (or
 * a place's name) alone is in person, a link alone is online, both are hybrid.
 */
export function virtualOf(venue: Partial<Venue>): boolean {
  return venue.virtual ?? !!venue.url;
}

/** An empty venue says nothing: refused, with what to give (leaving the venue out is "to be confirmed"). */
export function venueProblem(venue: Partial<Venue>): Problem | undefined {
  const said = [venue.name, venue.city, venue.country, venue.url].some((v) => v != null) || venue.virtual !== undefined;
  return said ? undefined : fieldProblem('venue', 'venueEmpty');
}

/** What a new event may leave out, and what it then gets. */
export type NewEvent = Omit<EventCreate, 'status' | 'venue'> & { status?: EventFields['status']; venue?: Partial<EventFields['venue']> };

/** What a writer gives of an event, without what the service keeps about it. */
export function fieldsOf(event: CalendarEvent): EventFields {
  const {
    title,
    kind,
    status,
    visibility,
    office,
    region,
    groups,
    partners,
    venue,
    timeZone,
    start,
    end,
    description,
    language,
    translations,
    url,
    recurrence,
    reminders,
    notify,
  } = event;
  return {
    title,
    kind,
    status,
    visibility,
    office,
    region,
    groups,
    partners,
    venue,
    timeZone,
    start,
    end,
    description,
    language,
    translations,
    url,
    recurrence,
    reminders,
    notify,
  };
}

export function withDefaults(input: NewEvent): EventFields {
  return {
    title: input.title,
    kind: input.kind,
    status: input.status ?? 'confirmed',
    visibility: input.visibility ?? 'public',
    office: input.office,
    region: input.region,
    groups: input.groups ?? [],
    partners: input.partners ?? [],
    venue: {
      name: input.venue?.name ?? null,
      city: input.venue?.city ?? null,
      country: input.venue?.country ?? null,
      virtual: input.venue ? virtualOf(input.venue) : false,
      url: input.venue?.url ?? null,
    },
    timeZone: input.timeZone,
    start: input.start,
    end: input.end,
    description: input.description ?? null,
    language: input.language ?? 'en',
    translations: input.translations ?? {},
    url: input.url ?? null,
    recurrence: input.recurrence ?? null,
    reminders: input.reminders ?? null,
    notify: input.notify ?? [],
  };
}

export interface EventFilter {
  regions?: string[];
  groups?: string[];
  offices?: string[];
  kinds?: string[];
  statuses?: string[];
  /** overlap with local dates, inclusive */
  from?: string;
  to?: string;
  q?: string;
  /** who reads: 'public' sees public events only, 'staff' (the default) everything */
  audience?: Audience;
}

/** Who reads: anyone, or ITU staff (an office token or a signed-in session). */
export type Audience = 'public' | 'staff';

/** Whether the reader may see the event at all. */
export const visibleTo = (event: Pick<CalendarEvent, 'visibility'>, audience: Audience): boolean =>
  audience === 'staff' || event.visibility === 'public';

/** How long a public feed keeps carrying a withdrawn event as CANCELLED (calendar apps poll every few hours to a day). */
export const WITHDRAWN_DAYS = 30;

/**
 * What the public feeds keep of an event made internal, taken at that moment from the event as
 * the public last saw it and never changed after: what places its cancellation in a subscribed
 * calendar (UID, sequence, times, series and exceptions) and what decides which feeds carry it.
 * No text: the public learns nothing more of it, and nothing of what is done to it afterwards.
 */
export interface WithdrawnSnapshot {
  id: string;
  sequence: number;
  createdAt: string;
  kind: CalendarEvent['kind'];
  office: string;
  region: CalendarEvent['region'];
  groups: string[];
  timeZone: string;
  allDay: boolean;
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
  recurrence: string | null;
  overrides: OccurrenceOverride[];
}

/** The snapshot of a public event about to be withdrawn, with the sequence its withdrawal gives it. */
export function snapshotOf(event: CalendarEvent, sequence: number): WithdrawnSnapshot {
  const { id, createdAt, kind, office, region, groups, timeZone, allDay, start, end, startsAt, endsAt, recurrence, overrides } = event;
  return {
    id,
    sequence,
    createdAt,
    kind,
    office,
    region,
    groups: [...groups],
    timeZone,
    allDay,
    start,
    end,
    startsAt,
    endsAt,
    recurrence,
    overrides: overrides.map((o) => ({ ...o })),
  };
}

/**
 * The bare cancellation the public feeds carry for a withdrawn event, built from its snapshot
 * alone: stamped with the withdrawal, titled "Cancelled", without details.
 */
export function cancellationOf(snapshot: WithdrawnSnapshot, withdrawnAt: string): CalendarEvent {
  return {
    ...snapshot,
    title: 'Cancelled',
    status: 'cancelled',
    visibility: 'internal',
    withdrawnAt,
    partners: [],
    venue: { name: null, city: null, country: null, virtual: false, url: null },
    description: null,
    language: 'en',
    translations: {},
    url: null,
    reminders: null,
    notify: [],
    updatedAt: withdrawnAt,
    attendance: null,
    cancelReason: null,
  };
}

/** An event's title and description as one language shows them, and the language each is in. */
export interface ShownText {
  title: string;
  titleLanguage: Language;
  description: string | null;
  descriptionLanguage: Language;
}

/**
 * What a reader of `language` is shown: the event's translation into it where there is one, the
 * original otherwise; a translation without a description shows the original's description.
 * Each text says its language, so a page marks what is not in its own (`lang`).
 */
export function shownText(event: Pick<EventFields, 'title' | 'description' | 'language' | 'translations'>, language: string): ShownText {
  const translation = language === event.language ? undefined : event.translations[language as Language];
  const title = translation
    ? { title: translation.title, titleLanguage: language as Language }
    : { title: event.title, titleLanguage: event.language };
  const description =
    translation?.description != null
      ? { description: translation.description, descriptionLanguage: language as Language }
      : { description: event.description, descriptionLanguage: event.language };
  return { ...title, ...description };
}

/**
 * The event as a reader of `language` sees it: its title and description in that language where
 * translated, `language` the title's. What lists, feeds and reports render; the event page and
 * mails use shownText to mark a description in another language too.
 */
export function inLanguage<E extends CalendarEvent>(event: E, language: string): E {
  if (language === event.language || !event.translations[language as Language]) return event;
  const shown = shownText(event, language);
  return { ...event, title: shown.title, description: shown.description, language: shown.titleLanguage };
}

/** A translation into the event's own language: refused, as the title and description are that text. */
export function translationProblem(fields: Pick<EventFields, 'language' | 'translations'>): FieldProblem | undefined {
  return fields.translations[fields.language]
    ? fieldProblem(`translations.${fields.language}`, 'translationInOwnLanguage', { language: fields.language })
    : undefined;
}

/** Fields a calendar shows: changing any of them must raise SEQUENCE so clients take the update. */
export const CALENDAR_FIELDS = [
  'title',
  'kind',
  'status',
  'visibility',
  'office',
  'region',
  'groups',
  'partners',
  'venue',
  'timeZone',
  'start',
  'end',
  'description',
  'language',
  'translations',
  'url',
  'recurrence',
] as const satisfies readonly (keyof EventFields)[];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The calendar-visible fields that a change actually alters. */
export function changedFields(before: EventFields, after: EventFields): (keyof EventFields)[] {
  return CALENDAR_FIELDS.filter((field) => !same(before[field], after[field]));
}

/** Whether anything at all changed, calendar-visible or not (reminder settings). */
export function anyChange(before: EventFields, after: EventFields): boolean {
  return !same(before, after);
}

const flatten = (fields: EventFields | null): Record<string, unknown> => {
  if (!fields) return {};
  const { venue, translations, ...rest } = fields;
  return {
    ...rest,
    ...Object.fromEntries(Object.entries(venue).map(([k, v]) => [`venue.${k}`, v])),
    // each language's texts by themselves: 'translations.fr.title'
    ...Object.fromEntries(
      Object.entries(translations).flatMap(([language, text]) => [
        [`translations.${language}.title`, text.title],
        [`translations.${language}.description`, text.description ?? null],
      ]),
    ),
  };
};

/**
 * Every field a change alters, from what to what, for the audit log: the venue and translations
 * by their parts ('venue.city', 'translations.fr.title'), a new event's fields from null, a
 * translation taken away to null.
 */
export function fieldChanges(before: EventFields | null, after: EventFields): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...Object.keys(b), ...(before ? Object.keys(a) : [])])];
  return fields
    .filter((field) => !same(a[field] ?? null, b[field] ?? null))
    .map((field) => ({ field, from: a[field] ?? null, to: b[field] ?? null }));
}
