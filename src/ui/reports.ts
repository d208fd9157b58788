import type { ActivityReport } from '../reports/activity.js';
import { renderReportBody } from '../reports/html.js';
import { html, raw } from './html.js';
import { layout, type Viewer } from './layout.js';

export interface ReportsPageInput {
  from: string;
  to: string;
  region: string | null;
  regions: { id: string; name: string }[];
  report: ActivityReport;
  viewer?: Viewer | undefined;
}

const FORMATS = [
  ['csv', 'CSV (spreadsheet)'],
  ['md', 'Markdown (for the TSAG document)'],
  ['html', 'HTML'],
  ['json', 'JSON'],
] as const;

/** /reports: the activity report for a chosen period and region, its chart, and downloads. */
export function reportsPage(input: ReportsPageInput): string {
  const query = (format: string) => `/api/reports/activity?from=${input.from}&to=${input.to}${input.region ? `&region=${input.region}` : ''}&format=${format}`;
  const groupName = (id: string) => id.toUpperCase();
  return layout(
    { title: 'Regional activity report', viewer: input.viewer, path: '/reports' },
    html`<h1>Regional activity report</h1>
<form method="get" action="/reports" class="filters">
  <div class="field"><label for="from">From</label><input id="from" name="from" type="date" value="${input.from}" required></div>
  <div class="field"><label for="to">To</label><input id="to" name="to" type="date" value="${input.to}" required></div>
  <div class="field"><label for="region">Region</label>
    <select id="region" name="region">
      <option value="">All regions</option>
      ${input.regions.map((r) => html`<option value="${r.id}"${input.region === r.id ? raw(' selected') : ''}>${r.name}</option>`)}
    </select>
  </div>
  <div class="actions"><button type="submit">Show the report</button></div>
</form>
<p>Download: ${FORMATS.map(([format, label], i) => html`${i > 0 ? ' · ' : ''}<a href="${query(format)}">${label}</a>`)}</p>
${raw(renderReportBody(input.report, groupName))}`,
  );
}
