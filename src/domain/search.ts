/**
 * Text search (`q`): the stored text and the query are folded alike, then the folded query is
 * looked for as a substring of the folded text. Substrings, not words, so that scripts written
 * without spaces match too: 会议 finds 区域标准化会议.
 *
 * Folding, in every script:
 * - compatibility forms become their plain letters (NFKD): ﬁ → fi, full-width ＩＴＵ → ITU, Arabic
 *   presentation forms → the letters;
 * - case is folded (upper then lower case, as Unicode's full case folding does): ÉTHIOPIE, МОСКВА,
 *   ΑΘΗΝΑ find Éthiopie, Москва, Αθήνα; ß is ss; a final ς is σ;
 * - combining marks that Unicode gives no script of their own (accents, the Greek tonos, the
 *   Arabic harakat and hamza above or below, the Cyrillic breve and diaeresis, kana voicing marks)
 *   are dropped, and so is the Arabic tatweel: éthiopie and ethiopie find Éthiopie, مؤتمر finds
 *   مُؤْتَمَر, أ and إ are ا, ё is е (and й is и). Marks that belong to a script (Devanagari vowel
 *   signs, Hebrew points) are letters there and stay;
 * - typographic apostrophes and dashes are the keyboard's ' and -, and any run of white space
 *   is one space.
 * Case is folded before marks are dropped, so the Greek iota subscript is the iota that case
 * folding makes it (ᾳ, ΑΙ and αι are one).
 */

// combining marks of the Inherited script (accents and their like), and the tatweel (kashida)
const MARKS = /(?=\p{Mn})\p{Script=Inherited}|\u0640/gu;
const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u2032]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
// control characters too: the stored text joins its parts with one, which a query must never match
const SPACES = /[\s\p{Cc}]+/gu;

/** The text as search compares it. */
export function foldForSearch(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toUpperCase()
      .toLowerCase()
      // case mapping can compose again (ǰ → J̌ → ǰ), and compatibility forms can be capitals (ℌ → H)
      .normalize('NFKD')
      .replace(MARKS, '')
      // toLowerCase writes a Σ at a word's end as ς, also at the end of a query cut mid-word; ẞ has
      // become ß, which is ss as ß's capitals are
      .replace(/ς/g, 'σ')
      .replace(/ß/g, 'ss')
      .replace(APOSTROPHES, "'")
      .replace(DASHES, '-')
      .replace(SPACES, ' ')
  );
}

/** What the query `q` looks for in the folded text; '' when it has nothing to look for. */
export function searchQuery(q: string): string {
  return foldForSearch(q).trim();
}

/** Between the parts of an event's search text: folded text never holds it, so no query spans two parts. */
export const SEARCH_PART_SEPARATOR = '\u001F';

/** What `q` searches in an event. */
export interface SearchedFields {
  title: string;
  description: string | null;
  venue: { name: string | null; city: string | null; country: string | null };
  partners: readonly string[];
  translations: Partial<Record<string, { title: string; description?: string | null }>>;
}

/**
 * An event's folded search text: title, description, venue (name, city, country), partners, and
 * the title and description in every language it is translated into, so `q` finds it by any.
 */
export function eventSearchText(fields: SearchedFields): string {
  const translated = Object.values(fields.translations).flatMap((text) => (text ? [text.title, text.description] : []));
  const parts = [
    fields.title,
    fields.description,
    fields.venue.name,
    fields.venue.city,
    fields.venue.country,
    ...fields.partners,
    ...translated,
  ];
  return parts
    .filter((part): part is string => !!part)
    .map(foldForSearch)
    .join(SEARCH_PART_SEPARATOR);
}

/**
 * Names the folding and the searched fields. Change it with either: the next start refolds the
 * search text of every stored event (src/store/database.ts).
 */
export const SEARCH_FOLD_VERSION = '2';
