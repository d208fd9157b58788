import { html, type Html } from '../html.js';
import type { Translator } from '../i18n/index.js';
import type { ActivityReport } from './activity.js';
import { figure } from './format.js';

interface Bar {
  label: string;
  /** null: not registered, drawn as no bar and said as such, never as 0 */
  value: number | null;
  before: number | null;
}

/**
 * Horizontal bars of one figure per region, as an accessible inline SVG (role="img", a title,
 * and the numbers written next to the bars): made on the server, no external service.
 */
function bars(t: Translator, id: string, title: string, rows: Bar[], colour: string): Html {
  const width = 460;
  const labelWidth = 110;
  const rowHeight = 26;
  const height = 30 + rows.length * rowHeight;
  const max = Math.max(1, ...rows.flatMap((r) => [r.value ?? 0, r.before ?? 0]));
  const scale = (n: number | null) => Math.round(((width - labelWidth - 70) * (n ?? 0)) / max);
  const said = (n: number | null) => figure(t, n);
  const summary = rows.map((r) => t.t('report.chartValue', { label: r.label, value: said(r.value), before: said(r.before) })).join(', ');
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="13" fill="#111827" aria-labelledby="chart-${id}">
<title id="chart-${id}">${title}: ${summary}</title>
<text x="0" y="16" font-weight="bold">${title}</text>
${rows.map((r, i) => {
  const y = 30 + i * rowHeight;
  return html`<text x="${labelWidth - 8}" y="${y + 13}" text-anchor="end">${r.label}</text><rect x="${labelWidth}" y="${y + 2}" width="${scale(r.value)}" height="14" fill="${colour}"/><rect x="${labelWidth}" y="${y + 17}" width="${scale(r.before)}" height="4" fill="#6b7280"/><text x="${labelWidth + scale(r.value) + 6}" y="${y + 13}">${said(r.value)}</text>
`;
})}
</svg>`;
}

/** Events and participants per region, each with the previous period as a thin grey bar. */
export function renderChart(t: Translator, report: ActivityReport): Html {
  // labels that fit beside a bar: "CIS", "Arab States"
  const label = (s: ActivityReport['regions'][number]) => t.t(`region.short.${s.region.id}`);
  const events = report.regions.map((s) => ({ label: label(s), value: s.totals.events, before: s.comparison.previousEvents }));
  const participants = report.regions.map((s) => ({
    label: label(s),
    value: s.totals.participants,
    before: s.comparison.previousParticipants,
  }));
  return html`${bars(t, 'events', t.t('report.chartEvents'), events, '#1d4ed8')}
${bars(t, 'participants', t.t('report.chartParticipants'), participants, '#047857')}`;
}
