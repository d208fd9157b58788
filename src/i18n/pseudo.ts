import {
  isLiteralElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import type { Catalog } from './translator.js';

/**
 * The pseudo-locale en-XA, as Chromium and Android make theirs: every message's own words accented
 * and wrapped in ⟦ ⟧, its placeholders left as they are. A page rendered in it shows at a glance
 * (and to a test, exactly) any word that did not come from the catalog: it is the text outside the
 * brackets that is not data.
 */
export const PSEUDO_LOCALE = 'en-XA';
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
    c,
    [...'åƀçđéƒĝĥîĵķľɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĽṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]!,
  ]),
);

export const accent = (text: string) => text.replace(/[A-Za-z]/g, (c) => ACCENTED[c]!);

function transform(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    if (isLiteralElement(element)) return { ...element, value: accent(element.value) };
    if (isTagElement(element)) return { ...element, children: transform(element.children) };
    if (isPluralElement(element) || isSelectElement(element)) {
      const options = Object.fromEntries(
        Object.entries(element.options).map(([k, option]) => [k, { ...option, value: transform(option.value) }]),
      );
      return { ...element, options };
    }
    return element;
  });
}

/** The pseudo-locale's catalog, made from the English one. */
export function pseudoCatalog(english: Record<string, string>): Catalog {
  return Object.fromEntries(
    Object.entries(english).map(([key, message]) => [
      key,
      [{ type: 0, value: PSEUDO_OPEN }, ...transform(parse(message)), { type: 0, value: PSEUDO_CLOSE }] as MessageFormatElement[],
    ]),
  ) as Catalog;
}
