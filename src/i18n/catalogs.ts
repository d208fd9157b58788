import type { TranslatedCatalog } from './messages/en.js';
import { ar } from './messages/ar.js';
import { es } from './messages/es.js';
import { fr } from './messages/fr.js';
import { ru } from './messages/ru.js';
import { zh } from './messages/zh.js';

export type { TranslatedCatalog, TranslatedKey } from './messages/en.js';

/** ITU's other five official languages; English (messages/en.ts) is the source and the fallback. */
export const CATALOGS = { ar, es, fr, ru, zh } as const satisfies Record<string, TranslatedCatalog>;

export type TranslatedLocale = keyof typeof CATALOGS;
export const TRANSLATED_LOCALES = Object.keys(CATALOGS) as TranslatedLocale[];
