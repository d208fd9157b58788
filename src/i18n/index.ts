import { en } from './messages/en.js';
import { pseudoCatalog, PSEUDO_LOCALE } from './pseudo.js';
import { Translator } from './translator.js';

export { Translator, type Catalog, type Message, type MessageValues, type Tags } from './translator.js';
export type { MessageKey } from './messages/en.js';
export { PSEUDO_LOCALE } from './pseudo.js';

/** The locales there are catalogs for; English is the fallback. */
export const LOCALES = ['en'] as const;
export type Locale = (typeof LOCALES)[number] | typeof PSEUDO_LOCALE;
export const DEFAULT_LOCALE: Locale = 'en';

const made = new Map<Locale, Translator>();

/** The translator of a locale, made once per process. */
export function translatorFor(locale: Locale = DEFAULT_LOCALE): Translator {
  let translator = made.get(locale);
  if (!translator) {
    translator =
      locale === PSEUDO_LOCALE
        ? new Translator(PSEUDO_LOCALE, 'en-GB', 'ltr', pseudoCatalog(en))
        : new Translator('en', 'en-GB', 'ltr', en);
    made.set(locale, translator);
  }
  return translator;
}

/** English: what the API's messages, the logs and the command line's own messages are written in. */
export const english = (): Translator => translatorFor('en');
