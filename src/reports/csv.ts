import type { ActivityReport } from './activity.js';

/**
 * A spreadsheet would run a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula: such cells get a leading apostrophe, which spreadsheets show as text.
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
function field(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS = ['region', 'kind', 'title', 'start', 'end', 'dates', 'venue', 'status', 'office', 'groups', 'partners', 'occurrences', 'participants', 'countries', 'in_person', 'remote', 'women'];

/** One row per event, for a spreadsheet. Pure. */
export function renderCsv(report: ActivityReport): string {
  const rows = [COLUMNS.map(field).join(',')];
  for (const section of report.regions) {
    for (const e of section.events) {
      rows.push(
        [section.region.id, e.kind, e.title, e.start, e.end, e.dates, e.venue, e.status, e.office, e.groups.join('; '), e.partners.join('; '), e.occurrences, e.participants, e.countries, e.inPerson, e.remote, e.women]
          .map(field)
          .join(','),
      );
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
