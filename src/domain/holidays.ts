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
