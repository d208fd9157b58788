import type { GroupKind, OfficeKind, RegionId } from './vocabulary.js';

/** A field office (regional or area) or TSB. */
export interface Office {
  id: string;
  name: string;
  kind: OfficeKind;
  region: RegionId;
  city: string;
  country: string;
  /** the office's country as ISO 3166-1 alpha-2: whose public holidays it keeps */
  countryCode: string;
  timeZone: string;
  emails: string[];
  /** the languages its mail is written in, the first first */
  languages: string[];
  /** its working days as ISO weekdays (1 Monday … 7 Sunday): Sunday to Thursday in Cairo */
  workingDays: number[];
  /** where a reply to its mail goes (a person or a shared mailbox); null: its first address */
  contact: string | null;
}

/** An ITU-T body an event belongs to: a study group, TSAG, a regional or focus group, a JCA, a programme. */
export interface Group {
  id: string;
  name: string;
  kind: GroupKind;
  /** the study group of a regional group */
  parent: string | null;
  /** its name in the other languages, where it has one ({fr: '…'}); English is `name` */
  names: Record<string, string>;
}

/** An external organization events are held with: ATU, CEPT, UNCDF… */
export interface Partner {
  id: string;
  name: string;
  /** its name in the other languages, where it has an official form there */
  names: Record<string, string>;
}

/**
 * What an id of a group or partner may be: lowercase letters and digits in runs joined by single
 * hyphens ('sg13rg-arb', 'atu'). Chosen once and never changed: feeds' URLs, events and filters
 * name them.
 */
export const REFERENCE_ID = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const REFERENCE_ID_MAX = 80;

/**
 * The id a partner's name would have: its letters and digits, lowercase, unaccented, joined by
 * hyphens ('European Commission' → 'european-commission'). The seed's partners have these ids, so
 * an event's partner typed as text before the list existed is still that partner after a rename.
 */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, REFERENCE_ID_MAX)
    .replace(/-+$/, '');
}

/**
 * The reference data as every layer reads it: regions, offices and groups with their lookups.
 * The store keeps it (store/reference.ts); pages, feeds and reports only read it.
 */
export interface ReferenceData {
  readonly regions: readonly { id: RegionId; name: string }[];
  readonly offices: readonly Office[];
  readonly groups: readonly Group[];
  readonly partners: readonly Partner[];
  /** grows each time the data is read again (TSB changed it): what was worked out from it before is stale */
  readonly version?: number;
  readonly regionIds: ReadonlySet<string>;
  readonly officesById: ReadonlyMap<string, Office>;
  readonly groupsById: ReadonlyMap<string, Group>;
  readonly partnersById: ReadonlyMap<string, Partner>;
  /** the partner an event's `partners` entry is: its id, or a text naming it (its id's form, or a name in any language) */
  readonly partnerOf: (entry: string) => Partner | undefined;
  /** where an event's extra `notify` addresses may be */
  readonly notifyDomains: readonly string[];
  /** display names in a language (English by default and where it has none); an id the reference does not know is shown as it is */
  readonly officeName: (id: string, locale?: string) => string;
  readonly groupName: (id: string, locale?: string) => string;
  /** a city or country as the seed writes it in English, in a language */
  readonly placeName: (english: string, locale?: string) => string;
  /** an event's partner in a language: a partner of the list by its name there (English where it has none), any other text as typed */
  readonly partnerName: (entry: string, locale?: string) => string;
  /** a group as a short label, "SG13RG-AFR", as reports and calendar categories write it */
  readonly groupLabel: (id: string) => string;
  /** the groups and all their descendants: a study group's feed includes its regional groups */
  readonly expandGroups: (ids: string[]) => string[];
}
