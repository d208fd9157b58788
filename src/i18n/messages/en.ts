/**
 * Every word a person reads, in English: the fallback and the source of every translation. ICU
 * MessageFormat (plurals, selects, `<tag>…</tag>` around the words a page makes a link).
 */
export const en = {
  'site.name': 'ITU-T regional events',
} as const;

export type MessageKey = keyof typeof en;
