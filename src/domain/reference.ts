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
}

/**
 * The reference data as every layer reads it: regions, offices and groups with their lookups.
 * The store keeps it (store/reference.ts); pages, feeds and reports only read it.
 */
export interface ReferenceData {
  readonly regions: readonly { id: RegionId; name: string }[];
  readonly offices: readonly Office[];
  readonly groups: readonly Group[];
  readonly regionIds: ReadonlySet<string>;
  readonly officesById: ReadonlyMap<string, Office>;
  readonly groupsById: ReadonlyMap<string, Group>;
  /** where an event's extra `notify` addresses may be */
  readonly notifyDomains: readonly string[];
  /** display names in a language (English by default and where it has none); an id the reference does not know is shown as it is */
  readonly officeName: (id: string, locale?: string) => string;
  readonly groupName: (id: string, locale?: string) => string;
  /** a city or country as the seed writes it in English, in a language */
  readonly placeName: (english: string, locale?: string) => string;
  /** a partner's name in a language where it has an official form there */
  readonly partnerName: (name: string, locale?: string) => string;
  /** a group as a short label, "SG13RG-AFR", as reports and calendar categories write it */
  readonly groupLabel: (id: string) => string;
  /** the groups and all their descendants: a study group's feed includes its regional groups */
  readonly expandGroups: (ids: string[]) => string[];
}
