import { LOCALE } from '../domain/vocabulary.js';
import type { ActivityReport } from './activity.js';

import { escapeHtml as escape } from '../ui/html.js';

/**
 * Horizontal bars of one figure per region, as an accessible inline SVG (role="img", a title,
 * and the numbers written next to the bars): made on the server, no external service.
 */
function bars(title: string, rows: { label: string; value: number; before: number }[], colour: string): string {
  const width = 460;
  const labelWidth = 110;
  const rowHeight = 26;
  const height = 30 + rows.length * rowHeight;
  const max = Math.max(1, ...rows.flatMap((r) => [r.value, r.before]));
  const scale = (n: number) => Math.round(((width - labelWidth - 70) * n) / max);
  const body = rows
    .map((r, i) => {
      const y = 30 + i * rowHeight;
      return [
        `<text x="${labelWidth - 8}" y="${y + 13}" text-anchor="end">${escape(r.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 2}" width="${scale(r.value)}" height="14" fill="${colour}"/>`,
        `<rect x="${labelWidth}" y="${y + 17}" width="${scale(r.before)}" height="4" fill="#6b7280"/>`,
        `<text x="${labelWidth + scale(r.value) + 6}" y="${y + 13}">${r.value.toLocaleString(LOCALE)}</text>`,
      ].join('');
    })
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="13" fill="#111827" aria-labelledby="chart-${escape(title.replace(/\W+/g, '-').toLowerCase())}">`,
    `<title id="chart-${escape(title.replace(/\W+/g, '-').toLowerCase())}">${escape(title)}: ${rows.map((r) => `${r.label} ${r.value} (before: ${r.before})`).join(', ')}</title>`,
    `<text x="0" y="16" font-weight="bold">${escape(title)}</text>`,
    body,
    '</svg>',
  ].join('\n');
}

/** Labels that fit beside a bar. */
const SHORT: Record<string, string> = { 'asia-pacific': 'Asia-Pacific', cis: 'CIS', 'arab-states': 'Arab States' };

/** Events and participants per region, each with the previous period as a thin grey bar. */
export function renderChart(report: ActivityReport): string {
  const label = (s: ActivityReport['regions'][number]) => SHORT[s.region.id] ?? s.region.name;
  const events = report.regions.map((s) => ({ label: label(s), value: s.totals.events, before: s.comparison.previousEvents }));
  const participants = report.regions.map((s) => ({ label: label(s), value: s.totals.participants, before: s.comparison.previousParticipants }));
  return `${bars('Events per region', events, '#1d4ed8')}\n${bars('Participants per region', participants, '#047857')}`;
}
