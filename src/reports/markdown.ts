import type { ActivityReport } from './activity.js';
import { comparisonLine, countsLine, eventLine, number, period, sectionHeading } from './format.js';

/** Escapes what Markdown would read as markup in a line of text. */
const md = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1');

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
