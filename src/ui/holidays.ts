import type { HolidayCorrection, PublicHoliday } from '../domain/holidays.js';
import { html, type Html } from '../html.js';
import type { Translator } from '../i18n/index.js';
import { problemSummary, selectField, textField, type Choice } from './components.js';
import { csrfField, layout, type Viewer } from './layout.js';

export interface HolidaysData {
  t: Translator;
  viewer: Viewer;
  country: string;
  year: number;
  /** the countries to choose from (the offices'), as codes */
  countries: string[];
  /** the offices of the country, with their working days (ISO weekdays) */
  offices: { name: string; workingDays: number[] }[];
  /** the corrected list of the year */
  holidays: PublicHoliday[];
  /** the library's own days of the year, which may be corrected */
  library: PublicHoliday[];
  corrections: HolidayCorrection[];
  /** names the library gave in English where the reader's language has none */
  englishNames: ReadonlySet<string>;
  notice?: string | undefined;
  /** why the last correction was refused, said in the reader's language; `field` when it is one of the add form's */
  problem?: { message: string; field?: string | undefined } | undefined;
  /** what the add form held when it was refused */
  values?: { date: string; name: string; note: string } | undefined;
}

export const holidaysPath = (country: string, year: number) => `/office/holidays?country=${encodeURIComponent(country)}&year=${year}`;

/** TSB's page of a country's public holidays for a year: the library's, marked predicted, with TSB's corrections and the forms to make them. */
export function holidaysPage(data: HolidaysData): string {
  const { t, viewer, country, year } = data;
  const regionName = new Intl.DisplayNames([t.intlLocale], { type: 'region', fallback: 'code' });
  const countryName = (code: string) => regionName.of(code) ?? code;
  const day = (date: string, style: 'full' | 'medium' = 'full') =>
    t.dateTime(Date.parse(`${date}T12:00:00Z`), { dateStyle: style, timeZone: 'UTC' });
  const weekday = (iso: number) => t.dateTime(Date.UTC(2024, 0, iso), { weekday: 'long', timeZone: 'UTC' });
  const hidden = (words: Html) => html`<span class="visually-hidden">${words}</span>`;
  const nameOf = (h: PublicHoliday) =>
    t.locale !== 'en' && data.englishNames.has(h.name) ? html`<span lang="en">${h.name}</span>` : html`${h.name}`;
  const corrected = new Set(data.corrections.filter((c) => c.kind !== 'add').map((c) => c.date));
  const libraryDays = new Set(data.library.map((h) => h.date));
  const csrf = csrfField(viewer.csrf);
  const hiddenFields = (kind: string, date: string) =>
    html`${csrf}<input type="hidden" name="country" value="${country}"><input type="hidden" name="year" value="${String(year)}"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="date" value="${date}">`;

  const statusOf = (h: PublicHoliday) =>
    h.predicted
      ? html`<span class="tag">${t.t('holidays.predicted')}</span>`
      : h.corrected
        ? html`<span class="tag">${t.t('holidays.corrected')}</span>`
        : '';
  // a day of the library not corrected yet can be confirmed (when predicted), moved or removed
  const actions = (h: PublicHoliday) => {
    if (!libraryDays.has(h.date) || corrected.has(h.date) || h.corrected) return '';
    const what = { name: h.name, date: day(h.date, 'medium') };
    const id = `move-${h.date}`;
    return html`<div class="holiday-actions">
${
  h.predicted
    ? html`<form method="post" action="/office/holidays/corrections">${hiddenFields('confirm', h.date)}<button type="submit" class="secondary">${t.html('holidays.confirm', what, { hidden })}</button></form>`
    : ''
}
<form method="post" action="/office/holidays/corrections">${hiddenFields('remove', h.date)}<button type="submit" class="secondary">${t.html('holidays.remove', what, { hidden })}</button></form>
<form method="post" action="/office/holidays/corrections" class="inline-form">${hiddenFields('move', h.date)}<label for="${id}">${t.t('holidays.moveTo')}</label> <input type="date" id="${id}" name="to" required min="${`${year - 1}-12-01`}" max="${`${year + 1}-01-31`}"> <button type="submit" class="secondary">${t.html('holidays.move', what, { hidden })}</button></form>
</div>`;
  };

  const table = data.holidays.length
    ? html`<div class="table-scroll" role="region" aria-labelledby="list" tabindex="0"><table aria-labelledby="list"><thead><tr><th scope="col">${t.t('holidays.date')}</th><th scope="col">${t.t(
        'holidays.name',
      )}</th><th scope="col">${t.t('holidays.status')}</th><th scope="col">${t.t('holidays.actions')}</th></tr></thead><tbody>
${data.holidays.map((h) => html`<tr><td>${day(h.date)}</td><td>${nameOf(h)}</td><td>${statusOf(h)}</td><td>${actions(h)}</td></tr>`)}
</tbody></table></div>`
    : html`<p>${t.t('holidays.none', { year: String(year) })}</p>`;

  const correctionText = (c: HolidayCorrection) =>
    t.t('holidays.correction', { kind: c.kind, date: day(c.date, 'medium'), to: c.to ? day(c.to, 'medium') : '', name: c.name ?? '' });
  const corrections = data.corrections.length
    ? html`<ul class="corrections" aria-labelledby="corrections">${data.corrections.map(
        (c) => html`<li><p>${correctionText(c)}${c.note ? html` — ${t.t('holidays.noteSaid', { note: c.note })}` : ''}</p>
<form method="post" action="/office/holidays/corrections/${encodeURIComponent(c.id)}/withdraw">${csrf}<input type="hidden" name="country" value="${country}"><input type="hidden" name="year" value="${String(
          year,
        )}"><button type="submit" class="secondary">${t.html('holidays.withdraw', { what: correctionText(c) }, { hidden })}</button></form></li>`,
      )}</ul>`
    : html`<p>${t.t('holidays.noCorrections', { year: String(year) })}</p>`;

  const countryChoices: Choice[] = [...new Set([...data.countries, country])]
    .map((code) => ({ value: code, label: countryName(code) }))
    .sort((a, b) => a.label.localeCompare(b.label, t.intlLocale));
  const problemOf = (field: string) => (data.problem?.field === field ? data.problem.message : undefined);
  const values = data.values ?? { date: '', name: '', note: '' };
  const offices = data.offices.map(
    (o) => html`<li>${t.t('holidays.officeWeek', { office: o.name, days: t.list(o.workingDays.map(weekday)) })}</li>`,
  );

  const body = html`<h1>${t.t('holidays.title')}</h1>
<p>${t.t('holidays.intro')}</p>
${data.notice ? html`<div class="notice" role="status"><p>${data.notice}</p></div>` : ''}
${problemSummary(t, t.t('holidays.problem'), data.problem)}
<form method="get" action="/office/holidays" class="holiday-choice">
${selectField({ name: 'country', label: t.t('holidays.country'), choices: countryChoices, selected: [country] })}
${textField({ name: 'year', label: t.t('holidays.year'), type: 'number', value: String(year), required: true })}
<button type="submit">${t.t('holidays.show')}</button>
</form>
<h2 id="list">${t.t('holidays.heading', { country: countryName(country), year: String(year) })}</h2>
${offices.length ? html`<ul>${offices}</ul>` : ''}
${table}
<h2 id="corrections">${t.t('holidays.corrections')}</h2>
${corrections}
<h2 id="add">${t.t('holidays.add')}</h2>
<form method="post" action="/office/holidays/corrections">
${csrf}<input type="hidden" name="country" value="${country}"><input type="hidden" name="year" value="${String(year)}"><input type="hidden" name="kind" value="add">
${textField({ name: 'date', label: t.t('holidays.date'), type: 'date', value: values.date, required: true, problem: problemOf('date') })}
${textField({ name: 'name', label: t.t('holidays.name'), value: values.name, required: true, problem: problemOf('name') })}
${textField({ name: 'note', label: t.t('holidays.note'), value: values.note, hint: t.t('holidays.noteHint'), problem: problemOf('note') })}
<button type="submit">${t.t('holidays.addSubmit')}</button>
</form>
<p class="meta">${t.t('holidays.source')}</p>
<p><a href="/office">${t.t('feedLinks.back')}</a></p>`;
  return layout({ t, title: t.t('holidays.title'), viewer, path: '/office/holidays' }, body);
}
