import { asc } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { Group, Office, ReferenceData } from '../domain/reference.js';
import type { GroupKind, RegionId } from '../domain/vocabulary.js';
import type { Db } from './database.js';
import { TRANSLATED_NAMES } from '../../db/seed/names/index.js';
import type { SeedNames } from '../../db/seed/types.js';

export type { Group, Office } from '../domain/reference.js';

const translated = (locale: string | undefined, part: keyof SeedNames, key: string): string | undefined =>
  locale ? TRANSLATED_NAMES[locale]?.[part][key] : undefined;

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * Regions, offices and groups change only with a release (they are seed data), so they are
 * read once at start and kept in memory; every lookup and validation uses this snapshot.
 */
export class Reference implements ReferenceData {
  readonly regionIds: Set<string>;
  readonly officesById: Map<string, Office>;
  readonly groupsById: Map<string, Group>;
  /** where an event's extra `notify` addresses may be: the offices' own domains unless configured */
  readonly notifyDomains: readonly string[];

  constructor(
    readonly regions: { id: RegionId; name: string }[],
    readonly offices: Office[],
    readonly groups: Group[],
    notifyDomains: readonly string[] | null = null,
  ) {
    this.notifyDomains = notifyDomains ?? [...new Set(offices.flatMap((o) => o.emails.map(domainOf)))].sort();
    this.regionIds = new Set(regions.map((r) => r.id));
    this.officesById = new Map(offices.map((o) => [o.id, o]));
    this.groupsById = new Map(groups.map((g) => [g.id, g]));
  }

  /** `notifyDomains`: the configured ones, or null for the offices' (TSB's among them) and `alsoAllowed` */
  static load(db: Db, notifyDomains: readonly string[] | null = null, alsoAllowed: readonly string[] = []): Reference {
    const regions = db.select().from(t.regions).orderBy(asc(t.regions.id)).all() as { id: RegionId; name: string }[];
    const offices = db
      .select()
      .from(t.offices)
      .orderBy(asc(t.offices.id))
      .all()
      .map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind,
        region: o.regionId as RegionId,
        city: o.city,
        country: o.country,
        timeZone: o.timeZone,
        emails: o.emails,
        languages: o.languages,
        countryCode: o.countryCode,
        workingDays: o.workingDays,
        contact: o.contact,
      }));
    const groups = db
      .select()
      .from(t.groups)
      .orderBy(asc(t.groups.id))
      .all()
      .map((g) => ({ id: g.id, name: g.name, kind: g.kind as GroupKind, parent: g.parentId }));
    const derived = [...new Set([...offices.flatMap((o) => o.emails), ...alsoAllowed].map(domainOf))].sort();
    return new Reference(regions, offices, groups, notifyDomains ?? derived);
  }

  /**
   * Display names of reference ids in a language (English by default, and wherever a translation
   * has no entry); an id the reference does not know is shown as it is.
   */
  officeName = (id: string, locale?: string): string => translated(locale, 'offices', id) ?? this.officesById.get(id)?.name ?? id;
  regionName = (id: string): string => this.regions.find((r) => r.id === id)?.name ?? id;
  groupName = (id: string, locale?: string): string => translated(locale, 'groups', id) ?? this.groupsById.get(id)?.name ?? id;
  /** A city or country as the seed writes it in English, in a language. */
  placeName = (english: string, locale?: string): string => translated(locale, 'places', english) ?? english;
  /** A partner's name in a language where it has an official form there; otherwise as entered. */
  partnerName = (name: string, locale?: string): string => translated(locale, 'partners', name) ?? name;
  /** "SG13RG-AFR": the id, as ITU writes the short names of its bodies */
  groupLabel = (id: string): string => id.toUpperCase();

  /** The groups and all their descendants: a study group's feed includes its regional groups. */
  expandGroups = (ids: string[]): string[] => {
    const result = new Set(ids);
    let grew = true;
    while (grew) {
      grew = false;
      for (const g of this.groups) {
        if (g.parent && result.has(g.parent) && !result.has(g.id)) {
          result.add(g.id);
          grew = true;
        }
      }
    }
    return [...result].sort();
  };
}
