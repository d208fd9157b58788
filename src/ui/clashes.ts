import { createHash } from 'node:crypto';
import { clashKey, type Clash } from '../domain/clashes.js';
import { html, type Html } from '../html.js';
import { clashMessage, occurrenceWords } from '../i18n/clash-words.js';
import type { Translator } from '../i18n/index.js';

/** The name of the "Save anyway" button, whose value says which warnings the office saw. */
export const SEEN_FIELD = 'clashesSeen';

/** The warnings an office was shown, as one short value: the same warnings give the same value. */
export function clashDigest(clashes: readonly Clash[]): string {
  const keys = clashes.map(clashKey).sort();
  return createHash('sha256').update(JSON.stringify(keys)).digest('base64url').slice(0, 22);
}

/** What the event form shows of collisions: the list above the form, and "Save anyway" beside its own button. */
export interface ClashWarnings {
  list: Html;
  button: Html;
}

/**
 * The collisions of an event about to be saved, in the reader's language: each other event's
 * title a link to it, its days in its own zone, a predicted holiday marked. "Save anyway" is a
 * submit button of the form after its own (so Enter in a field still saves only when nothing new
 * collides), carrying the digest of the warnings shown.
 */
export function clashWarnings(
  t: Translator,
  report: { clashes: readonly Clash[]; more: number },
  groupLabel: (id: string) => string,
): ClashWarnings {
  const item = (clash: Clash) => {
    const occurrence = occurrenceWords(t, clash);
    const { key, values } = clashMessage(t, clash, groupLabel);
    const words = t.html(key, values, {
      event: (chunks) =>
        clash.kind === 'holiday' ? chunks : html`<a href="/events/${encodeURIComponent(clash.other.id)}" dir="auto">${chunks}</a>`,
      mark: (chunks) => html`<strong class="predicted">${chunks}</strong>`,
    });
    return html`<li${clash.kind === 'holiday' ? html` class="holiday"` : ''}>${occurrence ? html`<span class="occurrence">${occurrence}</span> ` : ''}${words}</li>`;
  };
  const list = html`<section class="clashes" id="clashes" aria-labelledby="clashes-title">
<h2 id="clashes-title">${t.t('clash.heading', { count: report.clashes.length + report.more })}</h2>
<ul>
${report.clashes.map(item)}
</ul>
${report.more ? html`<p>${t.t('clash.more', { count: report.more })}</p>` : ''}
<p>${t.t('clash.intro')}</p>
</section>`;
  const button = html`<button type="submit" class="secondary" id="save-anyway" name="${SEEN_FIELD}" value="${clashDigest(report.clashes)}">${t.t('clash.saveAnyway')}</button>`;
  return { list, button };
}
