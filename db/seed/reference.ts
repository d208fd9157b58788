import type { OfficeSeed, RegionSeed } from './types.js';

export const regions: RegionSeed[] = [
  { id: 'africa', name: 'Africa' },
  { id: 'americas', name: 'Americas' },
  { id: 'arab-states', name: 'Arab States' },
  { id: 'asia-pacific', name: 'Asia and the Pacific' },
  { id: 'cis', name: 'Commonwealth of Independent States' },
  { id: 'europe', name: 'Europe' },
];

// Contact addresses are placeholders; OFFICE_EMAILS replaces them per office.
const mailbox = (id: string) => [`${id}@example.org`];

export const offices: OfficeSeed[] = [
  { id: 'ro-africa', name: 'ITU Regional Office for Africa', kind: 'regional', region: 'africa', city: 'Addis Ababa', country: 'Ethiopia', timeZone: 'Africa/Addis_Ababa', emails: mailbox('ro-africa') },
  { id: 'ro-americas', name: 'ITU Regional Office for the Americas', kind: 'regional', region: 'americas', city: 'Brasilia', country: 'Brazil', timeZone: 'America/Sao_Paulo', emails: mailbox('ro-americas') },
  { id: 'ro-arab-states', name: 'ITU Regional Office for the Arab States', kind: 'regional', region: 'arab-states', city: 'Cairo', country: 'Egypt', timeZone: 'Africa/Cairo', emails: mailbox('ro-arab-states') },
  { id: 'ro-asia-pacific', name: 'ITU Regional Office for Asia and the Pacific', kind: 'regional', region: 'asia-pacific', city: 'Bangkok', country: 'Thailand', timeZone: 'Asia/Bangkok', emails: mailbox('ro-asia-pacific') },
  { id: 'ro-cis', name: 'ITU Regional Office for the CIS Region', kind: 'regional', region: 'cis', city: 'Moscow', country: 'Russian Federation', timeZone: 'Europe/Moscow', emails: mailbox('ro-cis') },
  { id: 'ro-europe', name: 'ITU Office for Europe', kind: 'regional', region: 'europe', city: 'Geneva', country: 'Switzerland', timeZone: 'Europe/Zurich', emails: mailbox('ro-europe') },
  { id: 'tsb', name: 'Telecommunication Standardization Bureau', kind: 'headquarters', region: 'europe', city: 'Geneva', country: 'Switzerland', timeZone: 'Europe/Zurich', emails: mailbox('tsb') },
  { id: 'ao-dakar', name: 'ITU Area Office in Dakar', kind: 'area', region: 'africa', city: 'Dakar', country: 'Senegal', timeZone: 'Africa/Dakar', emails: mailbox('ao-dakar') },
  { id: 'ao-harare', name: 'ITU Area Office in Harare', kind: 'area', region: 'africa', city: 'Harare', country: 'Zimbabwe', timeZone: 'Africa/Harare', emails: mailbox('ao-harare') },
  { id: 'ao-yaounde', name: 'ITU Area Office in Yaoundé', kind: 'area', region: 'africa', city: 'Yaoundé', country: 'Cameroon', timeZone: 'Africa/Douala', emails: mailbox('ao-yaounde') },
  { id: 'ao-bridgetown', name: 'ITU Area Office in Bridgetown', kind: 'area', region: 'americas', city: 'Bridgetown', country: 'Barbados', timeZone: 'America/Barbados', emails: mailbox('ao-bridgetown') },
  { id: 'ao-santiago', name: 'ITU Area Office in Santiago', kind: 'area', region: 'americas', city: 'Santiago', country: 'Chile', timeZone: 'America/Santiago', emails: mailbox('ao-santiago') },
  { id: 'ao-tegucigalpa', name: 'ITU Area Office in Tegucigalpa', kind: 'area', region: 'americas', city: 'Tegucigalpa', country: 'Honduras', timeZone: 'America/Tegucigalpa', emails: mailbox('ao-tegucigalpa') },
  { id: 'ao-jakarta', name: 'ITU Area Office in Jakarta', kind: 'area', region: 'asia-pacific', city: 'Jakarta', country: 'Indonesia', timeZone: 'Asia/Jakarta', emails: mailbox('ao-jakarta') },
  { id: 'ao-new-delhi', name: 'ITU Area Office in New Delhi', kind: 'area', region: 'asia-pacific', city: 'New Delhi', country: 'India', timeZone: 'Asia/Kolkata', emails: mailbox('ao-new-delhi') },
];
