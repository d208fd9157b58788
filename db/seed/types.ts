// Shapes of the reference and demo data loaded into a fresh database.
// Seeds are plain values so they can be checked by the same validation as API input.

import type { EventKind, EventStatus, GroupKind, OfficeKind, RegionId, Visibility } from '../../src/domain/vocabulary.js';

export { EVENT_KINDS, EVENT_STATUSES, GROUP_KINDS, REGIONS } from '../../src/domain/vocabulary.js';
export type { EventKind, EventStatus, GroupKind, RegionId } from '../../src/domain/vocabulary.js';

export interface RegionSeed {
  id: RegionId;
  name: string;
}

export interface OfficeSeed {
  id: string;
  name: string;
  kind: OfficeKind;
  region: RegionId;
  city: string;
  country: string;
  /** ISO 3166-1 alpha-2 */
  countryCode: string;
  timeZone: string;
  emails: string[];
  /** the languages its mail is written in, the first first (ISO 639-1: ar en es fr ru zh) */
  languages: string[];
  /** ISO weekdays it works (1 Monday … 7 Sunday); Monday to Friday when left out */
  workingDays?: number[];
  /** where replies to its mail go; its first address when left out */
  contact?: string;
}

export interface GroupSeed {
  id: string;
  name: string;
  kind: GroupKind;
  /** a regional group's study group */
  parent?: string;
}

export interface PartnerSeed {
  id: string;
  /** in English; its other names are in names/ */
  name: string;
}

export interface VenueSeed {
  name?: string;
  city?: string;
  country?: string;
  virtual: boolean;
  url?: string;
}

export interface EventSeed {
  /** stable id, so loading the demo data twice never duplicates it */
  id: string;
  title: string;
  kind: EventKind;
  status: EventStatus;
  /** 'public' unless said */
  visibility?: Visibility;
  office: string;
  region: RegionId;
  groups: string[];
  partners: string[];
  venue: VenueSeed;
  timeZone: string;
  /** ISO date (all-day, inclusive) or local date-time without offset */
  start: string;
  end: string;
  description?: string;
  url?: string;
  /** RRULE value for a recurring event (coordination calls) */
  recurrence?: string;
  /** the figure the report gives, if any */
  attendance?: { participants: number; countries?: number; notes?: string };
}

/**
 * The reference data's names in one of the translated languages: offices and groups by id, and the
 * places (cities and countries) and partners as English writes them. Each in ITU's own usage; an
 * entry missing falls back to English.
 */
export interface SeedNames {
  offices: Record<string, string>;
  groups: Record<string, string>;
  places: Record<string, string>;
  partners: Record<string, string>;
}
