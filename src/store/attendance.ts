import { asc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.js';
import type { RecordedFigures } from '../domain/attendance.js';
import type { Db } from './database.js';

export type AttendanceRow = typeof t.attendance.$inferSelect;

/** Participant figures: each registration is a new row, so a correction keeps what it corrected. */
export class AttendanceStore {
  constructor(private readonly db: Db) {}

  /** Must run inside a write transaction. */
  record(eventId: string, input: RecordedFigures, office: string, now: string): void {
    this.db
      .insert(t.attendance)
      .values({ eventId, ...input, recordedBy: office, recordedAt: now })
      .run();
  }

  history(eventId: string): AttendanceRow[] {
    return this.db.select().from(t.attendance).where(eq(t.attendance.eventId, eventId)).orderBy(asc(t.attendance.id)).all();
  }
}
