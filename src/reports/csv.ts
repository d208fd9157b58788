import { stringify, type Options } from 'csv-stringify/sync';
import type { ActivityReport } from './activity.js';

/**
 * RFC 4180, as the report always wrote it: CRLF after every row (the last one too), no BOM, a
 * cell quoted when it holds a comma, quote or line break, quotes doubled.
 *
 * `escape_formulas`: a spreadsheet would run a cell that starts with = + - @ (or a tab or carriage
 * return, or their full-width forms) as a formula, so such a cell gets a leading apostrophe,
 * which spreadsheets show as text; a negative number from a numeric field stays a number.
 *
 * `quote_record_delimiter`: once `record_delimiter` is given, csv-stringify quotes only cells
 * holding that exact CRLF; a lone LF or CR in a title would then split the row for a reader.
 */
const OPTIONS: Options = { record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true, bom: false };

/**
 * What the CSV does to a text cell before quoting, by the same library rule (`quote: false` and
 * `escape: ''` leave the cell as it is otherwise: no quotes added, none doubled).
 */
export function neutralise(cell: string): string {
  return stringify([[cell]], { escape_formulas: true, quote: false, escape: '', eof: false });
}

/**
 * The columns, in this order (new ones are added at the end, so a spreadsheet reading them by
 * position keeps working). For a series, start, end and dates are the first and last local day
 * of its occurrences in the period and occurrences counts those held in it (skipped ones not
 * counted, moved ones at their new dates); repeats is the rule in words ("monthly, first
 * Wednesday, 13:00 Geneva time"), rrule the rule itself, moved and skipped how many of its
 * occurrences in the period were moved or skipped. For a single event these four are empty.
 */
export const COLUMNS = ['region', 'kind', 'title', 'start', 'end', 'dates', 'venue', 'status', 'office', 'groups', 'partners', 'occurrences', 'participants', 'countries', 'in_person', 'remote', 'women', 'repeats', 'rrule', 'moved', 'skipped'];

/** One row per event, for a spreadsheet (the columns: COLUMNS). Pure. */
export function renderCsv(report: ActivityReport): string {
  const rows = report.regions.flatMap((section) =>
    section.events.map((e) => [section.region.id, e.kind, e.title, e.start, e.end, e.dates, e.venue, e.status, e.office, e.groups.join('; '), e.partners.join('; '), e.occurrences, e.participants, e.countries, e.inPerson, e.remote, e.women, e.series?.repeats, e.series?.rule, e.series?.moved, e.series?.skipped]),
  );
  return stringify([COLUMNS, ...rows], OPTIONS);
}
