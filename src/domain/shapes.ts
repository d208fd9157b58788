import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { REFERENCE_ID, REFERENCE_ID_MAX } from './reference.js';
import { AUDIT_ACTIONS, CLASH_KINDS, EVENT_KINDS, EVENT_STATUSES, GROUP_KINDS, LANGUAGES, REGIONS, VISIBILITIES } from './vocabulary.js';

/*
 * The one definition of every shape a client sends or receives: the API validates against these
 * schemas and documents them, the services check what the pages and the command line pass with
 * the same schemas, and the TypeScript types of the domain are their `Static<>`.
 */

/** A string from a fixed list, as a plain JSON Schema enum (clearer errors than anyOf). */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** The schema or null, as a JSON Schema type array (OpenAPI 3.1). */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });
}

export const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'lower-case id, e.g. ro-africa' });

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const HttpUrl = Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$', description: 'http(s) URL' });
const LocalTime = Type.String({
  maxLength: 19,
  description: "ISO date '2023-09-13' (all-day, last day inclusive) or local date-time '2023-09-20T09:00' read in timeZone",
  examples: ['2023-09-13', '2023-09-20T09:00'],
});

// ---------------------------------------------------------------- venue

const venueFields = {
  name: Nullable(Text(200)),
  city: Nullable(Text(100)),
  country: Nullable(Text(100)),
  virtual: Type.Boolean(),
  url: Nullable(HttpUrl),
};
export const Venue = Type.Object(venueFields);
export type Venue = Static<typeof Venue>;

/** A new event's venue: any of its fields; `virtual` follows from them when left out. */
const VenueIn = Type.Object(
  {
    name: Type.Optional(venueFields.name),
    city: Type.Optional(venueFields.city),
    country: Type.Optional(venueFields.country),
    virtual: Type.Optional(
      Type.Boolean({
        description:
          'optional: a venue with a city (or a name) is in person, one with only a url online, both hybrid; give it to say otherwise',
      }),
    ),
    url: Type.Optional(venueFields.url),
  },
  { additionalProperties: false, description: 'where it takes place; leave it out while it is to be confirmed, an empty venue is refused' },
);
const VenuePatch = Type.Partial(Type.Object(venueFields), { additionalProperties: false, minProperties: 1 });

// ---------------------------------------------------------------- event

const Title = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' });
const Description = Nullable(Type.String({ maxLength: 5000 }));

/** An event's title and description in one more language; no description there shows the original's. */
export const EventText = Type.Object({ title: Title, description: Type.Optional(Description) }, { additionalProperties: false });
export type EventText = Static<typeof EventText>;

const EventTranslations = Type.Partial(
  Type.Object({ ar: EventText, en: EventText, es: EventText, fr: EventText, ru: EventText, zh: EventText } satisfies Record<
    (typeof LANGUAGES)[number],
    typeof EventText
  >),
  {
    additionalProperties: false,
    description:
      'the title and description in other official languages, e.g. {fr: {title, description}}: pages, feeds and mails in a language show its text, the original otherwise; a change replaces the whole set',
  },
);

const editable = {
  title: Title,
  kind: StringEnum(EVENT_KINDS),
  status: StringEnum(EVENT_STATUSES),
  visibility: StringEnum(VISIBILITIES, {
    description:
      "'public' (the default): in every feed, page and list; 'internal': for ITU staff only (office tokens, signed-in pages, private feeds)",
  }),
  office: Id,
  region: StringEnum(REGIONS),
  groups: Type.Array(Id, { maxItems: 30, uniqueItems: true }),
  partners: Type.Array(Text(100), { maxItems: 30, uniqueItems: true }),
  venue: Venue,
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone, e.g. 'Africa/Dar_es_Salaam'" }),
  start: LocalTime,
  end: LocalTime,
  description: Description,
  language: StringEnum(LANGUAGES, { description: "the language the title and description are written in ('en' unless said)" }),
  translations: EventTranslations,
  url: Nullable(HttpUrl),
  recurrence: Nullable(
    Type.String({
      maxLength: 300,
      description: 'RFC 5545 RRULE value read in timeZone, with COUNT or UNTIL, e.g. FREQ=MONTHLY;BYDAY=2TU;COUNT=12',
    }),
  ),
  reminders: Nullable(
    Type.Array(Type.String({ maxLength: 20 }), {
      maxItems: 10,
      uniqueItems: true,
      description: "reminders before each start as ISO durations ('P30D', 'PT1H'); null for the defaults of the kind",
    }),
  ),
  notify: Type.Array(Type.String({ format: 'email', maxLength: 254 }), {
    maxItems: 20,
    uniqueItems: true,
    description: 'extra addresses to remind',
  }),
};

/** Every field a client may set on an event, as stored. */
export const EventFields = Type.Object(editable);
export type EventFields = Static<typeof EventFields>;

/** What a client sets by hand: cancelling is its own operation, so a writer sets one of these. */
const WritableStatus = StringEnum(['tentative', 'confirmed'] as const, { description: 'cancel with POST /api/events/:id/cancel' });

/** A new event: what it leaves out gets the defaults of `withDefaults`. */
export const EventCreate = Type.Object(
  {
    ...editable,
    status: Type.Optional(WritableStatus),
    visibility: Type.Optional(editable.visibility),
    groups: Type.Optional(editable.groups),
    partners: Type.Optional(editable.partners),
    venue: Type.Optional(VenueIn),
    description: Type.Optional(editable.description),
    language: Type.Optional(editable.language),
    translations: Type.Optional(editable.translations),
    url: Type.Optional(editable.url),
    recurrence: Type.Optional(editable.recurrence),
    reminders: Type.Optional(editable.reminders),
    notify: Type.Optional(editable.notify),
  },
  { additionalProperties: false },
);
export type EventCreate = Static<typeof EventCreate>;

/** A change: any subset of the fields, a venue in part. */
export const EventPatch = Type.Partial(Type.Object({ ...editable, status: WritableStatus, venue: VenuePatch }), {
  additionalProperties: false,
  minProperties: 1,
});
export type EventPatch = Static<typeof EventPatch>;

/** A moved or skipped occurrence of a series, by the local date it was planned for. */
export const OccurrenceOverride = Type.Object({
  originalDate: Type.String({ description: 'the local date the occurrence was planned for' }),
  cancelled: Type.Boolean(),
  start: Nullable(Type.String()),
  end: Nullable(Type.String()),
  startsAt: Nullable(Type.String()),
  endsAt: Nullable(Type.String()),
});
export type OccurrenceOverride = Static<typeof OccurrenceOverride>;

/** How one occurrence is moved ({start, end}) or skipped ({"cancelled": true}). */
export const OccurrenceChange = Type.Object(
  {
    start: Type.Optional(Type.String({ maxLength: 19, description: 'local date-time (or date, for an all-day series) in the event zone' })),
    end: Type.Optional(Type.String({ maxLength: 19, description: 'local date-time (or date, for an all-day series) in the event zone' })),
    cancelled: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, minProperties: 1, description: 'move the occurrence ({start, end}) or skip it ({"cancelled": true})' },
);
export type OccurrenceChange = Static<typeof OccurrenceChange>;

/** Why an event is cancelled: said in the cancellation notice to those already reminded. */
export const EventCancel = Type.Object(
  {
    reason: Type.Optional(
      Nullable(Type.String({ maxLength: 1000, description: 'optional: why, in a sentence; the cancellation notice says it' })),
    ),
  },
  { additionalProperties: false },
);
export type EventCancel = Static<typeof EventCancel>;

// ---------------------------------------------------------------- participant figures

/** UN member states plus observers: no event has more. */
export const MAX_COUNTRIES = 194;
const Count = (description: string, maximum = 1_000_000) => Type.Integer({ minimum: 0, maximum, description });

/** Figures as an office registers them. */
export const AttendanceInput = Type.Object(
  {
    participants: Count('everyone who took part'),
    countries: Type.Optional(
      Count(
        'how many countries were represented: for clients that only know the number; with countryCodes it must be their number',
        MAX_COUNTRIES,
      ),
    ),
    countryCodes: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. TZ' }), {
        minItems: 1,
        maxItems: 300,
        description:
          'the countries represented, as ISO 3166-1 alpha-2 codes (e.g. ["TZ", "KE", "UG"]): the report counts distinct countries across events from these. Give this or countries',
      }),
    ),
    inPerson: Type.Optional(Nullable(Count('of the participants, those present'))),
    remote: Type.Optional(Nullable(Count('of the participants, those online'))),
    women: Type.Optional(Nullable(Count('of the participants, women'))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export type AttendanceInput = Static<typeof AttendanceInput>;

/** Figures as registered: by whom and when. */
export const AttendanceFigures = Type.Object({
  participants: Type.Integer(),
  countries: Nullable(Type.Integer({ description: 'how many countries: the number of countryCodes, or the number registered alone' })),
  countryCodes: Nullable(
    Type.Array(Type.String(), {
      description: 'the countries represented (ISO 3166-1 alpha-2, sorted); null when only their number was registered',
    }),
  ),
  inPerson: Nullable(Type.Integer()),
  remote: Nullable(Type.Integer()),
  women: Nullable(Type.Integer()),
  notes: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});
export type AttendanceFigures = Static<typeof AttendanceFigures>;

/** The figures a registration sets, in order: what a registration's `changes` compare. */
export const FIGURES = ['participants', 'countries', 'countryCodes', 'inPerson', 'remote', 'women', 'notes'] as const;

// ---------------------------------------------------------------- the event as read

const stored = {
  id: Type.String(),
  allDay: Type.Boolean(),
  startsAt: Type.String({ description: 'UTC instant the event starts (derived)' }),
  endsAt: Type.String({ description: 'UTC instant the event ends (derived; the day after the last day for all-day events)' }),
  overrides: Type.Array(OccurrenceOverride),
  sequence: Type.Integer({ description: 'grows with every change a calendar shows' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  attendance: Nullable(AttendanceFigures),
  cancelReason: Nullable(
    Type.String({ description: 'why it was cancelled, as written when cancelling; null unless cancelled. Only in replies to ITU staff' }),
  ),
  withdrawnAt: Nullable(
    Type.String({
      description:
        'when a public event became internal: its public feeds carry it as CANCELLED for a while, so subscribed calendars drop it',
    }),
  ),
};

/** An event as the services return it and as every renderer (feeds, mail, reports) receives it. */
export const CalendarEvent = Type.Object({ ...editable, ...stored });
export type CalendarEvent = Static<typeof CalendarEvent>;

/** The event in the API's replies: the addresses it reminds go to ITU staff only. */
export const EventReply = Type.Object(
  {
    ...editable,
    ...stored,
    notify: Type.Optional(
      Type.Array(Type.String(), { description: 'extra addresses reminded; only in replies to a request with a token (ITU staff)' }),
    ),
    cancelReason: Type.Optional(stored.cancelReason),
  },
  { $id: 'Event' },
);

// ---------------------------------------------------------------- tokens

/** A write token asked for: the office it speaks for and who holds it. */
export const TokenCreate = Type.Object(
  {
    office: Type.String({ maxLength: 64, description: 'an office id, e.g. ro-africa, or tsb' }),
    label: Nullable(
      Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'who holds it, e.g. "Addis Ababa events desk"' }),
    ),
  },
  { additionalProperties: false },
);
export type TokenCreate = Static<typeof TokenCreate>;

/** A write token as it is listed: never its secret. */
export interface TokenInfo {
  id: string;
  office: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** A private feed link as it is listed: its id (the secret's first characters), never the secret. */
export interface FeedLinkInfo extends TokenInfo {
  lastUsedAt: string | null;
  useCount: number;
}

// ---------------------------------------------------------------- the audit log

/** One field a change changed: its name ('venue.city' for a part of the venue), before and after. */
export const FieldChange = Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() });
export type FieldChange = Static<typeof FieldChange>;

/** One change, as the audit log keeps it: who (the office and its token), when, what, from what to what. */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  action: StringEnum(AUDIT_ACTIONS),
  event: Nullable(Type.String()),
  subject: Nullable(
    Type.String({ description: "the occurrence's planned date, the token's id, or the group's, partner's or office's id" }),
  ),
  office: Type.String({ description: 'the office that made the change' }),
  token: Nullable(Type.String({ description: 'the id of the token it used (never its secret); null for the command line' })),
  changes: Type.Array(FieldChange),
});
export type AuditEntry = Static<typeof AuditEntry>;

// ---------------------------------------------------------------- collisions (warnings, never refusals)

/** A collision as the API says it: a code, its values, the English sentence, and the occurrence of a series it concerns. */
export const ClashWarning = Type.Object(
  {
    code: StringEnum(CLASH_KINDS, {
      description:
        "what the event collides with: another event of the study group's own meeting, of TSAG, of a regional group (for a TSAG meeting), of the same group, office or region; or a public holiday",
    }),
    occurrence: Nullable(Type.String({ description: "the planned date of the series' occurrence that collides; null for a single event" })),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      description:
        "its values: the other event's id, title, its first and last local day (first, last), its occurrence, the days between (days, 0: the same days) and the group; or the holiday's date, country, name and whether the date is predicted",
    }),
    message: Type.String({ description: 'the warning in English, from the catalog' }),
  },
  { description: 'a collision: the event is saved all the same' },
);

/** The warnings of a write or a check: at most MAX_WARNINGS listed, the rest counted. */
export const clashReplyFields = {
  warnings: Type.Array(ClashWarning, { description: 'what the event collides with; nothing is refused for it' }),
  moreWarnings: Type.Integer({ minimum: 0, description: 'how many more collisions there are than listed' }),
};

/** The event as a create or a change answers it: the event, and what it collides with. */
export const SavedEventReply = Type.Object({
  ...editable,
  ...stored,
  notify: Type.Optional(Type.Array(Type.String())),
  ...clashReplyFields,
});

const CommaIds = Type.String({ maxLength: 500, pattern: '^[a-z0-9-]+(,[a-z0-9-]+)*$', description: 'group ids, comma-separated' });

/** A draft event to check for collisions without saving it (GET /api/clashes). */
export const ClashQuery = Type.Object(
  {
    start: LocalTime,
    end: LocalTime,
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone; the organizing office's by default" }),
    ),
    office: Id,
    region: Type.Optional(StringEnum(REGIONS, { description: "the organizing office's region by default" })),
    groups: Type.Optional(CommaIds),
    kind: Type.Optional(
      StringEnum(EVENT_KINDS, { description: "'other' by default; a TSAG 'meeting' also meets regional groups' events" }),
    ),
    country: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: "the venue's country: an ISO 3166-1 code or its English name" }),
    ),
    virtual: Type.Optional(Type.Boolean({ description: "online; online only (no country): the organizing office's country's holidays" })),
    recurrence: Type.Optional(
      Type.String({ minLength: 1, maxLength: 300, description: 'an RRULE value read in timeZone, as an event has' }),
    ),
    except: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'the id of the event being edited: it does not collide with itself' }),
    ),
  },
  { additionalProperties: false },
);
export type ClashQuery = Static<typeof ClashQuery>;

// ---------------------------------------------------------------- reference data (TSB's)

/** A group's or partner's id: chosen once, never changed. */
const ReferenceId = Type.String({
  minLength: 1,
  maxLength: REFERENCE_ID_MAX,
  pattern: REFERENCE_ID,
  description: "lowercase letters and digits joined by single hyphens, e.g. 'sg13rg-arb'; chosen once, never changed",
});
const RefName = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' });

/** A name in each of the other languages; an empty text (or null) in a change takes that language's name away. */
const OTHER_NAMES = {
  additionalProperties: false,
  description: "its name in the other languages, e.g. {fr: '…'}; English is `name`; where none is given, English is shown",
};
const NameIn = Type.String({ maxLength: 300 });
const NameChange = Nullable(NameIn);
const OtherNames = Type.Partial(Type.Object({ ar: NameIn, es: NameIn, fr: NameIn, ru: NameIn, zh: NameIn }, OTHER_NAMES));
const OtherNamesChange = Type.Partial(
  Type.Object({ ar: NameChange, es: NameChange, fr: NameChange, ru: NameChange, zh: NameChange }, OTHER_NAMES),
);

export const GroupCreate = Type.Object(
  {
    id: ReferenceId,
    kind: StringEnum(GROUP_KINDS),
    name: RefName,
    parent: Type.Optional(
      Nullable(Type.String({ description: "the study group it belongs to: required for a regional group, e.g. 'sg13'" })),
    ),
    names: Type.Optional(OtherNames),
  },
  { additionalProperties: false },
);
export type GroupCreate = Static<typeof GroupCreate>;

export const ReferenceRename = Type.Object(
  { name: Type.Optional(RefName), names: Type.Optional(OtherNamesChange) },
  { additionalProperties: false, minProperties: 1, description: 'a new name, names in other languages, or both; the id never changes' },
);
export type ReferenceRename = Static<typeof ReferenceRename>;

export const PartnerCreate = Type.Object(
  { id: ReferenceId, name: RefName, names: Type.Optional(OtherNames) },
  { additionalProperties: false },
);
export type PartnerCreate = Static<typeof PartnerCreate>;

const Address = Type.String({ format: 'email', maxLength: 254 });

export const OfficeChange = Type.Object(
  {
    emails: Type.Optional(
      Type.Array(Address, { minItems: 1, maxItems: 10, uniqueItems: true, description: 'where its reminders are sent' }),
    ),
    contact: Type.Optional(Nullable({ ...Address, description: 'where replies to its mail go; null: its first address' })),
    languages: Type.Optional(
      Type.Array(StringEnum(LANGUAGES), {
        minItems: 1,
        maxItems: 6,
        uniqueItems: true,
        description: 'the languages its mail is written in, the first first',
      }),
    ),
    workingDays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
        minItems: 1,
        maxItems: 7,
        uniqueItems: true,
        description: 'the days it works as ISO weekdays (1 Monday … 7 Sunday), e.g. [7, 1, 2, 3, 4] for Sunday to Thursday',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OfficeChange = Static<typeof OfficeChange>;
