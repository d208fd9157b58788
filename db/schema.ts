import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { WithdrawnSnapshot } from '../src/domain/event.js';
import type { EventFields } from '../src/domain/shapes.js';

type EventTranslations = EventFields['translations'];

export const regions = sqliteTable('regions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

export const offices = sqliteTable('offices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['regional', 'area', 'headquarters'] }).notNull(),
  regionId: text('region_id')
    .notNull()
    .references(() => regions.id),
  city: text('city').notNull(),
  country: text('country').notNull(),
  timeZone: text('time_zone').notNull(),
  emails: text('emails', { mode: 'json' }).$type<string[]>().notNull(),
  /** the languages the office's mail is written in, the first first */
  languages: text('languages', { mode: 'json' }).$type<string[]>().notNull().default(['en']),
  countryCode: text('country_code').notNull().default(''),
  /** ISO weekdays (1 Monday … 7 Sunday) the office works */
  workingDays: text('working_days', { mode: 'json' }).$type<number[]>().notNull().default([1, 2, 3, 4, 5]),
  /** where replies to the office's mail go; null: its first address */
  contact: text('contact'),
});

export const groups = sqliteTable('groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  parentId: text('parent_id'),
  /** its name in the other languages ({fr: '…'}); null until the seed's translations are filled in */
  names: text('names', { mode: 'json' }).$type<Record<string, string>>(),
});

/**
 * External organizations events are held with (ATU, CEPT, …): the list the event form offers. An
 * event's `partners` holds a partner's id, or the text typed for one not on the list.
 */
export const partners = sqliteTable('partners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** its name in the other languages ({fr: 'FENU'}) */
  names: text('names', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
});

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    /** 'public' or 'internal' (ITU staff only) */
    visibility: text('visibility').notNull().default('public'),
    /** when it last went from public to internal; null while public */
    withdrawnAt: text('withdrawn_at'),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    partners: text('partners', { mode: 'json' }).$type<string[]>().notNull(),
    venueName: text('venue_name'),
    venueCity: text('venue_city'),
    venueCountry: text('venue_country'),
    venueVirtual: integer('venue_virtual', { mode: 'boolean' }).notNull(),
    venueUrl: text('venue_url'),
    timeZone: text('time_zone').notNull(),
    allDay: integer('all_day', { mode: 'boolean' }).notNull(),
    /** as entered: ISO date, or local date-time without offset, read in time_zone */
    startLocal: text('start_local').notNull(),
    endLocal: text('end_local').notNull(),
    /** local calendar days the event covers (inclusive), for date-range filters */
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    /** derived UTC instants (ISO, ms precision), for sorting and reminders */
    startAt: text('start_at').notNull(),
    endAt: text('end_at').notNull(),
    description: text('description'),
    /** the language title and description are written in ('ar', 'en', 'es', 'fr', 'ru', 'zh') */
    language: text('language').notNull().default('en'),
    /** {fr: {title, description}, …}: the title and description in other languages */
    translations: text('translations', { mode: 'json' }).$type<EventTranslations>().notNull().default({}),
    url: text('url'),
    /** RFC 5545 RRULE (without 'RRULE:'), read in time_zone from start_local; null for a single event */
    recurrence: text('recurrence'),
    /** ISO 8601 durations before each start ('P30D', 'PT1H'); null means the defaults of the kind */
    reminderOffsets: text('reminder_offsets', { mode: 'json' }).$type<string[]>(),
    /** addresses told besides the organizing office and TSB */
    notify: text('notify', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    sequence: integer('sequence').notNull().default(0),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** why it was cancelled, as the office wrote it when cancelling (the cancellation notice says it); null otherwise */
    cancelReason: text('cancel_reason'),
    /**
     * What `q` searches, folded (eventSearchText in src/domain/search.ts), kept by the store with
     * every write; null until the first start after migration 0008 folds the rows written before it
     */
    searchText: text('search_text'),
  },
  (t) => [
    index('events_start_at').on(t.startAt),
    index('events_dates').on(t.startDate, t.endDate),
    index('events_office').on(t.officeId),
    index('events_region').on(t.regionId),
  ],
);

export const eventGroups = sqliteTable(
  'event_groups',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.groupId] }), index('event_groups_group').on(t.groupId)],
);

/**
 * An event made internal, as the public feeds keep showing it: a snapshot taken at the
 * withdrawal (src/domain/event.ts, WithdrawnSnapshot), so that nothing done to the internal event
 * afterwards reaches a public byte. Removed when the event is made public again.
 */
export const withdrawnEvents = sqliteTable(
  'withdrawn_events',
  {
    eventId: text('event_id')
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    withdrawnAt: text('withdrawn_at').notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<WithdrawnSnapshot>().notNull(),
  },
  (t) => [index('withdrawn_events_at').on(t.withdrawnAt)],
);

/** One occurrence of a recurring event moved or skipped, keyed by the local date it was planned for. */
export const occurrenceOverrides = sqliteTable(
  'occurrence_overrides',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    originalDate: text('original_date').notNull(),
    cancelled: integer('cancelled', { mode: 'boolean' }).notNull(),
    startLocal: text('start_local'),
    endLocal: text('end_local'),
    startAt: text('start_at'),
    endAt: text('end_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.originalDate] })],
);

/**
 * The reminder outbox. The unique key (event, occurrence, rule, recipient) makes planning
 * idempotent; a claim sets status 'sending' with a lease token, so only the holder of the
 * current lease can record the outcome.
 */
export const reminders = sqliteTable(
  'reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** original local date of the occurrence for a recurring event, '' for a single one */
    occurrence: text('occurrence').notNull(),
    /** 'before:P7D', 'follow-up:1', 'cancellation': formatRule of a ReminderRule (src/domain/reminders.ts) */
    rule: text('rule').notNull(),
    recipient: text('recipient').notNull(),
    /** the zone the recipient reads times in (their office's) */
    recipientZone: text('recipient_zone').notNull(),
    dueAt: text('due_at').notNull(),
    /** the start of the occurrence it is about: after that, a late reminder makes no sense */
    occursAt: text('occurs_at').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'skipped'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    messageId: text('message_id').notNull(),
    leaseToken: text('lease_token'),
    leaseUntil: text('lease_until'),
    sentAt: text('sent_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('reminders_key').on(t.eventId, t.occurrence, t.rule, t.recipient),
    index('reminders_due').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * What became of each attempt to send a reminder, by whichever process made it, kept a day: how
 * /ready and `npm run reminders -- status` know that every send of the last minutes failed.
 */
export const sendAttempts = sqliteTable(
  'send_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reminderId: integer('reminder_id')
      .notNull()
      .references(() => reminders.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    outcome: text('outcome', { enum: ['sent', 'retrying', 'failed'] }).notNull(),
    /** why it failed; null when it was sent */
    error: text('error'),
  },
  (t) => [index('send_attempts_at').on(t.at), index('send_attempts_reminder').on(t.reminderId)],
);

/** Every registration of participant figures is kept: the latest row is current, the rest is history. */
export const attendance = sqliteTable(
  'attendance',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    participants: integer('participants').notNull(),
    countries: integer('countries'),
    /** the countries represented, ISO 3166-1 alpha-2 codes; null for a row that has only their number */
    countryCodes: text('country_codes', { mode: 'json' }).$type<string[]>(),
    inPerson: integer('in_person'),
    remote: integer('remote'),
    women: integer('women'),
    notes: text('notes'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [index('attendance_event').on(t.eventId, t.id)],
);

export const tokens = sqliteTable('tokens', {
  id: text('id').primaryKey(),
  officeId: text('office_id')
    .notNull()
    .references(() => offices.id),
  /** sha256 of the secret part; the secret itself is never stored */
  secretHash: text('secret_hash').notNull(),
  label: text('label'),
  createdAt: text('created_at').notNull(),
  revokedAt: text('revoked_at'),
});

/**
 * A signed-in web page session. Only a hash of its random id is stored, so the table cannot be
 * read back into cookies; ended_at is set by signing out or by revoking the token, and rows past
 * expires_at are purged.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    /** sha256 (hex) of the session id the cookie carries */
    idHash: text('id_hash').primaryKey(),
    tokenId: text('token_id')
      .notNull()
      .references(() => tokens.id, { onDelete: 'cascade' }),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    endedAt: text('ended_at'),
  },
  (t) => [index('sessions_token').on(t.tokenId), index('sessions_expires').on(t.expiresAt)],
);

/**
 * Private feed links: read-only, for an office's own calendar app, internal events included.
 * Only the hash of the secret is kept; `id` is its first characters, to list and revoke it by.
 */
export const feedTokens = sqliteTable(
  'feed_tokens',
  {
    id: text('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** sha256 (hex) of the whole secret the link carries */
    secretHash: text('secret_hash').notNull(),
    label: text('label'),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
    useCount: integer('use_count').notNull().default(0),
  },
  (t) => [uniqueIndex('feed_tokens_hash').on(t.secretHash)],
);

/**
 * Who changed what, written in the transaction of the change itself: an event created, changed
 * or cancelled, an occurrence moved or skipped, figures registered, a token made or revoked.
 * Never a secret. Rows are only ever added.
 */
export const audit = sqliteTable(
  'audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** 'event.created', 'event.changed', … (AUDIT_ACTIONS in src/domain/vocabulary.ts) */
    action: text('action').notNull(),
    /** the event concerned; null for a token */
    eventId: text('event_id').references(() => events.id),
    /** what else the action is about: the occurrence's planned date, or the token's id */
    subject: text('subject'),
    /** who: the office, and the token it used (null for the command line) */
    officeId: text('office_id').notNull(),
    tokenId: text('token_id'),
    /** [{ field, from, to }] */
    changes: text('changes', { mode: 'json' }).$type<{ field: string; from: unknown; to: unknown }[]>().notNull(),
  },
  (t) => [index('audit_event').on(t.eventId, t.id), index('audit_at').on(t.at)],
);

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value')
    .notNull()
    .default(sql`''`),
});

/**
 * TSB's corrections of the public holiday library (date-holidays): a day added, a predicted day
 * removed, moved (an Islamic holiday when the moon is sighted) or confirmed. The calendar the
 * service reads is the library's list with these applied (src/domain/holidays.ts).
 */
export const holidayCorrections = sqliteTable(
  'holiday_corrections',
  {
    id: text('id').primaryKey(),
    /** ISO 3166-1 alpha-2 */
    country: text('country').notNull(),
    /** 'add', 'remove', 'move' or 'confirm' */
    kind: text('kind').notNull(),
    /** ISO date: the day added, or the library's day removed, moved or confirmed */
    date: text('date').notNull(),
    /** ISO date a moved holiday's day goes to; null for the other kinds */
    toDate: text('to_date'),
    /** an added holiday's name; null for the other kinds */
    name: text('name'),
    note: text('note'),
    createdAt: text('created_at').notNull(),
    /** the office (TSB) that made it */
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('holiday_corrections_country').on(t.country, t.date)],
);
