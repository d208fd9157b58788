import type { EventSeed, RegionId } from './types.js';

/**
 * The regular coordination calls of TSB management with the ITU Office for Europe and the
 * regional offices (report section 3), as monthly series in Geneva time, each in its office's calendar.
 */
const call = (region: RegionId, office: string, name: string, rule: string, start: string, hour: string): EventSeed => ({
  id: `demo-coordination-${region}`,
  title: `TSB coordination call with the ${name}`,
  kind: 'coordination-call',
  status: 'confirmed',
  // TSB's calls with an office are not for publication: ITU staff see them, the public feeds do not
  visibility: 'internal',
  // the regional office is the organizer, so its contacts get the reminders; TSB may edit it too
  office,
  region,
  groups: [],
  partners: [],
  venue: { virtual: true },
  timeZone: 'Europe/Zurich',
  start: `${start}T${hour}`,
  end: `${start}T${String(Number(hour.slice(0, 2)) + 1).padStart(2, '0')}${hour.slice(2)}`,
  recurrence: `${rule};UNTIL=20271231T230000Z`,
  description: `Monthly overview of TSB activities in the region with the ${name}: updates from each TSB department and coordination of upcoming events (One ITU).`,
});

export const coordinationCalls: EventSeed[] = [
  call('europe', 'ro-europe', 'ITU Office for Europe', 'FREQ=MONTHLY;BYDAY=2TU', '2023-09-12', '14:00'),
  call('africa', 'ro-africa', 'Regional Office for Africa', 'FREQ=MONTHLY;BYDAY=1WE', '2023-09-06', '13:00'),
  call('americas', 'ro-americas', 'Regional Office for the Americas', 'FREQ=MONTHLY;BYDAY=3WE', '2023-09-20', '15:00'),
  call('arab-states', 'ro-arab-states', 'Regional Office for the Arab States', 'FREQ=MONTHLY;BYDAY=1TH', '2023-09-07', '13:00'),
  call('asia-pacific', 'ro-asia-pacific', 'Regional Office for Asia and the Pacific', 'FREQ=MONTHLY;BYDAY=2TH', '2023-09-14', '10:00'),
  call('cis', 'ro-cis', 'Regional Office for the CIS Region', 'FREQ=MONTHLY;BYDAY=3TH', '2023-09-21', '13:00'),
];
