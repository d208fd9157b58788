import {
  isArgumentElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import t from 'tap';
import { CATALOGS, TRANSLATED_LOCALES, type TranslatedKey } from '../src/i18n/catalogs.js';
import { en } from '../src/i18n/messages/en.js';

/**
 * What a message is made of, apart from its words: every placeholder with its kind, every tag, and
 * the cases of every select. A translation must have the same, or a value would go missing or a
 * link lose its words. Plural cases are the language's own (CLDR), checked separately.
 */
interface Shape {
  args: Set<string>;
  tags: Set<string>;
  selects: Map<string, Set<string>>;
  plurals: Map<string, { ordinal: boolean; categories: Set<string> }[]>;
}

function shapeOf(message: string): Shape {
  const shape: Shape = { args: new Set(), tags: new Set(), selects: new Map(), plurals: new Map() };
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (isArgumentElement(el)) shape.args.add(`${el.value}`);
      else if (isNumberElement(el)) shape.args.add(`${el.value}:number`);
      else if (isDateElement(el)) shape.args.add(`${el.value}:date`);
      else if (isTimeElement(el)) shape.args.add(`${el.value}:time`);
      else if (isTagElement(el)) {
        shape.tags.add(el.value);
        walk(el.children);
      } else if (isSelectElement(el)) {
        shape.args.add(`${el.value}:select`);
        const cases = shape.selects.get(el.value) ?? new Set<string>();
        for (const [k, option] of Object.entries(el.options)) {
          cases.add(k);
          walk(option.value);
        }
        shape.selects.set(el.value, cases);
      } else if (isPluralElement(el)) {
        shape.args.add(`${el.value}:plural`);
        const categories = new Set(Object.keys(el.options).filter((k) => !k.startsWith('=')));
        shape.plurals.set(el.value, [...(shape.plurals.get(el.value) ?? []), { ordinal: el.pluralType === 'ordinal', categories }]);
        for (const option of Object.values(el.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return shape;
}

/** Words a language spells as English does (French "Forum", "Europe"): a translation, not a copy. */
const SAME_AS_ENGLISH: Partial<Record<string, string[]>> = {
  fr: [
    'kind.forum',
    'kinds.forum',
    'region.europe',
    'region.short.europe',
    'holidays.date',
    'holidays.note',
    'groupKind.programme',
    'form.label.date',
  ],
};

const sorted = (s: Iterable<string>) => [...s].sort();
const englishKeys = Object.keys(en).filter((k) => !k.startsWith('cli.')) as TranslatedKey[];

t.test('six languages: English and five translations', async (t) => {
  t.same(sorted(TRANSLATED_LOCALES), ['ar', 'es', 'fr', 'ru', 'zh']);
});

for (const locale of TRANSLATED_LOCALES) {
  t.test(`${locale}: every key of the English catalog, no other, each with the English message's shape`, async (t) => {
    const catalog = CATALOGS[locale] as Record<string, string>;
    t.same(
      sorted(Object.keys(catalog).filter((k) => !(k in en) || k.startsWith('cli.'))),
      [],
      'no key English does not have (the command line stays English)',
    );
    t.same(
      englishKeys.filter((k) => typeof catalog[k] !== 'string'),
      [],
      'no key missing',
    );
    const cardinal = new Set(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
    const ordinal = new Set(new Intl.PluralRules(locale, { type: 'ordinal' }).resolvedOptions().pluralCategories);
    const wrong: string[] = [];
    for (const key of englishKeys) {
      const message = catalog[key];
      if (typeof message !== 'string') continue;
      let theirs: Shape;
      try {
        theirs = shapeOf(message);
      } catch (error) {
        wrong.push(`${key}: not ICU MessageFormat (${(error as Error).message})`);
        continue;
      }
      const ours = shapeOf(en[key]);
      if (sorted(theirs.args).join() !== sorted(ours.args).join())
        wrong.push(`${key}: placeholders ${sorted(theirs.args).join(', ')} instead of ${sorted(ours.args).join(', ')}`);
      if (sorted(theirs.tags).join() !== sorted(ours.tags).join())
        wrong.push(`${key}: tags ${sorted(theirs.tags).join(', ')} instead of ${sorted(ours.tags).join(', ')}`);
      for (const [arg, cases] of ours.selects)
        if (sorted(theirs.selects.get(arg) ?? []).join() !== sorted(cases).join())
          wrong.push(
            `${key}: select ${arg} has cases ${sorted(theirs.selects.get(arg) ?? []).join(', ')}, English ${sorted(cases).join(', ')}`,
          );
      for (const [arg, uses] of theirs.plurals)
        for (const use of uses) {
          const want = use.ordinal ? ordinal : cardinal;
          if (sorted(use.categories).join() !== sorted(want).join())
            wrong.push(`${key}: plural ${arg} has ${sorted(use.categories).join(', ')}, ${locale} needs ${sorted(want).join(', ')}`);
        }
    }
    t.same(wrong, [], 'placeholders, tags, select cases as in English; plural cases those of the language (CLDR)');
  });

  t.test(`${locale}: translated, not copied`, async (t) => {
    const catalog = CATALOGS[locale] as Record<string, string>;
    // a message may stay as in English only when it has no words of its own (placeholders,
    // punctuation, acronyms such as ITU-T, TSAG, ICS)
    const words = (m: string) =>
      m
        .replace(/\{[^{}]*\}/g, ' ')
        .replace(/<\/?[a-zA-Z]+>/g, ' ')
        .match(/\p{Ll}{3,}/gu) ?? [];
    const copied = englishKeys.filter((k) => catalog[k] === en[k] && words(en[k]).length > 0 && !SAME_AS_ENGLISH[locale]?.includes(k));
    t.same(copied, [], 'no English message copied as it is');
  });
}
