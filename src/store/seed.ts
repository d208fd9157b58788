import { and, eq, isNull, sql } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import { coordinationCalls } from '../../db/seed/coordination-calls.js';
import { demoEvents } from '../../db/seed/demo-events.js';
import { groups } from '../../db/seed/groups.js';
import { TRANSLATED_NAMES } from '../../db/seed/names/index.js';
import { partners } from '../../db/seed/partners.js';
import { offices, regions } from '../../db/seed/reference.js';
import type { EventSeed } from '../../db/seed/types.js';
import { withDefaults } from '../domain/event.js';
import { TSB } from '../domain/vocabulary.js';
import { checkEventFields, isTimeProblem, normalizeFields } from '../domain/event-rules.js';
import { writeTransaction, type Db } from './database.js';
import { EventStore } from './events.js';

/** The seed's names of a group in the other languages. */
const seedNames = (part: 'groups' | 'partners', key: string): Record<string, string> =>
  Object.fromEntries(Object.entries(TRANSLATED_NAMES).flatMap(([locale, names]) => (names[part][key] ? [[locale, names[part][key]]] : [])));

/** What OFFICE_EMAILS and OFFICE_LANGUAGES said when they were last applied. */
const CONFIG_APPLIED = 'office_config_applied';
interface AppliedConfig {
  emails: Record<string, string[]>;
  languages: Record<string, string[]>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The seed fills in what is missing and changes nothing that is there: regions, offices, groups
 * and partners the database lacks are added (with the seed's names in the other languages, also
 * for a group stored before it had them), while what TSB changed from the pages or the API (a
 * group's names, an office's addresses, languages or working week) stays as TSB left it across
 * restarts. A release that must change a stored row does it in a migration.
 *
 * OFFICE_EMAILS and OFFICE_LANGUAGES are applied when they change: an office's setting that
 * differs from the one applied at the last start replaces the office's addresses (or languages),
 * recorded in the audit log as the command line's change; a setting that has not changed leaves
 * alone what TSB has changed since. Whichever was changed last wins. Running this twice changes
 * nothing.
 */
export function loadReferenceData(
  db: Db,
  officeEmails: Record<string, string[]>,
  officeLanguages: Record<string, string[]> = {},
  now: string = new Date().toISOString(),
): void {
  writeTransaction(db, () => {
    for (const r of regions) db.insert(t.regions).values(r).onConflictDoNothing().run();
    for (const o of offices) {
      const row = {
        id: o.id,
        name: o.name,
        kind: o.kind,
        regionId: o.region,
        city: o.city,
        country: o.country,
        timeZone: o.timeZone,
        emails: officeEmails[o.id] ?? o.emails,
        languages: officeLanguages[o.id] ?? o.languages,
        countryCode: o.countryCode,
        workingDays: o.workingDays ?? [1, 2, 3, 4, 5],
        contact: o.contact ?? null,
      };
      db.insert(t.offices).values(row).onConflictDoNothing().run();
    }
    for (const g of groups) {
      const names = seedNames('groups', g.id);
      db.insert(t.groups)
        .values({ id: g.id, name: g.name, kind: g.kind, parentId: g.parent ?? null, names })
        .onConflictDoNothing()
        .run();
      // stored before groups had their names in other languages (migration 0012)
      db.update(t.groups)
        .set({ names })
        .where(and(eq(t.groups.id, g.id), isNull(t.groups.names)))
        .run();
    }
    db.update(t.groups).set({ names: {} }).where(isNull(t.groups.names)).run();
    for (const p of partners)
      db.insert(t.partners)
        .values({ id: p.id, name: p.name, names: seedNames('partners', p.name) })
        .onConflictDoNothing()
        .run();
    applyOfficeConfig(db, { emails: officeEmails, languages: officeLanguages }, now);
  });
}

function applyOfficeConfig(db: Db, config: AppliedConfig, now: string): void {
  const stored = db.select().from(t.meta).where(eq(t.meta.key, CONFIG_APPLIED)).get();
  const applied: AppliedConfig = stored ? (JSON.parse(stored.value) as AppliedConfig) : { emails: {}, languages: {} };
  for (const [part, field] of [
    ['emails', 'emails'],
    ['languages', 'languages'],
  ] as const) {
    for (const [id, value] of Object.entries(config[part])) {
      if (same(applied[part][id], value)) continue;
      const office = db.select().from(t.offices).where(eq(t.offices.id, id)).get();
      if (!office || same(office[field], value)) continue;
      db.update(t.offices)
        .set({ [field]: value })
        .where(eq(t.offices.id, id))
        .run();
      db.insert(t.audit)
        .values({
          at: now,
          action: 'office.changed',
          eventId: null,
          subject: id,
          officeId: TSB,
          tokenId: null,
          changes: [{ field, from: office[field], to: value }],
        })
        .run();
    }
  }
  const value = JSON.stringify(config);
  db.insert(t.meta).values({ key: CONFIG_APPLIED, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } }).run();
}

const DEMO_LOADED = 'demo_data_loaded_at';

/**
 * Demo events are loaded once, on the first start: after that they are the users' data, and
 * a restart must neither duplicate them nor undo an edit. Returns how many were inserted.
 */
export function loadDemoEvents(
  db: Db,
  events: EventStore,
  now: string,
  seeds: EventSeed[] = [...demoEvents, ...coordinationCalls],
): number {
  return writeTransaction(db, () => {
    if (db.select().from(t.meta).where(eq(t.meta.key, DEMO_LOADED)).get()) return 0;
    let inserted = 0;
    // demo events remind no extra addresses
    const known = {
      officesById: new Map(offices.map((o) => [o.id, o])),
      groupsById: new Map(groups.map((g) => [g.id, g])),
      notifyDomains: [],
    };
    for (const seed of seeds) {
      if (events.exists(seed.id)) continue;
      const fields = normalizeFields(withDefaults(seed));
      const times = checkEventFields(fields, known);
      if (isTimeProblem(times)) throw new Error(`demo event ${seed.id}: ${times.field}: ${times.code} ${JSON.stringify(times.params)}`);
      events.insert(seed.id, fields, times, now);
      if (seed.attendance) {
        db.insert(t.attendance)
          .values({
            eventId: seed.id,
            participants: seed.attendance.participants,
            countries: seed.attendance.countries ?? null,
            notes: seed.attendance.notes ?? null,
            recordedBy: seed.office,
            recordedAt: now,
          })
          .run();
      }
      inserted++;
    }
    db.insert(t.meta).values({ key: DEMO_LOADED, value: now }).run();
    return inserted;
  });
}

export function tableCount(db: Db, table: 'events' | 'attendance' | 'event_groups' | 'offices' | 'groups' | 'regions' | 'tokens'): number {
  return db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
}
