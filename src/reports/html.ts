import { html, type Html } from '../html.js';
import type { Translator } from '../i18n/index.js';
import type { ActivityReport } from './activity.js';
import { renderChart } from './chart.js';
import { byKindLine, comparisonLine, countsLine, eventLine, period, sectionHeading, totalsCells, totalsHeader } from './format.js';

/** The report's body: sections per region, the chart and the totals table. Pure; every text escaped by the template. */
export function renderReportBody(t: Translator, report: ActivityReport, groupName: (id: string) => string): Html {
  const sections = report.regions.map((section) => {
    const id = `region-${section.region.id}`;
    if (section.events.length === 0) {
      return html`<section aria-labelledby="${id}"><h2 id="${id}">${sectionHeading(t, section)}</h2>
<p>${t.t('report.noEvents')}</p></section>`;
    }
    return html`<section aria-labelledby="${id}"><h2 id="${id}">${sectionHeading(t, section)}</h2>
<ul>
${section.events.map((e) => html`<li>${eventLine(t, e, groupName)}</li>`)}
</ul>
<p>${countsLine(t, section.totals)}</p>
<p>${byKindLine(t, section)}</p>
${section.partners.length ? html`<p>${t.t('report.partners', { partners: section.partners.join(', ') })}</p>` : ''}
<p>${comparisonLine(t, section.comparison, report)}</p></section>`;
  });
  const row = (cells: (string | Html)[], header = false) =>
    html`<tr>${cells.map((c, i) => (header || i === 0 ? html`<th scope="${header ? 'col' : 'row'}">${c}</th>` : html`<td>${c}</td>`))}</tr>`;
  return html`<p>${report.region ? period(t, report) : t.t('report.periodAllRegions', { period: period(t, report) })}</p>
<figure class="chart">${renderChart(t, report)}<figcaption>${t.t('report.chartCaption')}</figcaption></figure>
${sections}
<section aria-labelledby="totals"><h2 id="totals">${t.t('report.totalsHeading')}</h2><div class="table-scroll" role="region" tabindex="0" aria-labelledby="totals"><table>
<thead>${row(totalsHeader(t), true)}</thead><tbody>
${report.regions.map((s) => row(totalsCells(t, t.t(`region.${s.region.id}`), s.totals, s.comparison)))}
</tbody><tfoot>${row(totalsCells(t, t.t('report.all'), report.totals, report.comparison))}</tfoot></table></div>
<p>${comparisonLine(t, report.comparison, report)}</p></section>`;
}

/** The columns of the totals table (format.ts has them, for every document). */
export { totalsHeader } from './format.js';

/** A whole HTML document, for the API and `npm run report --format html`. */
export function renderReportHtml(t: Translator, report: ActivityReport, groupName: (id: string) => string): string {
  return html`<!doctype html>
<html lang="${t.lang}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.t('report.documentTitle', { period: period(t, report) })}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111827}table{border-collapse:collapse}th,td{border:1px solid #d1d5db;padding:.25rem .5rem;text-align:end}th[scope=row],th[scope=col]:first-child{text-align:start}.table-scroll{overflow-x:auto;position:relative}svg{max-width:100%;height:auto}</style>
</head><body><main>
<h1>${t.t('report.title')}</h1>
${renderReportBody(t, report, groupName)}
</main></body></html>
`.value;
}
