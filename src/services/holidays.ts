import DateHolidays from 'date-holidays';
import { DateTime } from 'luxon';
import { mayOperate, type Actor } from '../domain/access.js';
import { isCountryCode } from '../domain/countries.js';
import {
  applyCorrections,
  correctionProblem,
  daysBetween,
  HIJRI_MONTHS,
  HolidayCorrectionInput,
  MAX_MOVE_DAYS,
  plusDays,
  type HolidayCalendar,
  type HolidayCorrection,
  type PublicHoliday,
} from '../domain/holidays.js';
import type { ReferenceData } from '../domain/reference.js';
import { TSB } from '../domain/vocabulary.js';
import { badRequest, forbidden, notFound, refusal } from '../http-problem.js';
import type { ReminderPlanner } from '../mail/planner.js';
import type { AuditStore } from '../store/audit.js';
import { writeTransaction, type Db } from '../store/database.js';
import type { EventStore } from '../store/events.js';
import type { HolidayCorrectionStore } from '../store/holidays.js';
import { checked } from './validate.js';
import type { Clock } from '../config.js';

// days off: 'public' and 'bank' holidays; 'optional', 'school' and 'observance' days are worked
const DAYS_OFF = new Set(['public', 'bank']);
const HIJRI = new RegExp(`\\b(${HIJRI_MONTHS.join('|')})\\b`);

/**
 * Public holidays from date-holidays (its data is under CC BY-SA 3.0 as its LICENSE says, its code
 * under ISC: see the README), one instance per country and computed years kept: a holiday list
 * does not change while the service runs. A name is in the language asked for where the library
 * has it, else in English, else in the country's own language.
 */
export class LibraryHolidays implements HolidayCalendar {
  private readonly byCountry = new Map<string, DateHolidays | null>();
  private readonly years = new Map<string, PublicHoliday[]>();

  between(country: string, from: string, to: string, language = 'en'): PublicHoliday[] {
    const first = Number(from.slice(0, 4));
    const last = Number(to.slice(0, 4));
    const result: PublicHoliday[] = [];
    for (let year = first; year <= last; year++)
      for (const h of this.year(country, year, language)) if (h.date >= from && h.date <= to) result.push(h);
    return result;
  }

  private year(country: string, year: number, language: string): PublicHoliday[] {
    const key = `${country}/${year}/${language}`;
    let list = this.years.get(key);
    if (!list) {
      list = this.compute(country, year, language);
      this.years.set(key, list);
    }
    return list;
  }

  private compute(country: string, year: number, language: string): PublicHoliday[] {
    const library = this.library(country);
    if (!library) return [];
    // the reader's language, then English, then the country's own; set on each use, as the
    // library's getHolidays(year, language) keeps every language it was once asked for in front
    library.setLanguages([language, 'en']);
    const seen = new Set<string>();
    const list: PublicHoliday[] = [];
    for (const h of library.getHolidays(year)) {
      if (!DAYS_OFF.has(h.type)) continue;
      // the library's own day (its `date` is local to the country); a P3D rule lasts three days
      const start = DateTime.fromISO(h.date.slice(0, 10));
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      for (let i = 0; i < days; i++) {
        const date = start.plus({ days: i }).toISODate()!;
        if (seen.has(`${date}/${h.name}`)) continue;
        seen.add(`${date}/${h.name}`);
        list.push({ date, country, name: h.name, predicted: HIJRI.test(h.rule) });
      }
    }
    return list.sort((a, b) => a.date.localeCompare(b.date));
  }

  private countries: Record<string, string> | undefined;

  private library(country: string): DateHolidays | null {
    if (!this.byCountry.has(country)) {
      this.countries ??= new DateHolidays().getCountries();
      const known = Object.prototype.hasOwnProperty.call(this.countries, country);
      this.byCountry.set(country, known ? new DateHolidays(country) : null);
    }
    return this.byCountry.get(country)!;
  }
}

/** How far around a period the library is read, so that a holiday moved into it (or a whole Eid) is seen. */
const MARGIN_DAYS = MAX_MOVE_DAYS + 7;

/**
 * The calendar the service reads (`services.holidays`): the library's list with TSB's corrections
 * applied. Corrections are read from the database each time, so a second process (cron, the
 * command line) sees a change at once.
 */
export class CorrectedHolidays implements HolidayCalendar {
  constructor(
    private readonly library: HolidayCalendar,
    private readonly corrections: Pick<HolidayCorrectionStore, 'forCountry'>,
  ) {}

  between(country: string, from: string, to: string, language = 'en'): PublicHoliday[] {
    const corrections = this.corrections.forCountry(country);
    if (!corrections.length) return this.library.between(country, from, to, language).map((h) => ({ ...h, corrected: false }));
    const wide = this.library.between(country, plusDays(from, -MARGIN_DAYS), plusDays(to, MARGIN_DAYS), language);
    return applyCorrections(wide, corrections).filter((h) => h.date >= from && h.date <= to);
  }
}

/** The longest period `GET /api/holidays` answers at once, in days. */
export const MAX_HOLIDAY_PERIOD_DAYS = 3 * 366;

export interface HolidayServiceDeps {
  db: Db;
  corrections: HolidayCorrectionStore;
  audit: AuditStore;
  library: HolidayCalendar;
  calendar: HolidayCalendar;
  events: EventStore;
  reference: ReferenceData;
  planner: ReminderPlanner;
  clock: Clock;
}

/** A country's year as TSB's page shows it: the corrected list, the library's own, and the corrections. */
export interface HolidayYear {
  country: string;
  year: number;
  holidays: PublicHoliday[];
  library: PublicHoliday[];
  corrections: HolidayCorrection[];
}

/** Public holidays for anyone to read, and TSB's corrections of them: checked, audited, re-planned. */
export class HolidayService {
  constructor(private readonly deps: HolidayServiceDeps) {}

  /** A country's public holidays from `from` to `to` (ISO dates, inclusive), corrections applied. */
  between(country: string, from: string, to: string, language?: string): PublicHoliday[] {
    this.checkCountry(country);
    if (to < from) throw badRequest('to', 'periodBackwards', { from, to });
    if (daysBetween(from, to) > MAX_HOLIDAY_PERIOD_DAYS) throw badRequest('to', 'periodTooLong', { max: MAX_HOLIDAY_PERIOD_DAYS });
    return this.deps.calendar.between(country, from, to, language);
  }

  /** A country's corrections, by date. */
  corrections(country: string): HolidayCorrection[] {
    this.checkCountry(country);
    return this.deps.corrections.forCountry(country);
  }

  /** A country's year for TSB's page. */
  year(country: string, year: number, language?: string): HolidayYear {
    this.checkCountry(country);
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    return {
      country,
      year,
      holidays: this.deps.calendar.between(country, from, to, language),
      library: this.deps.library.between(country, from, to, language),
      corrections: this.deps.corrections
        .forCountry(country)
        .filter((c) => (c.date >= from && c.date <= to) || (c.to !== null && c.to >= from && c.to <= to)),
    };
  }

  /** A refusal (403) unless `actor` may correct public holidays: TSB. */
  checkMayCorrect(actor: Actor): void {
    if (!mayOperate(actor, 'holidays')) throw forbidden('holidaysTsbOnly');
  }

  /** Adds a correction (TSB only), audited in its transaction, and re-plans the reminders that fall by that country's days. */
  correct(actor: Actor, input: unknown): HolidayCorrection {
    if (!mayOperate(actor, 'holidays')) throw forbidden('holidaysTsbOnly');
    const body = checked(HolidayCorrectionInput, input);
    this.checkCountry(body.country);
    const name = body.name?.trim() || null;
    const note = body.note?.trim() || null;
    return writeTransaction(this.deps.db, () => {
      const existing = this.deps.corrections.forCountry(body.country);
      const library = this.deps.library.between(body.country, body.date, body.date);
      const refused = correctionProblem({ ...body, name: body.kind === 'add' ? (name ?? '') : body.name }, library, existing);
      if (refused) throw refusal(refused.status, refused.problem);
      const now = this.deps.clock().toISOString();
      const correction = this.deps.corrections.insert({
        country: body.country,
        kind: body.kind,
        date: body.date,
        to: body.kind === 'move' ? body.to! : null,
        name: body.kind === 'add' ? name : null,
        note,
        createdAt: now,
        createdBy: actor.office,
      });
      this.deps.audit.record({
        at: now,
        action: 'holiday.corrected',
        event: null,
        subject: correction.id,
        office: actor.office,
        token: actor.tokenId,
        changes: [{ field: 'correction', from: null, to: describe(correction) }],
      });
      this.replan(correction.country);
      return correction;
    });
  }

  /** Withdraws a correction (TSB only): the library's day is back as it predicts it. */
  withdraw(actor: Actor, id: string): HolidayCorrection {
    if (!mayOperate(actor, 'holidays')) throw forbidden('holidaysTsbOnly');
    return writeTransaction(this.deps.db, () => {
      const correction = this.deps.corrections.get(id);
      if (!correction) throw notFound('noHolidayCorrection', { id });
      this.deps.corrections.delete(id);
      this.deps.audit.record({
        at: this.deps.clock().toISOString(),
        action: 'holiday.correction-withdrawn',
        event: null,
        subject: correction.id,
        office: actor.office,
        token: actor.tokenId,
        changes: [{ field: 'correction', from: describe(correction), to: null }],
      });
      this.replan(correction.country);
      return correction;
    });
  }

  private checkCountry(country: string): void {
    if (!isCountryCode(country)) throw badRequest('country', 'notACountryCode', { value: country });
  }

  /**
   * Plans again the events whose reminders fall by the country's days: those of its offices (their
   * follow-ups and reminders), and every event when it is TSB's country (TSB's focal point is told
   * of all). Events over for longer than the follow-ups last are left: nothing of theirs is ahead.
   */
  private replan(country: string): void {
    const { reference, events, planner, clock } = this.deps;
    const tsbCountry = reference.officesById.get(TSB)?.countryCode;
    const offices = reference.offices.filter((o) => o.countryCode === country).map((o) => o.id);
    if (country !== tsbCountry && !offices.length) return;
    const from = DateTime.fromJSDate(clock(), { zone: 'utc' }).minus({ days: 45 }).toISODate()!;
    const affected = events.all({ ...(country === tsbCountry ? {} : { offices }), from });
    for (const event of affected) planner.planEvent(event);
  }
}

/** A correction as the audit log keeps it. */
const describe = (c: HolidayCorrection) => ({
  id: c.id,
  country: c.country,
  kind: c.kind,
  date: c.date,
  ...(c.to ? { to: c.to } : {}),
  ...(c.name ? { name: c.name } : {}),
  ...(c.note ? { note: c.note } : {}),
});
