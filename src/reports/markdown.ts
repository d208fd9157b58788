import type { Translator } from '../i18n/index.js';
import type { ActivityReport } from './activity.js';
import { byKindLine, comparisonLine, countsLine, eventLine, period, sectionHeading, totalsCells, totalsHeader } from './format.js';

/**
 * Escapes what Markdown (CommonMark, and GitHub's tables and strikethrough) would read as markup
 * in a line of text, and nothing else: the report is pasted into other documents, where an
 * ordinary "R&D" or "~40 participants" must not show a backslash.
 */
export const md = (text: string) => {
  const escaped = text
    .replace(/([\\`*_[\]<>#|])/g, '\\$1')
    // an entity (&amp;) would show the character it names; a numeric reference (&#169;) is
    // already broken by the escaped #
    .replace(/&(?=[A-Za-z][A-Za-z0-9]{1,31};)/g, '\\&')
    // at the start of a line (after the list marker or heading the report puts there), a number
    // with . or ) or a lone - or + would open a list of its own
    .replace(/^(\s*[0-9]{1,9})([.)])(?=\s|$)/gm, '$1\\$2')
    .replace(/^(\s*)([-+])(?=\s|$)/gm, '$1\\$2');
  // strikethrough needs two tildes: a lone one ("~40 participants") stays as it is
  return (escaped.match(/~/g)?.length ?? 0) >= 2 ? escaped.replace(/~/g, '\\~') : escaped;
};

/**
 * The report in the shape of the regional presence report to TSAG: a section per region with a
 * bulleted, date-ordered list of its events, then totals across regions. Pure.
 */
export function renderMarkdown(t: Translator, report: ActivityReport, groupName: (id: string) => string): string {
  const periodLine = report.region
    ? t.t('report.periodLine', { period: period(t, report) })
    : t.t('report.periodAllRegions', { period: period(t, report) });
  const lines = [`# ${md(t.t('report.heading'))}`, '', md(periodLine), ''];
  for (const section of report.regions) {
    lines.push(`## ${md(sectionHeading(t, section))}`, '');
    if (section.events.length === 0) {
      lines.push(md(t.t('report.noEvents')), '');
      continue;
    }
    for (const e of section.events) lines.push(`- ${md(eventLine(t, e, groupName))}`);
    lines.push('', md(countsLine(t, section.totals)), '');
    lines.push(md(byKindLine(t, section)), '');
    if (section.partners.length) lines.push(md(t.t('report.partners', { partners: section.partners.join(', ') })), '');
    lines.push(md(comparisonLine(t, section.comparison, report)), '');
  }
  lines.push(`## ${md(t.t('report.totalsHeading'))}`, '');
  lines.push(`| ${totalsHeader(t).map(md).join(' | ')} |`);
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of report.regions)
    lines.push(
      `| ${totalsCells(t, t.t(`region.${s.region.id}`), s.totals, s.comparison)
        .map(md)
        .join(' | ')} |`,
    );
  const all = totalsCells(t, t.t('report.all'), report.totals, report.comparison);
  lines.push(`| ${all.map((c) => `**${md(c)}**`).join(' | ')} |`);
  lines.push('', md(comparisonLine(t, report.comparison, report)), '');
  return lines.join('\n');
}
