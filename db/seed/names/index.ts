import type { SeedNames } from '../types.js';
import { names as ar } from './ar.js';
import { names as es } from './es.js';
import { names as fr } from './fr.js';
import { names as ru } from './ru.js';
import { names as zh } from './zh.js';

/** The reference data's names in ITU's other official languages; English is the seed's own. */
export const TRANSLATED_NAMES: Readonly<Record<string, SeedNames>> = { ar, es, fr, ru, zh };
