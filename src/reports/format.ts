import type { Translator } from '../i18n/index.js';
import type { ActivityReport, Comparison, RegionSection, ReportEvent, Totals } from './activity.js';
import { longDate } from './dates.js';

/** Shared wording of the Markdown, HTML and Word reports, in the report's language. */

export const period = (t: Translator, report: Pick<ActivityReport, 'from' | 'to'>) =>
  t.t('report.period', { from: longDate(t, report.from), to: longDate(t, report.to) });

/**
 * "ITU-T SG20: … 13 - 22 September 2023, Arusha, Tanzania"; a series by its occurrences in the
 * period: "TSB coordination call …, monthly, first Wednesday, 13:00 Geneva time: 11 occurrences
 * in the period, 7 January - 2 December 2026, Online (1 moved, 1 skipped)".
 */
export function eventLine(t: Translator, e: ReportEvent, groupName: (id: string) => string): string {
  const series = e.series ?? null;
  const notes = [
    e.status === 'tentative' ? t.t('report.tentative') : null,
    series && (series.moved || series.skipped) ? t.t('report.changed', { moved: series.moved, skipped: series.skipped }) : null,
    e.participants !== null
      ? t.t('report.participation', {
          participants: e.participants,
          countries: e.countries ?? 0,
          hasCountries: e.countries !== null ? 'yes' : 'no',
        })
      : null,
  ].filter((n): n is string => n !== null);
  const when = series
    ? t.t('report.seriesWhen', { repeats: series.repeats, occurrences: series.occurrences, dates: e.dates })
    : t.t('report.singleWhen', { dates: e.dates });
  const groups = e.groups.length ? t.t('report.groups', { groups: e.groups.map(groupName).join('; ') }) : '';
  const noted = notes.length ? t.t('report.notes', { notes: notes.join(t.t('report.noteSeparator')) }) : '';
  return t.t('report.eventLine', { title: e.title, when, venue: e.venue, groups, notes: noted });
}

export function countsLine(t: Translator, totals: Totals): string {
  if (totals.events === 0) return t.t('report.noEvents');
  const details = [
    totals.inPerson || totals.remote ? t.t('report.split', { inPerson: totals.inPerson, remote: totals.remote }) : null,
    totals.women ? t.t('report.women', { women: totals.women }) : null,
  ].filter((d): d is string => d !== null);
  return t.t('report.counts', {
    events: totals.events,
    withCounts: totals.withCounts,
    participants: totals.participants,
    countryParticipations: totals.countryParticipations,
    details: details.length ? t.t('report.notes', { notes: details.join(t.t('report.noteSeparator')) }) : '',
  });
}

export function comparisonLine(t: Translator, c: Comparison, report: ActivityReport): string {
  return t.t('report.comparison', {
    from: longDate(t, report.previousFrom),
    to: longDate(t, report.previousTo),
    events: c.events,
    previousEvents: c.previousEvents,
    participants: c.participants,
    previousParticipants: c.previousParticipants,
  });
}

export const byKindLine = (t: Translator, section: RegionSection) =>
  t.t('report.byKind', {
    kinds: section.byKind.map((k) => t.t('report.kindCount', { kind: t.t(`kinds.${k.kind}`), count: k.events.length })).join(' · '),
  });

export const sectionHeading = (t: Translator, s: RegionSection) =>
  s.office ? t.t('report.sectionWithOffice', { region: t.t(`region.${s.region.id}`), office: s.office }) : t.t(`region.${s.region.id}`);
