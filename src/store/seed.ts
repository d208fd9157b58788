import { eq, sql } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import { coordinationCalls } from '../../db/seed/coordination-calls.js';
import { demoEvents } from '../../db/seed/demo-events.js';
import { groups } from '../../db/seed/groups.js';
import { offices, regions } from '../../db/seed/reference.js';
import type { EventSeed } from '../../db/seed/types.js';
import { withDefaults } from '../domain/event.js';
import { checkEventFields, isTimeProblem, normalizeFields } from '../domain/event-rules.js';
import { writeTransaction, type Db } from './database.js';
import { EventStore } from './events.js';

/**
 * Reference data is upserted on every start (a release may rename an office); addresses given
 * by configuration replace the placeholders. Running this twice changes nothing.
 */
export function loadReferenceData(db: Db, officeEmails: Record<string, string[]>, officeLanguages: Record<string, string[]> = {}): void {
  writeTransaction(db, () => {
    for (const r of regions) {
      db.insert(t.regions)
        .values(r)
        .onConflictDoUpdate({ target: t.regions.id, set: { name: r.name } })
        .run();
    }
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
      db.insert(t.offices).values(row).onConflictDoUpdate({ target: t.offices.id, set: row }).run();
    }
    for (const g of groups) {
      const row = { id: g.id, name: g.name, kind: g.kind, parentId: g.parent ?? null };
      db.insert(t.groups).values(row).onConflictDoUpdate({ target: t.groups.id, set: row }).run();
    }
  });
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
