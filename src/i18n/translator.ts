import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { isPluralElement, isSelectElement, isTagElement, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { escapeHtml, Html } from '../html.js';
import type { MessageKey } from './messages/en.js';

/** What a message's placeholders take: text, numbers, dates (ICU formats them with the locale). */
export type MessageValues = Record<string, PrimitiveType>;

/** A message to say later, in whichever language the reader has: a problem, a notice, a rule in words. */
export interface Message {
  key: MessageKey;
  values?: MessageValues | undefined;
}

/** A catalog: every key's ICU MessageFormat text, or its parsed form (the pseudo-locale builds those). */
export type Catalog = Record<MessageKey, string | MessageFormatElement[]>;

/** Markup a rich message wraps around a part of its text: `<link>…</link>` in the catalog, an Html function here. */
export type Tags = Record<string, (chunks: Html) => Html>;

/**
 * Everything a reader sees in one language: the catalog's messages, and dates, times, numbers and
 * lists through Intl with the locale's conventions. Made once per locale (see `translators`): the
 * compiled messages and Intl formatters are cached on it.
 */
export class Translator {
  private readonly compiled = new Map<
    MessageKey,
    { format: IntlMessageFormat; plainTags: Record<string, (chunks: unknown[]) => string> }
  >();
  private readonly formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

  constructor(
    /** the locale as the service names it ('en', 'fr', 'en-XA') */
    readonly locale: string,
    /** what Intl is asked for: the conventions of dates and numbers ('en-GB' for English) */
    readonly intlLocale: string,
    /** 'rtl' for Arabic */
    readonly dir: 'ltr' | 'rtl',
    private readonly catalog: Catalog,
  ) {}

  /** The first day of the week where the reader's language is at home (1 Monday … 7 Sunday, CLDR's): Saturday in Arabic. */
  get weekStart(): number {
    const locale = new Intl.Locale(this.intlLocale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    // Node.js 20 has the weekInfo accessor, newer V8 the getWeekInfo() method that replaced it
    return (locale.getWeekInfo?.() ?? locale.weekInfo)?.firstDay ?? 1;
  }

  /** The value of an HTML `lang` attribute. */
  get lang(): string {
    return this.locale;
  }

  /** A message as text. */
  t(key: MessageKey, values?: MessageValues): string {
    const { format, plainTags } = this.message(key);
    // a message's tags (the link of a sentence on a page) are plain text where there is no markup
    const result = format.format<string>({ ...plainTags, ...values });
    return Array.isArray(result) ? result.join('') : String(result);
  }

  /**
   * The name of a field as a person reads it ("in person" for inPerson); an item of a list is its
   * list's ("partners" for partners.1); a field this catalog does not name stays as it is.
   */
  fieldLabel(field: string): string {
    const translation = /^translations\.([a-z]{2})\.(title|description)$/.exec(field);
    if (translation) {
      // the language named in the reader's, by Intl: "title in French", « titre en français »
      const language = new Intl.DisplayNames([this.intlLocale], { type: 'language' }).of(translation[1]!) ?? translation[1]!;
      return this.t('field.translation', { field: this.fieldLabel(translation[2]!), language });
    }
    const parts = field.split('.').filter((part) => !/^\d+$/.test(part));
    // then what it is part of: 'translations.fr.title' is one of the translations
    for (const name of [field, ...parts.map((_, i) => parts.slice(0, parts.length - i).join('.'))]) {
      const key = `field.${name}`;
      if (key in this.catalog) return this.t(key as MessageKey);
    }
    return field;
  }

  /** The catalog's name for a time zone's city ("Geneva" for Europe/Zurich), if it has one. */
  zoneCity(zone: string): string | undefined {
    const key = `zone.${zone}`;
    return key in this.catalog ? this.t(key as MessageKey) : undefined;
  }

  /** A message said later (a problem, a notice), as text. */
  say(message: Message): string {
    return this.t(message.key, message.values);
  }

  /**
   * A message as HTML: its text and values escaped, its tags (`<link>…</link>`) made by `tags`, so a
   * translation may move a link within its sentence without writing markup of its own.
   */
  html(key: MessageKey, values: MessageValues = {}, tags: Tags = {}): Html {
    const wrapped = Object.fromEntries(Object.entries(tags).map(([name, tag]) => [name, (chunks: unknown[]) => tag(fragment(chunks))]));
    const { format, plainTags } = this.message(key);
    const parts = format.format<Html>({ ...plainTags, ...values, ...wrapped });
    return fragment(Array.isArray(parts) ? parts : [parts]);
  }

  /** A date or time through Intl, in this locale; `zone` is the IANA zone to show the instant in. */
  dateTime(instant: Date | number, options: Intl.DateTimeFormatOptions): string {
    return this.dateFormat(options).format(instant);
  }

  /**
   * A range of dates or times as this locale writes it ("19 – 20 September 2023"); `separator`
   * replaces the one Intl puts between the two ends (ITU's documents write "19 - 20 September").
   */
  dateTimeRange(start: Date | number, end: Date | number, options: Intl.DateTimeFormatOptions, separator?: string): string {
    const format = this.dateFormat(options);
    // Intl sets a range's dash between thin spaces: plain ones read the same, in mail text too
    if (separator === undefined) return format.formatRange(start, end).replace(/\u2009/g, ' ');
    const parts = format.formatRangeToParts(start, end);
    const between = parts.findIndex((p, i) => p.source === 'shared' && p.type === 'literal' && parts[i - 1]?.source === 'startRange');
    return parts.map((p, i) => (i === between && parts.slice(i + 1).some((q) => q.source === 'endRange') ? separator : p.value)).join('');
  }

  /**
   * A zone's offset at an instant as this locale writes it: "GMT+3", "UTC+3" in French, "غرينتش+3"
   * in Arabic. Taken from Intl's parts, as the date Intl writes beside it comes in any order.
   */
  zoneOffset(instant: Date | number, zone: string): string {
    const parts = this.dateFormat({ timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(instant);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
  }

  /** A zone's generic name at an instant as this locale says it: "CET", "توقيت مصر", "泰国时间". */
  zoneName(instant: Date | number, zone: string): string {
    const parts = this.dateFormat({ timeZone: zone, timeZoneName: 'shortGeneric' }).formatToParts(instant);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
  }

  number(n: number, options: Intl.NumberFormatOptions = {}): string {
    const key = `n${JSON.stringify(options)}`;
    let format = this.formats.get(key) as Intl.NumberFormat | undefined;
    if (!format) this.formats.set(key, (format = new Intl.NumberFormat(this.intlLocale, options)));
    return format.format(n);
  }

  /** "A, B and C" (or "or") as this locale joins a list. */
  list(items: string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
    const key = `l${type}`;
    let format = this.formats.get(key) as Intl.ListFormat | undefined;
    if (!format) this.formats.set(key, (format = new Intl.ListFormat(this.intlLocale, { type })));
    return format.format(items);
  }

  /** A country's name in the reader's language, by Intl.DisplayNames, from its ISO 3166-1 alpha-2 code ("Tanzania" for TZ). */
  countryName(code: string): string {
    this.regionNames ??= new Intl.DisplayNames([this.intlLocale], { type: 'region', fallback: 'code' });
    return this.regionNames.of(code) ?? code;
  }

  /** Countries by their codes, named in the reader's language and in its alphabetical order. */
  countries(codes: readonly string[]): { code: string; name: string }[] {
    this.collator ??= new Intl.Collator(this.intlLocale);
    const collator = this.collator;
    return codes.map((code) => ({ code, name: this.countryName(code) })).sort((a, b) => collator.compare(a.name, b.name));
  }

  private regionNames: Intl.DisplayNames | undefined;
  private collator: Intl.Collator | undefined;

  private dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `d${JSON.stringify(options)}`;
    let format = this.formats.get(key) as Intl.DateTimeFormat | undefined;
    if (!format) this.formats.set(key, (format = new Intl.DateTimeFormat(this.intlLocale, options)));
    return format;
  }

  private message(key: MessageKey) {
    let message = this.compiled.get(key);
    if (!message) {
      const source = this.catalog[key];
      if (source === undefined) throw new Error(`no message '${key}' in the ${this.locale} catalog`);
      const format = new IntlMessageFormat(source, this.intlLocale);
      const plainTags = Object.fromEntries([...tagNames(format.getAst())].map((name) => [name, (chunks: unknown[]) => chunks.join('')]));
      message = { format, plainTags };
      this.compiled.set(key, message);
    }
    return message;
  }
}

/** The parts of a formatted rich message as one piece of HTML: text escaped, markup kept. */
function fragment(parts: unknown[]): Html {
  return new Html(parts.map((p) => (p instanceof Html ? p.value : Array.isArray(p) ? fragment(p).value : escapeHtml(String(p)))).join(''));
}

/** The names of the tags a message uses, in every branch of its plurals and selects. */
export function tagNames(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (isTagElement(element)) {
      into.add(element.value);
      tagNames(element.children, into);
    } else if (isPluralElement(element) || isSelectElement(element)) {
      for (const option of Object.values(element.options)) tagNames(option.value, into);
    }
  }
  return into;
}
