import type { MessageKey } from './messages/en.js';
import { ar } from './messages/ar.js';
import { es } from './messages/es.js';
import { fr } from './messages/fr.js';
import { ru } from './messages/ru.js';
import { zh } from './messages/zh.js';

/** The keys a translation has: all but the command line's, whose words stay English. */
export type TranslatedKey = Exclude<MessageKey, `cli.${string}`>;

/** A translation of the English catalog: every key, each with the English message's placeholders and tags. */
export type TranslatedCatalog = Record<TranslatedKey, string>;

/** ITU's other five official languages; English (messages/en.ts) is the source and the fallback. */
export const CATALOGS = { ar, es, fr, ru, zh } as const satisfies Record<string, TranslatedCatalog>;

export type TranslatedLocale = keyof typeof CATALOGS;
export const TRANSLATED_LOCALES = Object.keys(CATALOGS) as TranslatedLocale[];
