import { LOCALE } from '../domain/vocabulary.js';
import { DateTime } from 'luxon';
import type { ActivityReport, Comparison, RegionSection, ReportEvent, Totals } from './activity.js';

/** Shared wording of the Markdown and HTML reports. */

export const number = (n: number) => n.toLocaleString(LOCALE);
export const longDate = (iso: string) => DateTime.fromISO(iso).toFormat('d LLLL yyyy');
export const period = (report: ActivityReport) => `${longDate(report.from)} – ${longDate(report.to)}`;

/** "ITU-T SG20: … 13 - 22 September 2023, Arusha, Tanzania" */
export function eventLine(e: ReportEvent, groupName: (id: string) => string): string {
  const notes = [
    e.status === 'tentative' ? 'tentative' : null,
    e.occurrences !== null ? `${e.occurrences} occurrence${e.occurrences === 1 ? '' : 's'} in the period` : null,
    e.participants !== null ? `${number(e.participants)} participants${e.countries !== null ? ` from ${number(e.countries)} countries` : ''}` : null,
  ].filter(Boolean);
  const groups = e.groups.length ? ` [${e.groups.map(groupName).join('; ')}]` : '';
  return `${e.title} ${e.dates}, ${e.venue}${groups}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

export function countsLine(t: Totals): string {
  if (t.events === 0) return 'No events in the period.';
  const detail = [
    t.inPerson || t.remote ? `${number(t.inPerson)} in person, ${number(t.remote)} online` : null,
    t.women ? `${number(t.women)} women` : null,
  ].filter(Boolean);
  return (
    `${number(t.events)} event${t.events === 1 ? '' : 's'}; participant counts registered for ${t.withCounts}: ` +
    `${number(t.participants)} participants, ${number(t.countryParticipations)} country participations` +
    (detail.length ? ` (${detail.join('; ')})` : '') +
    '.'
  );
}

const arrow = { up: '▲', down: '▼', same: '=' } as const;

export function comparisonLine(c: Comparison, report: ActivityReport): string {
  return (
    `Compared with ${longDate(report.previousFrom)} – ${longDate(report.previousTo)}: ` +
    `events ${arrow[c.events]} (${number(c.previousEvents)} before), participants ${arrow[c.participants]} (${number(c.previousParticipants)} before).`
  );
}

export const sectionHeading = (s: RegionSection) => (s.office ? `${s.region.name} – ${s.office}` : s.region.name);
