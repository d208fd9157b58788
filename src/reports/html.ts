import type { ActivityReport } from './activity.js';
import { renderChart } from './chart.js';
import { escapeHtml as escape } from '../ui/html.js';
import { comparisonLine, countsLine, eventLine, number, period, sectionHeading } from './format.js';


/** The report's body: sections per region, the chart and the totals table. Pure; every text escaped. */
export function renderReportBody(report: ActivityReport, groupName: (id: string) => string): string {
  const parts = [`<p>Period: ${escape(period(report))}${report.region ? '' : ' (all regions)'}</p>`, `<figure class="chart">${renderChart(report)}<figcaption>Grey: the previous period of the same length.</figcaption></figure>`];
  for (const section of report.regions) {
    parts.push(`<section aria-labelledby="region-${section.region.id}"><h2 id="region-${section.region.id}">${escape(sectionHeading(section))}</h2>`);
    if (section.events.length === 0) {
      parts.push('<p>No events in the period.</p></section>');
      continue;
    }
    parts.push('<ul>', ...section.events.map((e) => `<li>${escape(eventLine(e, groupName))}</li>`), '</ul>');
    parts.push(`<p>${escape(countsLine(section.totals))}</p>`);
    parts.push(`<p>By kind: ${escape(section.byKind.map((k) => `${k.label} ${k.events.length}`).join(' · '))}.</p>`);
    if (section.partners.length) parts.push(`<p>Partners: ${escape(section.partners.join(', '))}.</p>`);
    parts.push(`<p>${escape(comparisonLine(section.comparison, report))}</p></section>`);
  }
  const row = (cells: string[], header = false) => `<tr>${cells.map((c, i) => (header || i === 0 ? `<th scope="${header ? 'col' : 'row'}">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`;
  parts.push('<section aria-labelledby="totals"><h2 id="totals">Totals across regions</h2><table>');
  parts.push(`<thead>${row(['Region', 'Events', 'With counts', 'Participants', 'Country participations', 'Events before', 'Participants before'], true)}</thead><tbody>`);
  for (const s of report.regions) {
    parts.push(row([escape(s.region.name), String(s.totals.events), String(s.totals.withCounts), number(s.totals.participants), number(s.totals.countryParticipations), String(s.comparison.previousEvents), number(s.comparison.previousParticipants)]));
  }
  const t = report.totals;
  parts.push(`</tbody><tfoot>${row(['All', String(t.events), String(t.withCounts), number(t.participants), number(t.countryParticipations), String(report.comparison.previousEvents), number(report.comparison.previousParticipants)])}</tfoot></table>`);
  parts.push(`<p>${escape(comparisonLine(report.comparison, report))}</p></section>`);
  return parts.join('\n');
}

/** A whole HTML document, for the API and `npm run report --format html`. */
export function renderReportHtml(report: ActivityReport, groupName: (id: string) => string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>ITU-T regional activity report, ${escape(period(report))}</title>`,
    '<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111827}table{border-collapse:collapse}th,td{border:1px solid #d1d5db;padding:.25rem .5rem;text-align:right}th[scope=row],th[scope=col]:first-child{text-align:left}</style>',
    '</head><body><main>',
    '<h1>ITU-T regional activity report</h1>',
    renderReportBody(report, groupName),
    '</main></body></html>',
    '',
  ].join('\n');
}
