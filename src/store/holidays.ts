import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { CorrectionKind, HolidayCorrection } from '../domain/holidays.js';
import type { Db } from './database.js';

const toCorrection = (r: typeof t.holidayCorrections.$inferSelect): HolidayCorrection => ({
  id: r.id,
  country: r.country,
  kind: r.kind as CorrectionKind,
  date: r.date,
  to: r.toDate,
  name: r.name,
  note: r.note,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

/** TSB's corrections of the public holiday library, per country. */
export class HolidayCorrectionStore {
  constructor(private readonly db: Db) {}

  /** A country's corrections, by date then in the order they were made. */
  forCountry(country: string): HolidayCorrection[] {
    return this.db
      .select()
      .from(t.holidayCorrections)
      .where(eq(t.holidayCorrections.country, country))
      .orderBy(asc(t.holidayCorrections.date), asc(t.holidayCorrections.createdAt))
      .all()
      .map(toCorrection);
  }

  get(id: string): HolidayCorrection | undefined {
    const row = this.db.select().from(t.holidayCorrections).where(eq(t.holidayCorrections.id, id)).get();
    return row && toCorrection(row);
  }

  /** Must run inside the change's write transaction. */
  insert(correction: Omit<HolidayCorrection, 'id'>): HolidayCorrection {
    const id = randomBytes(6).toString('base64url');
    this.db
      .insert(t.holidayCorrections)
      .values({
        id,
        country: correction.country,
        kind: correction.kind,
        date: correction.date,
        toDate: correction.to,
        name: correction.name,
        note: correction.note,
        createdAt: correction.createdAt,
        createdBy: correction.createdBy,
      })
      .run();
    return { id, ...correction };
  }

  /** Must run inside the change's write transaction; false when there is none with that id. */
  delete(id: string, country?: string): boolean {
    const where = country
      ? and(eq(t.holidayCorrections.id, id), eq(t.holidayCorrections.country, country))
      : eq(t.holidayCorrections.id, id);
    return this.db.delete(t.holidayCorrections).where(where).run().changes === 1;
  }
}
