import type { Translator } from '../i18n/index.js';

/** The dates of a report, in its language. */

const dayMs = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
const LONG: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };

export const longDate = (t: Translator, iso: string) => t.dateTime(dayMs(iso), LONG);

/**
 * "13 - 22 September 2023", "30 September - 2 October 2023", "12 September 2023": the dates of a
 * report line, as ITU's reports write them (the separator is the catalog's, the rest Intl's).
 */
export function reportDates(t: Translator, start: string, end: string): string {
  if (start.slice(0, 10) === end.slice(0, 10)) return longDate(t, start);
  return t.dateTimeRange(dayMs(start), dayMs(end), LONG, t.t('report.rangeSeparator'));
}
