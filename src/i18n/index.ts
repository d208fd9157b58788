import { CATALOGS } from './catalogs.js';
import { en } from './messages/en.js';
import { pseudoCatalog, PSEUDO_LOCALE } from './pseudo.js';
import { Translator, type Catalog } from './translator.js';

export { Translator, type Catalog, type Message, type MessageValues, type Tags } from './translator.js';
export type { MessageKey } from './messages/en.js';
export { PSEUDO_LOCALE } from './pseudo.js';

/** ITU's six official languages; English is the fallback of every other. */
export const LOCALES = ['ar', 'en', 'es', 'fr', 'ru', 'zh'] as const;
export type OfficialLocale = (typeof LOCALES)[number];
export type Locale = OfficialLocale | typeof PSEUDO_LOCALE;
export const DEFAULT_LOCALE: OfficialLocale = 'en';

/** Each language as it names itself, for the switcher: the same words whatever the page's language. */
export const AUTONYMS: Readonly<Record<OfficialLocale, string>> = {
  ar: 'العربية',
  zh: '中文',
  en: 'English',
  fr: 'Français',
  ru: 'Русский',
  es: 'Español',
};

/**
 * What Intl is asked for in each language: English dates as ITU writes them (day month year), and
 * Chinese in its simplified script. Arabic keeps Intl's Arabic digits and right-to-left order.
 */
const INTL_LOCALE: Readonly<Record<OfficialLocale, string>> = { ar: 'ar', en: 'en-GB', es: 'es', fr: 'fr', ru: 'ru', zh: 'zh-CN' };

export const isLocale = (value: unknown): value is OfficialLocale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

const made = new Map<Locale, Translator>();

/** The translator of a locale, made once per process. */
export function translatorFor(locale: Locale = DEFAULT_LOCALE): Translator {
  let translator = made.get(locale);
  if (!translator) {
    if (locale === PSEUDO_LOCALE) translator = new Translator(PSEUDO_LOCALE, 'en-GB', 'ltr', pseudoCatalog(en));
    else if (locale === 'en') translator = new Translator('en', INTL_LOCALE.en, 'ltr', en);
    else {
      // the command line's messages are English in every language (they are not translated)
      const catalog: Catalog = { ...en, ...CATALOGS[locale] };
      translator = new Translator(locale, INTL_LOCALE[locale], locale === 'ar' ? 'rtl' : 'ltr', catalog);
    }
    made.set(locale, translator);
  }
  return translator;
}

/** English: what the API's messages, the logs and the command line's own messages are written in. */
export const english = (): Translator => translatorFor('en');

/**
 * The best of the six for an Accept-Language header: the first language range (by weight, then
 * order) whose primary language is one of them; `zh-TW` reads Simplified Chinese rather than
 * nothing. Undefined when none is.
 */
export function fromAcceptLanguage(header: string | undefined): OfficialLocale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && Number.isFinite(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map((r) => r.primary).find(isLocale);
}

/**
 * The page's language, from what the request says, strongest first: `?lang=` (the switcher's
 * links, which keep the path and so a `/fr/` prefix too), the path's prefix (`/fr/…`), the cookie
 * the switcher sets, the browser's Accept-Language, then English.
 */
export function chooseLocale(said: {
  prefix?: string | undefined;
  query?: unknown;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): OfficialLocale {
  for (const candidate of [said.query, said.prefix, said.cookie]) if (isLocale(candidate)) return candidate;
  return fromAcceptLanguage(said.acceptLanguage) ?? DEFAULT_LOCALE;
}

/**
 * A page's path with its language prefix taken off (`/fr/events/x` → `/events/x`, `/fr` → `/`), and
 * the language; a path without one comes back as it is.
 */
export function splitLocalePrefix(url: string): { locale?: OfficialLocale; rest: string } {
  const match = /^\/([a-z]{2})(?=[/?#]|$)/.exec(url);
  if (!match || !isLocale(match[1])) return { rest: url };
  const rest = url.slice(match[0].length);
  return { locale: match[1], rest: rest.startsWith('/') ? rest : `/${rest}` };
}
