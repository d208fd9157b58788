import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import { slugOf, type Group, type Office, type Partner, type ReferenceData } from '../domain/reference.js';
import type { GroupKind, RegionId } from '../domain/vocabulary.js';
import type { Db } from './database.js';
import { TRANSLATED_NAMES } from '../../db/seed/names/index.js';
import type { SeedNames } from '../../db/seed/types.js';

export type { Group, Office, Partner } from '../domain/reference.js';

const translated = (locale: string | undefined, part: keyof SeedNames, key: string): string | undefined =>
  locale ? TRANSLATED_NAMES[locale]?.[part][key] : undefined;

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** What one load of the reference tables holds. */
interface Snapshot {
  regions: { id: RegionId; name: string }[];
  offices: Office[];
  groups: Group[];
  partners: Partner[];
}

function read(db: Db): Snapshot {
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
    .map((g) => ({ id: g.id, name: g.name, kind: g.kind as GroupKind, parent: g.parentId, names: g.names ?? {} }));
  const partners = db
    .select()
    .from(t.partners)
    .orderBy(asc(t.partners.id))
    .all()
    .map((p) => ({ id: p.id, name: p.name, names: p.names }));
  return { regions, offices, groups, partners };
}

/**
 * The reference data, kept in memory: every lookup and validation uses this snapshot. It is read
 * at start and read again (`reload`) after each change TSB makes to it, in place, so that every
 * service, feed and page holding it sees the change at once.
 */
export class Reference implements ReferenceData {
  regions: { id: RegionId; name: string }[] = [];
  offices: Office[] = [];
  groups: Group[] = [];
  partners: Partner[] = [];
  regionIds = new Set<string>();
  officesById = new Map<string, Office>();
  groupsById = new Map<string, Group>();
  partnersById = new Map<string, Partner>();
  /** where an event's extra `notify` addresses may be: the offices' own domains unless configured */
  notifyDomains: readonly string[] = [];
  /** a partner by the lowercase form of each of its names, in every language */
  private partnersByName = new Map<string, Partner>();
  /** grows with every read of the tables */
  version = 0;

  constructor(
    regions: { id: RegionId; name: string }[],
    offices: Office[],
    groups: Group[],
    notifyDomains: readonly string[] | null = null,
    partners: Partner[] = [],
    private readonly alsoAllowed: readonly string[] = [],
    private readonly configuredDomains: readonly string[] | null = notifyDomains,
  ) {
    this.replace({ regions, offices, groups, partners });
  }

  /** `notifyDomains`: the configured ones, or null for the offices' (TSB's among them) and `alsoAllowed` */
  static load(db: Db, notifyDomains: readonly string[] | null = null, alsoAllowed: readonly string[] = []): Reference {
    const { regions, offices, groups, partners } = read(db);
    return new Reference(regions, offices, groups, notifyDomains, partners, alsoAllowed, notifyDomains);
  }

  /** Reads the tables again into this same snapshot: after a change, or one made by another process. */
  reload(db: Db): void {
    this.replace(read(db));
  }

  private replace(data: Snapshot): void {
    this.version++;
    this.regions = data.regions;
    this.offices = data.offices;
    this.groups = data.groups;
    this.partners = data.partners;
    this.regionIds = new Set(data.regions.map((r) => r.id));
    this.officesById = new Map(data.offices.map((o) => [o.id, o]));
    this.groupsById = new Map(data.groups.map((g) => [g.id, g]));
    this.partnersById = new Map(data.partners.map((p) => [p.id, p]));
    this.partnersByName = new Map(
      data.partners.flatMap((p) => [p.name, ...Object.values(p.names)].flatMap((n) => (n ? [[n.toLowerCase(), p] as const] : []))),
    );
    this.notifyDomains =
      this.configuredDomains ?? [...new Set([...data.offices.flatMap((o) => o.emails), ...this.alsoAllowed].map(domainOf))].sort();
  }

  /**
   * Display names of reference ids in a language (English by default, and wherever a translation
   * has no entry); an id the reference does not know is shown as it is.
   */
  officeName = (id: string, locale?: string): string => translated(locale, 'offices', id) ?? this.officesById.get(id)?.name ?? id;
  regionName = (id: string): string => this.regions.find((r) => r.id === id)?.name ?? id;
  groupName = (id: string, locale?: string): string => {
    const group = this.groupsById.get(id);
    return (locale && group?.names[locale]) || group?.name || id;
  };
  /** A city or country as the seed writes it in English, in a language. */
  placeName = (english: string, locale?: string): string => translated(locale, 'places', english) ?? english;
  /** The partner an event's entry is: by id, by the id its text would have, or by one of its names. */
  partnerOf = (entry: string): Partner | undefined =>
    this.partnersById.get(entry) ?? this.partnersById.get(slugOf(entry)) ?? this.partnersByName.get(entry.toLowerCase());
  /** A partner of the list by its name in a language (English where it has none); any other text as typed. */
  partnerName = (entry: string, locale?: string): string => {
    const partner = this.partnerOf(entry);
    if (!partner) return entry;
    return (locale && partner.names[locale]) || partner.name;
  };
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

/** What changes with every change of the reference data by TSB, so that another process sees it did. */
const GENERATION = 'reference_generation';

/** The writes of the reference tables: each inside the service's write transaction. */
export class ReferenceStore {
  constructor(private readonly db: Db) {}

  /** '' until TSB first changes the reference data; a new value with every change */
  generation(): string {
    return this.db.select().from(t.meta).where(eq(t.meta.key, GENERATION)).get()?.value ?? '';
  }

  bumpGeneration(): void {
    const value = randomUUID();
    this.db.insert(t.meta).values({ key: GENERATION, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } }).run();
  }

  insertGroup(group: Group): void {
    this.db.insert(t.groups).values({ id: group.id, name: group.name, kind: group.kind, parentId: group.parent, names: group.names }).run();
  }

  /** Only the names: an id, kind and parent never change. */
  renameGroup(id: string, name: string, names: Record<string, string>): void {
    this.db.update(t.groups).set({ name, names: names }).where(eq(t.groups.id, id)).run();
  }

  insertPartner(partner: Partner): void {
    this.db.insert(t.partners).values({ id: partner.id, name: partner.name, names: partner.names }).run();
  }

  renamePartner(id: string, name: string, names: Record<string, string>): void {
    this.db.update(t.partners).set({ name, names: names }).where(eq(t.partners.id, id)).run();
  }

  updateOffice(id: string, change: Pick<Office, 'emails' | 'contact' | 'languages' | 'workingDays'>): void {
    this.db.update(t.offices).set(change).where(eq(t.offices.id, id)).run();
  }
}
