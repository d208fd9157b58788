import type { Translator } from '../i18n/index.js';
import type { ActivityReport, Comparison, CountriesCount, RegionSection, ReportEvent, Totals } from './activity.js';
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
    e.visibility === 'internal' ? t.t('report.internal') : null,
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

/** " from 23 countries", " from at least 23 countries", or nothing when no event registered its countries. */
export function fromCountries(t: Translator, countries: CountriesCount): string {
  if (countries.count === null) return '';
  return t.t('report.fromCountries', { count: countries.count, exact: countries.exact ? 'yes' : 'no' });
}

/** A figure of the totals: the number, or "not registered" (never 0 for nothing registered). */
export const figure = (t: Translator, value: number | null) => (value === null ? t.t('report.notRegistered') : t.number(value));

/** The distinct countries as a cell: "23", "at least 23", or "not registered". */
export const countriesCell = (t: Translator, countries: CountriesCount) =>
  countries.count === null
    ? t.t('report.notRegistered')
    : countries.exact
      ? t.number(countries.count)
      : t.t('report.atLeast', { count: countries.count });

export function countsLine(t: Translator, totals: Totals): string {
  if (totals.events === 0) return t.t('report.noEvents');
  if (totals.participants === null) return t.t('report.noCounts', { events: totals.events });
  const details = [
    // only what was registered: "12 in person", never "0 online" for online not registered
    totals.inPerson !== null && totals.remote !== null
      ? t.t('report.split', { inPerson: totals.inPerson, remote: totals.remote })
      : totals.inPerson !== null
        ? t.t('report.inPerson', { inPerson: totals.inPerson })
        : totals.remote !== null
          ? t.t('report.remote', { remote: totals.remote })
          : null,
    totals.women !== null ? t.t('report.women', { women: totals.women }) : null,
  ].filter((d): d is string => d !== null);
  return t.t('report.counts', {
    events: totals.events,
    withCounts: totals.withCounts,
    participants: totals.participants,
    countries: fromCountries(t, totals.countries),
    details: details.length ? t.t('report.notes', { notes: details.join(t.t('report.noteSeparator')) }) : '',
  });
}

export function comparisonLine(t: Translator, c: Comparison, report: ActivityReport): string {
  const values = {
    from: longDate(t, report.previousFrom),
    to: longDate(t, report.previousTo),
    events: c.events,
    previousEvents: c.previousEvents,
  };
  if (c.participants === 'unknown' || c.previousParticipants === null) return t.t('report.comparisonEventsOnly', values);
  return t.t('report.comparison', { ...values, participants: c.participants, previousParticipants: c.previousParticipants });
}

/** A row of the totals table, in the order of totalsHeader: the label, then its figures in words. */
export function totalsCells(t: Translator, label: string, totals: Totals, comparison: Comparison): string[] {
  return [
    label,
    t.number(totals.events),
    t.number(totals.withCounts),
    figure(t, totals.participants),
    countriesCell(t, totals.countries),
    t.number(comparison.previousEvents),
    figure(t, comparison.previousParticipants),
  ];
}

/** The columns of the totals table, in the report's language. */
export const totalsHeader = (t: Translator) => [
  t.t('report.column.region'),
  t.t('report.column.events'),
  t.t('report.column.withCounts'),
  t.t('report.column.participants'),
  t.t('report.column.countries'),
  t.t('report.column.eventsBefore'),
  t.t('report.column.participantsBefore'),
];

export const byKindLine = (t: Translator, section: RegionSection) =>
  t.t('report.byKind', {
    kinds: section.byKind.map((k) => t.t('report.kindCount', { kind: t.t(`kinds.${k.kind}`), count: k.events.length })).join(' · '),
  });

export const sectionHeading = (t: Translator, s: RegionSection) =>
  s.office ? t.t('report.sectionWithOffice', { region: t.t(`region.${s.region.id}`), office: s.office }) : t.t(`region.${s.region.id}`);
