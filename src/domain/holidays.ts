import { Type, type Static } from '@sinclair/typebox';
import { fieldProblem, type FieldProblem } from './problems.js';
import { Nullable, StringEnum } from './shapes.js';

/** A public holiday of a country: a day its offices and hosts do not work. */
export interface PublicHoliday {
  /** ISO date, the day in the country */
  date: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** its name in the language asked for, or English where the source has none */
  name: string;
  /**
   * a predicted date: Islamic holidays follow the sighting of the moon, so the computed day may
   * move by one; TSB confirms or corrects it
   */
  predicted: boolean;
  /** TSB corrected it (added, moved or confirmed it); absent where no correction was looked at */
  corrected?: boolean;
}

/** The public holidays the service knows: a maintained library's, with TSB's corrections. */
export interface HolidayCalendar {
  /** the public holidays of `country` from `from` to `to` (ISO dates, both included), by date */
  between(country: string, from: string, to: string, language?: string): PublicHoliday[];
}

/** The Hijri months: a holiday computed from one of them is a prediction. */
export const HIJRI_MONTHS = [
  'Muharram',
  'Safar',
  'Rabi al-awwal',
  'Rabi al-thani',
  'Jumada al-awwal',
  'Jumada al-thani',
  'Rajab',
  'Shaban',
  'Ramadan',
  'Shawwal',
  'Dhu al-Qidah',
  'Dhu al-Hijjah',
] as const;

/**
 * What TSB does to the library's list of one country: `add` a holiday on `date`, `remove` the
 * library's holiday on `date` (that day only), `move` the library's holiday on `date` (all its
 * consecutive days, as Eid's three) by the days from `date` to `to`, or `confirm` the library's
 * predicted holiday on `date` (all its consecutive days): then it is no longer a prediction.
 */
export const CORRECTION_KINDS = ['add', 'remove', 'move', 'confirm'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

/** The furthest a holiday may be moved, in days: a moon sighting moves one by a day or two. */
export const MAX_MOVE_DAYS = 31;

export interface HolidayCorrection {
  id: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  kind: CorrectionKind;
  /** the added day, or the library's day that is removed, moved or confirmed */
  date: string;
  /** where a moved holiday's day `date` goes; null for the other kinds */
  to: string | null;
  /** an added holiday's name, as TSB wrote it; null for the other kinds */
  name: string | null;
  /** why, for whoever reads it later ("moon sighted on 19 March") */
  note: string | null;
  createdAt: string;
  createdBy: string;
}

const IsoDate = Type.String({ format: 'date', maxLength: 10, description: 'ISO date, YYYY-MM-DD' });

/** A correction as TSB sends it (the API's body, and what the page passes to the service). */
export const HolidayCorrectionInput = Type.Object(
  {
    country: Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2, e.g. EG' }),
    kind: StringEnum(CORRECTION_KINDS, {
      description:
        "'add' a holiday on date; 'remove' the library's day date; 'move' the library's holiday on date to to; 'confirm' a predicted one",
    }),
    date: IsoDate,
    to: Type.Optional(Nullable({ ...IsoDate, description: "move: the day the holiday's day `date` goes to" })),
    name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 120, description: "add: the holiday's name" }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'why, e.g. "moon sighted on 19 March"' }))),
  },
  { additionalProperties: false },
);
export type HolidayCorrectionBody = Static<typeof HolidayCorrectionInput>;

/** A correction as the rules read it. */
export interface CorrectionInput {
  country: string;
  kind: CorrectionKind;
  date: string;
  to?: string | null | undefined;
  name?: string | null | undefined;
  note?: string | null | undefined;
}

const shiftDate = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Whole days from `from` to `to` (ISO dates). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
/** An ISO date `days` after (or before) `date`. */
export const plusDays = shiftDate;

/**
 * The runs of a list: each holiday's index of its run of consecutive days of one name (Eid al-Fitr
 * on 20, 21 and 22 March is one run), so a move or a confirmation takes the whole holiday.
 */
function runsOf(list: readonly PublicHoliday[]): number[] {
  const runs: number[] = [];
  const lastOf = new Map<string, { date: string; run: number }>();
  let next = 0;
  for (const h of list) {
    const last = lastOf.get(h.name);
    const run = last && daysBetween(last.date, h.date) === 1 ? last.run : next++;
    lastOf.set(h.name, { date: h.date, run });
    runs.push(run);
  }
  return runs;
}

/**
 * The library's holidays of a country (in date order, over a window wider than any move) with
 * TSB's corrections applied. Each correction reads the library's own dates, so their order does
 * not matter. Every holiday says whether a correction touched it.
 */
export function applyCorrections(library: readonly PublicHoliday[], corrections: readonly HolidayCorrection[]): PublicHoliday[] {
  const runs = runsOf(library);
  const entries = library.map((h, i) => ({ holiday: { ...h, corrected: false }, from: h.date, run: runs[i]!, removed: false }));
  const runsOn = (date: string) => new Set(entries.filter((e) => e.from === date).map((e) => e.run));
  const added: PublicHoliday[] = [];
  for (const c of corrections) {
    switch (c.kind) {
      case 'add':
        added.push({ date: c.date, country: c.country, name: c.name ?? '', predicted: false, corrected: true });
        break;
      case 'remove':
        for (const e of entries) if (e.from === c.date) e.removed = true;
        break;
      case 'move':
      case 'confirm': {
        const taken = runsOn(c.date);
        const by = c.kind === 'move' && c.to ? daysBetween(c.date, c.to) : 0;
        for (const e of entries)
          if (taken.has(e.run)) e.holiday = { ...e.holiday, date: shiftDate(e.from, by), predicted: false, corrected: true };
        break;
      }
    }
  }
  return [...entries.filter((e) => !e.removed).map((e) => e.holiday), ...added].sort(
    (a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name),
  );
}

/**
 * Why a correction cannot be made, or undefined: `library` is the country's list around its date
 * (uncorrected), `existing` the country's corrections.
 */
export function correctionProblem(
  input: CorrectionInput,
  library: readonly PublicHoliday[],
  existing: readonly HolidayCorrection[],
): { status: 400 | 409; problem: FieldProblem } | undefined {
  const bad = (p: FieldProblem) => ({ status: 400 as const, problem: p });
  if (input.kind !== 'move' && input.to != null) return bad(fieldProblem('to', 'holidayFieldNotFor', { kind: input.kind }));
  if (input.kind !== 'add' && input.name != null) return bad(fieldProblem('name', 'holidayFieldNotFor', { kind: input.kind }));
  if (input.kind === 'add') {
    const name = input.name?.trim();
    if (!name) return bad(fieldProblem('name', 'required'));
    if (existing.some((c) => c.kind === 'add' && c.date === input.date && c.name === name))
      return { status: 409, problem: fieldProblem('date', 'holidayCorrectionExists', { date: input.date }) };
    return undefined;
  }
  const on = library.filter((h) => h.date === input.date);
  if (!on.length) return bad(fieldProblem('date', 'holidayNotInLibrary', { date: input.date, country: input.country }));
  if (input.kind === 'confirm' && !on.some((h) => h.predicted))
    return bad(fieldProblem('date', 'holidayNotPredicted', { date: input.date }));
  if (input.kind === 'move') {
    if (!input.to) return bad(fieldProblem('to', 'required'));
    if (input.to === input.date) return bad(fieldProblem('to', 'holidayMoveSameDay'));
    if (Math.abs(daysBetween(input.date, input.to)) > MAX_MOVE_DAYS)
      return bad(fieldProblem('to', 'holidayMoveTooFar', { max: MAX_MOVE_DAYS }));
  }
  // one of remove, move or confirm per day of the library: a second would say two things of it
  if (existing.some((c) => c.kind !== 'add' && c.date === input.date))
    return { status: 409, problem: fieldProblem('date', 'holidayCorrectionExists', { date: input.date }) };
  return undefined;
}
