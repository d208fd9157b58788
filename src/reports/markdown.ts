import type { ActivityReport } from './activity.js';
import { comparisonLine, countsLine, eventLine, number, period, sectionHeading } from './format.js';

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
export function renderMarkdown(report: ActivityReport, groupName: (id: string) => string): string {
  const lines = [`# ITU-T regional activity report`, '', `Period: ${period(report)}${report.region ? '' : ' (all regions)'}`, ''];
  for (const section of report.regions) {
    lines.push(`## ${md(sectionHeading(section))}`, '');
    if (section.events.length === 0) {
      lines.push('No events in the period.', '');
      continue;
    }
    for (const e of section.events) lines.push(`- ${md(eventLine(e, groupName))}`);
    lines.push('', countsLine(section.totals), '');
    lines.push(`By kind: ${section.byKind.map((k) => `${k.label} ${k.events.length}`).join(' · ')}.`, '');
    if (section.partners.length) lines.push(`Partners: ${md(section.partners.join(', '))}.`, '');
    lines.push(comparisonLine(section.comparison, report), '');
  }
  lines.push('## Totals across regions', '');
  lines.push('| Region | Events | With counts | Participants | Country participations | Events before | Participants before |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of report.regions) {
    const t = s.totals;
    lines.push(`| ${md(s.region.name)} | ${t.events} | ${t.withCounts} | ${number(t.participants)} | ${number(t.countryParticipations)} | ${s.comparison.previousEvents} | ${number(s.comparison.previousParticipants)} |`);
  }
  const t = report.totals;
  lines.push(`| **All** | **${t.events}** | **${t.withCounts}** | **${number(t.participants)}** | **${number(t.countryParticipations)}** | **${report.comparison.previousEvents}** | **${number(report.comparison.previousParticipants)}** |`);
  lines.push('', comparisonLine(report.comparison, report), '');
  return lines.join('\n');
}
