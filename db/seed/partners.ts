// The partners the demo events were held with and the regional organizations ITU works with most.
// Their ids are the form of their English names (slugOf), so an event's partner typed as text
// before the list existed ('UNCDF', 'European Commission') is the partner of the list.
import { slugOf } from '../../src/domain/reference.js';
import type { PartnerSeed } from './types.js';

const named = (...names: string[]): PartnerSeed[] => names.map((name) => ({ id: slugOf(name), name }));

export const partners: PartnerSeed[] = named(
  'APT',
  'ATU',
  'Anatel',
  'BICMA',
  'BNM',
  'CEPT',
  'CITEL',
  'CRASA',
  'DoT India',
  'EACO',
  'ESCAP',
  'Embassy of Japan in Brazil',
  'European Commission',
  'LAS',
  'Ministry of Digital Development, Innovations and Space Industry of Kazakhstan',
  'NICF',
  'NTIPRIT',
  'RCC',
  'TRA Oman',
  'UNCDF',
  'UNCT India',
  'UNCT Thailand',
);
