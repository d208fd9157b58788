import { stringify, type Options } from 'csv-stringify/sync';
import type { ActivityReport } from './activity.js';

/**
 * RFC 4180, as the report always wrote it: CRLF after every row (the last one too), no BOM, a
 * cell quoted when it holds a comma, quote or line break, quotes doubled.
 *
 * `quote_record_delimiter`: once `record_delimiter` is given, csv-stringify quotes only cells
 * holding that exact CRLF; a lone LF or CR in a title would then split the row for a reader.
 */
const OPTIONS: Options = { record_delimiter: 'windows', quote_record_delimiter: true, bom: false };

// Spreadsheets skip these before reading a cell as a formula: spaces, tabs, NBSP and the other
// Unicode spaces, and the zero-width ones. csv-stringify's escape_formulas looks at the first
// character only, so " =HYPERLINK(…)" went through it.
const BLANKS = /^[\s\u200B-\u200D\u2060\uFEFF]*/u;
// = + - @, their full-width forms; and a cell that starts with a tab or carriage return
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;

/**
 * A text cell as the CSV writes it, before quoting: one whose first non-blank character is one
 * a spreadsheet would run as a formula (= + - @, or their full-width forms), or that starts with
 * a tab or carriage return, gets a leading apostrophe, which spreadsheets show as text. A number
 * from a numeric field is never a string here, so a negative one stays a number.
 */
export function neutralise(cell: string): string {
  const rest = cell.replace(BLANKS, '');
  return FORMULA_START.test(rest) || /^[\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * The columns, in this order (new ones are added at the end, so a spreadsheet reading them by
 * position keeps working). For a series, start, end and dates are the first and last local day
 * of its occurrences in the period and occurrences counts those held in it (skipped ones not
 * counted, moved ones at their new dates); repeats is the rule in words ("monthly, first
 * Wednesday, 13:00 Geneva time"), rrule the rule itself, moved and skipped how many of its
 * occurrences in the period were moved or skipped. For a single event these four are empty.
 * visibility is public or internal (internal events are only in ITU staff's report);
 * country_codes the countries represented, ISO 3166-1 alpha-2 codes separated by "; ", empty where
 * only their number (countries) was registered.
 */
export const COLUMNS = [
  'region',
  'kind',
  'title',
  'start',
  'end',
  'dates',
  'venue',
  'status',
  'office',
  'groups',
  'partners',
  'occurrences',
  'participants',
  'countries',
  'in_person',
  'remote',
  'women',
  'repeats',
  'rrule',
  'moved',
  'skipped',
  'visibility',
  'country_codes',
];

/** One row per event, for a spreadsheet (the columns: COLUMNS). Pure. */
export function renderCsv(report: ActivityReport): string {
  const rows = report.regions.flatMap((section) =>
    section.events.map((e) => [
      section.region.id,
      e.kind,
      e.title,
      e.start,
      e.end,
      e.dates,
      e.venue,
      e.status,
      e.office,
      e.groups.join('; '),
      e.partners.join('; '),
      e.occurrences,
      e.participants,
      e.countries,
      e.inPerson,
      e.remote,
      e.women,
      e.series?.repeats,
      e.series?.rule,
      e.series?.moved,
      e.series?.skipped,
      e.visibility,
      e.countryCodes?.join('; '),
    ]),
  );
  return stringify([COLUMNS, ...rows.map((row) => row.map((cell) => (typeof cell === 'string' ? neutralise(cell) : cell)))], OPTIONS);
}
