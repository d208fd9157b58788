import { LOCALE } from '../domain/vocabulary.js';
import { DateTime } from 'luxon';
import type { ActivityReport, Comparison, RegionSection, ReportEvent, Totals } from './activity.js';

/** Shared wording of the Markdown and HTML reports. */

export const number = (n: number) => n.toLocaleString(LOCALE);
export const longDate = (iso: string) => DateTime.fromISO(iso).toFormat('d LLLL yyyy');
export const period = (report: ActivityReport) => `${longDate(report.from)} – ${longDate(report.to)}`;

/**
 * "ITU-T SG20: … 13 - 22 September 2023, Arusha, Tanzania"; a series by its occurrences in the
 * period: "TSB coordination call …, monthly, first Wednesday, 13:00 Geneva time: 11 occurrences
 * in the period, 7 January - 2 December 2026, Online (1 moved, 1 skipped)".
 */
export function eventLine(e: ReportEvent, groupName: (id: string) => string): string {
  const series = e.series ?? null;
  const changed = series ? [series.moved ? `${series.moved} moved` : null, series.skipped ? `${series.skipped} skipped` : null].filter(Boolean).join(', ') : '';
  const notes = [
    e.status === 'tentative' ? 'tentative' : null,
    changed || null,
    e.occurrences !== null && !series ? `${e.occurrences} occurrence${e.occurrences === 1 ? '' : 's'} in the period` : null,
    e.participants !== null ? `${number(e.participants)} participants${e.countries !== null ? ` from ${number(e.countries)} countries` : ''}` : null,
  ].filter(Boolean);
  const groups = e.groups.length ? ` [${e.groups.map(groupName).join('; ')}]` : '';
  const when = series ? `, ${series.repeats}: ${series.occurrences} occurrence${series.occurrences === 1 ? '' : 's'} in the period, ${e.dates}` : ` ${e.dates}`;
  return `${e.title}${when}, ${e.venue}${groups}${notes.length ? ` (${notes.join('; ')})` : ''}`;
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
