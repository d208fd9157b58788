import type { Clash } from '../domain/clashes.js';
import type { Message, Translator } from './translator.js';

/*
 * A collision in words: its message from the catalog (`clash.<kind>`), with the other event's
 * days or the holiday's date through Intl in the reader's language. The API says it in English,
 * a page in its reader's language with the other event's title as a link (`<event>` in the
 * message) and a predicted holiday marked (`<predicted>`).
 */

const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** A local date, 'Tue, 12 Jan 2027', in the reader's language. */
export const clashDate = (t: Translator, date: string): string => t.dateTime(dayMs(date), DAY);

/** Local days, one or a range, in the reader's language. */
export const clashDays = (t: Translator, first: string, last: string): string =>
  first === last ? clashDate(t, first) : t.dateTimeRange(dayMs(first), dayMs(last), DAY);

/** A country's name in the reader's language, from its ISO code. */
export const countryName = (t: Translator, code: string): string =>
  new Intl.DisplayNames([t.intlLocale], { type: 'region', fallback: 'code' }).of(code) ?? code;

/** The message of a collision (without the occurrence it concerns). */
export function clashMessage(t: Translator, clash: Clash, groupLabel: (id: string) => string): Message {
  if (clash.kind === 'holiday') {
    return {
      key: 'clash.holiday',
      values: {
        date: clashDate(t, clash.date),
        name: clash.name,
        country: countryName(t, clash.country),
        predicted: clash.predicted ? 'yes' : 'no',
      },
    };
  }
  return {
    key: `clash.${clash.kind}`,
    values: {
      title: clash.other.title,
      dates: clashDays(t, clash.other.first, clash.other.last),
      group: clash.group === null ? '' : groupLabel(clash.group),
      apart: t.t('clash.apart', { days: clash.days }),
    },
  };
}

/** The occurrence a warning concerns, as its words begin ('Occurrence of Tue, 12 Jan 2027:'); '' for a single event. */
export const occurrenceWords = (t: Translator, clash: Clash): string =>
  clash.occurrence === null ? '' : t.t('clash.occurrenceOf', { date: clashDate(t, clash.occurrence) });

/** A collision as one line of text: what the API's `message` says, in English. */
export function clashText(t: Translator, clash: Clash, groupLabel: (id: string) => string): string {
  const words = t.say(clashMessage(t, clash, groupLabel));
  const occurrence = occurrenceWords(t, clash);
  return occurrence ? `${occurrence} ${words}` : words;
}
