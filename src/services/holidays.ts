import DateHolidays from 'date-holidays';
import { DateTime } from 'luxon';
import { HIJRI_MONTHS, type HolidayCalendar, type PublicHoliday } from '../domain/holidays.js';

// days off: 'public' and 'bank' holidays; 'optional', 'school' and 'observance' days are worked
const DAYS_OFF = new Set(['public', 'bank']);
const HIJRI = new RegExp(`\\b(${HIJRI_MONTHS.join('|')})\\b`);

/**
 * Public holidays from date-holidays (data under ISC and CC BY 3.0, see the README), one instance
 * per country and computed years kept: a holiday list does not change while the service runs.
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
    const seen = new Set<string>();
    const list: PublicHoliday[] = [];
    for (const h of library.getHolidays(year, language)) {
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

  private library(country: string): DateHolidays | null {
    if (!this.byCountry.has(country)) {
      const known = Object.prototype.hasOwnProperty.call(new DateHolidays().getCountries(), country);
      this.byCountry.set(country, known ? new DateHolidays(country) : null);
    }
    return this.byCountry.get(country)!;
  }
}
