/**
 * The words of the domain: regions, kinds of event, statuses, kinds of group and office. The
 * database schema and the seeds take them from here; nothing here knows about either.
 */

export const REGIONS = ['africa', 'americas', 'arab-states', 'asia-pacific', 'cis', 'europe'] as const;
export type RegionId = (typeof REGIONS)[number];

export const EVENT_KINDS = [
  'meeting',
  'workshop',
  'forum',
  'summit',
  'clinic',
  'training',
  'webinar',
  'coordination-call',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Who may see an event: everyone, or ITU staff (every office token and session) only. */
export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const EVENT_STATUSES = ['tentative', 'confirmed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const GROUP_KINDS = [
  'study-group',
  'advisory-group',
  'regional-group',
  'focus-group',
  'joint-coordination-activity',
  'programme',
] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/**
 * ITU's six official languages, as BCP 47 tags: what pages, feeds, mails and reports are written
 * in, and what an event's own texts and their translations are in. English is every other's fallback.
 */
export const LANGUAGES = ['ar', 'en', 'es', 'fr', 'ru', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export const OFFICE_KINDS = ['regional', 'area', 'headquarters'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

/** The Telecommunication Standardization Bureau's office id: it may act on every event. */
export const TSB = 'tsb';

/** What the audit log records (see db/schema.ts `audit`). */
export const AUDIT_ACTIONS = [
  'event.created',
  'event.changed',
  'event.cancelled',
  'occurrence.moved',
  'occurrence.skipped',
  'occurrence.restored',
  'figures.registered',
  'token.created',
  'token.revoked',
  'feed-link.created',
  'feed-link.revoked',
  'session.signed-in',
  'session.signed-out',
  'holiday.corrected',
  'holiday.correction-withdrawn',
  // TSB's changes of the reference data: `subject` is the group's, partner's or office's id
  'group.created',
  'group.renamed',
  'partner.created',
  'partner.renamed',
  'office.changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Why another event collides with one (src/domain/clashes.ts says when each holds), from the most telling. */
export const EVENT_CLASH_KINDS = [
  'studyGroupMeeting',
  'tsagMeeting',
  'regionalGroupEvent',
  'sameGroup',
  'sameOffice',
  'sameRegion',
] as const;
export type EventClashKind = (typeof EVENT_CLASH_KINDS)[number];

/** Every kind of collision warning: another event's, and a public holiday's. */
export const CLASH_KINDS = [...EVENT_CLASH_KINDS, 'holiday'] as const;
export type ClashKind = (typeof CLASH_KINDS)[number];
