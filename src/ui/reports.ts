import type { ActivityReport } from '../reports/activity.js';
import { renderReportBody } from '../reports/html.js';
import { html } from '../html.js';
import { isLocale, type Translator } from '../i18n/index.js';
import { layout, type Viewer } from './layout.js';

export interface ReportsPageInput {
  t: Translator;
  from: string;
  to: string;
  region: string | null;
  regions: { id: string; name: string }[];
  report: ActivityReport;
  groupName: (id: string) => string;
  viewer?: Viewer | undefined;
}

const FORMATS = ['csv', 'md', 'html', 'json'] as const;

/** /reports: the activity report for a chosen period and region, its chart, and downloads. */
export function reportsPage(input: ReportsPageInput): string {
  const { t } = input;
  // the documents for people in the page's language; CSV and JSON are English whatever it is.
  // Followed with the page's own session, so that they hold the same events as the page
  const lang = (format: string) => (isLocale(t.locale) && (format === 'md' || format === 'html') ? `&lang=${t.locale}` : '');
  const query = (format: string) =>
    `/reports/download?from=${input.from}&to=${input.to}${input.region ? `&region=${input.region}` : ''}&format=${format}${lang(format)}`;
  return layout(
    { t, title: t.t('report.title'), viewer: input.viewer, path: '/reports' },
    html`<h1>${t.t('report.title')}</h1>
<form method="get" action="/reports" class="filters">
  <div class="field"><label for="from">${t.t('filters.from')}</label><input id="from" name="from" type="date" value="${input.from}" required></div>
  <div class="field"><label for="to">${t.t('filters.to')}</label><input id="to" name="to" type="date" value="${input.to}" required></div>
  <div class="field"><label for="region">${t.t('filters.region')}</label>
    <select id="region" name="region">
      <option value="">${t.t('report.allRegions')}</option>
      ${input.regions.map((r) => html`<option value="${r.id}"${input.region === r.id ? html` selected` : ''}>${r.name}</option>`)}
    </select>
  </div>
  <div class="actions"><button type="submit">${t.t('report.show')}</button></div>
</form>
<p>${t.t('report.download')} ${FORMATS.map((format, i) => html`${i > 0 ? ' · ' : ''}<a href="${query(format)}">${t.t(`report.format.${format}`)}</a>`)}</p>
${renderReportBody(t, input.report, input.groupName)}`,
  );
}
