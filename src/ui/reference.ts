import type { Group, Office, Partner } from '../domain/reference.js';
import { GROUP_KINDS, LANGUAGES, type Language } from '../domain/vocabulary.js';
import { html, type Html } from '../html.js';
import { AUTONYMS, type Translator } from '../i18n/index.js';
import { checkbox, problemSummary, selectField, textArea, textField, type Choice } from './components.js';
import type { FormBody, FormProblem } from './forms.js';
import { text, texts } from './forms.js';
import { csrfField, layout, type Viewer } from './layout.js';

/*
 * TSB's pages for the reference data: the lists of groups, partners and offices, and a form for
 * each change (add or rename a group or partner; an office's addresses, reply contact, languages
 * and working week). Each form posts the API's own body to the same service; a refusal is shown
 * beside its field, with everything typed kept.
 */

const OTHER_LANGUAGES = LANGUAGES.filter((l) => l !== 'en');
type OtherLanguage = (typeof OTHER_LANGUAGES)[number];

const hidden = (words: Html) => html`<span class="visually-hidden">${words}</span>`;

/** A weekday (ISO 1 Monday … 7 Sunday) named in the reader's language. */
export const weekdayName = (t: Translator, day: number) => t.dateTime(Date.UTC(2024, 0, day), { weekday: 'long', timeZone: 'UTC' });

/** A language named in the reader's language: "Arabic", « arabe ». */
const languageName = (t: Translator, tag: string) => new Intl.DisplayNames([t.intlLocale], { type: 'language' }).of(tag) ?? tag;

export interface ReferencePageData {
  t: Translator;
  viewer: Viewer;
  groups: readonly Group[];
  partners: readonly Partner[];
  offices: readonly Office[];
  /** names in the reader's language */
  groupName: (id: string) => string;
  partnerName: (id: string) => string;
  officeName: (id: string) => string;
  notice?: string | undefined;
}

export function referencePage(data: ReferencePageData): string {
  const { t } = data;
  const rename = (href: string, name: string) =>
    html`<p class="meta"><a href="${href}">${t.html('reference.rename', { name }, { hidden })}</a></p>`;
  const groups = [...data.groups].sort((a, b) => GROUP_KINDS.indexOf(a.kind) - GROUP_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id));
  const partners = [...data.partners].sort((a, b) => data.partnerName(a.id).localeCompare(data.partnerName(b.id), t.locale));
  const body = html`<h1>${t.t('reference.title')}</h1>
<p>${t.t('reference.intro')}</p>
${data.notice ? html`<div class="notice" role="status"><p>${data.notice}</p></div>` : ''}
<h2 id="groups">${t.t('reference.groups')}</h2>
<p><a class="button" href="/office/reference/groups/new">${t.t('reference.addGroup')}</a></p>
<ul class="event-list reference-list" aria-labelledby="groups">
${groups.map(
  (g) => html`<li><h3 dir="auto">${data.groupName(g.id)}</h3>
<p class="meta"><span class="tag">${t.t(`groupKind.${g.kind}`)}</span> ${t.t('reference.id', { id: g.id })}${
    g.parent ? html` · ${t.t('reference.partOf', { parent: g.parent.toUpperCase() })}` : ''
  }</p>
${rename(`/office/reference/groups/${encodeURIComponent(g.id)}`, data.groupName(g.id))}</li>`,
)}
</ul>
<h2 id="partners">${t.t('reference.partners')}</h2>
<p><a class="button" href="/office/reference/partners/new">${t.t('reference.addPartner')}</a></p>
<ul class="event-list reference-list" aria-labelledby="partners">
${partners.map(
  (p) => html`<li><h3 dir="auto">${data.partnerName(p.id)}</h3>
<p class="meta">${t.t('reference.id', { id: p.id })}</p>
${rename(`/office/reference/partners/${encodeURIComponent(p.id)}`, data.partnerName(p.id))}</li>`,
)}
</ul>
<h2 id="offices">${t.t('reference.offices')}</h2>
<ul class="event-list reference-list" aria-labelledby="offices">
${data.offices.map(
  (o) => html`<li><h3>${data.officeName(o.id)}</h3>
<p class="meta">${t.t('reference.emails', { emails: o.emails.join(', ') })}</p>
<p class="meta">${t.t('reference.contact', { contact: o.contact ?? o.emails[0] ?? '' })}</p>
<p class="meta">${t.t('reference.languages', { languages: t.list(o.languages.map((l) => languageName(t, l))) })}</p>
<p class="meta">${t.t('reference.workingDays', { days: t.list(o.workingDays.map((d) => weekdayName(t, d))) })}</p>
<p class="meta"><a href="/office/reference/offices/${encodeURIComponent(o.id)}">${t.html('office.edit', { title: data.officeName(o.id) }, { hidden })}</a></p></li>`,
)}
</ul>
<p><a href="/office">${t.t('feedLinks.back')}</a></p>`;
  return layout({ t, title: t.t('reference.title'), viewer: data.viewer, path: '/office/reference' }, body);
}

// ---------------------------------------------------------------- a group or a partner

/** A group's or partner's form as typed. */
export interface NameValues {
  id: string;
  kind: string;
  parent: string;
  name: string;
  names: Record<OtherLanguage, string>;
}

export function nameValuesOf(item: {
  id: string;
  name: string;
  kind?: string;
  parent?: string | null;
  names: Record<string, string>;
}): NameValues {
  return {
    id: item.id,
    kind: item.kind ?? '',
    parent: item.parent ?? '',
    name: item.name,
    names: Object.fromEntries(OTHER_LANGUAGES.map((l) => [l, item.names[l] ?? ''])) as Record<OtherLanguage, string>,
  };
}

export function nameValuesOfForm(body: FormBody | undefined): NameValues {
  return {
    id: text(body, 'id'),
    kind: text(body, 'kind'),
    parent: text(body, 'parent'),
    name: text(body, 'name'),
    names: Object.fromEntries(OTHER_LANGUAGES.map((l) => [l, text(body, `names.${l}`)])) as Record<OtherLanguage, string>,
  };
}

/** The API's body: a new one (`what` group or partner), or a rename (names emptied taken away). */
export function nameBodyOf(values: NameValues, what: 'group' | 'partner', creating: boolean): Record<string, unknown> {
  const names = Object.fromEntries(
    OTHER_LANGUAGES.flatMap((l): [string, string | null][] => {
      const typed = values.names[l].trim();
      return typed ? [[l, typed]] : creating ? [] : [[l, null]];
    }),
  );
  if (!creating) return { name: values.name, names };
  return {
    id: values.id.trim(),
    ...(what === 'group' ? { kind: values.kind, parent: values.parent || null } : {}),
    name: values.name,
    names,
  };
}

/** The form's control an API field is beside: 'names.fr' its own, 'emails.1' the addresses. */
export function referenceFieldOf(apiField: string | undefined): string | undefined {
  if (!apiField || apiField === '(body)') return undefined;
  if (apiField.startsWith('names.')) return apiField;
  return apiField.split('.')[0];
}

export interface NameFormData {
  t: Translator;
  viewer: Viewer;
  what: 'group' | 'partner';
  /** undefined: a new one */
  current?: { id: string; name: string } | undefined;
  values: NameValues;
  problem?: FormProblem | undefined;
  /** a group's possible parents: the study groups */
  parents?: Choice[];
}

function problemParts(t: Translator, problem: FormProblem | undefined) {
  const field = referenceFieldOf(problem?.field);
  const message = problem ? t.say(problem.message) : undefined;
  return {
    message,
    problemOf: (name: string) => (field === name ? message : undefined),
    summary: problem && message !== undefined ? { message, field } : undefined,
  };
}

export function nameFormPage(data: NameFormData): string {
  const { t, values: v, current, what } = data;
  const { problemOf, summary } = problemParts(t, data.problem);
  const base = `/office/reference/${what === 'group' ? 'groups' : 'partners'}`;
  const action = current ? `${base}/${encodeURIComponent(current.id)}` : `${base}/new`;
  const title = current
    ? t.t('reference.renameTitle', { name: current.name })
    : t.t(what === 'group' ? 'reference.addGroup' : 'reference.addPartner');
  const kinds = GROUP_KINDS.map((k) => ({ value: k, label: t.t(`groupKind.${k}`) }));
  const identity = current
    ? html`<p>${t.t('reference.fixedId', { id: current.id })}</p>`
    : html`${textField({ name: 'id', label: t.t('reference.label.id'), value: v.id, required: true, autocomplete: 'off', hint: t.t('reference.hint.id'), problem: problemOf('id') })}
${
  what === 'group'
    ? html`${selectField({ name: 'kind', label: t.t('reference.label.kind'), choices: kinds, selected: [v.kind], problem: problemOf('kind') })}
${selectField({ name: 'parent', label: t.t('reference.label.parent'), choices: data.parents ?? [], selected: [v.parent], empty: t.t('reference.none'), hint: t.t('reference.hint.parent'), problem: problemOf('parent') })}`
    : ''
}`;
  const body = html`<h1>${title}</h1>
${problemSummary(t, t.t('reference.notSaved'), summary)}
<form class="reference-form" method="post" action="${action}" novalidate>
${csrfField(data.viewer.csrf)}
${identity}
${textField({ name: 'name', label: t.t('reference.label.name'), value: v.name, required: true, problem: problemOf('name') })}
<fieldset><legend>${t.t('reference.names')}</legend>
<p class="hint">${t.t('reference.hint.names')}</p>
${OTHER_LANGUAGES.map(
  (l: Language) =>
    html`<div lang="${l}">${textField({ name: `names.${l}`, label: AUTONYMS[l], value: v.names[l as OtherLanguage], dir: 'auto', problem: problemOf(`names.${l}`) })}</div>`,
)}
</fieldset>
<div class="actions"><button type="submit">${t.t(current ? 'reference.save' : 'reference.create')}</button>
<a href="/office/reference">${t.t('reference.back')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}

// ---------------------------------------------------------------- an office

/** An office's form as typed: the addresses one a line, the languages in order, the days ticked. */
export interface OfficeValues {
  emails: string;
  contact: string;
  /** up to six, '' where none is chosen */
  languages: string[];
  workingDays: string[];
}

export const officeValuesOf = (office: Office): OfficeValues => ({
  emails: office.emails.join('\n'),
  contact: office.contact ?? '',
  languages: LANGUAGES.map((_, i) => office.languages[i] ?? ''),
  workingDays: office.workingDays.map(String),
});

export const officeValuesOfForm = (body: FormBody | undefined): OfficeValues => ({
  emails: text(body, 'emails'),
  contact: text(body, 'contact'),
  languages: LANGUAGES.map((_, i) => text(body, `languages.${i}`)),
  workingDays: texts(body, 'workingDays'),
});

export function officeBodyOf(values: OfficeValues): Record<string, unknown> {
  return {
    emails: values.emails
      .split('\n')
      .map((e) => e.trim())
      .filter(Boolean),
    contact: values.contact.trim() || null,
    languages: values.languages.filter(Boolean),
    workingDays: values.workingDays.map((d) => (/^\d$/.test(d) ? Number(d) : d)),
  };
}

export interface OfficeFormData {
  t: Translator;
  viewer: Viewer;
  office: { id: string; name: string };
  values: OfficeValues;
  problem?: FormProblem | undefined;
  /** what OFFICE_EMAILS or OFFICE_LANGUAGES set for this office */
  configured: ('emails' | 'languages')[];
}

export function officeFormPage(data: OfficeFormData): string {
  const { t, values: v } = data;
  const { problemOf, summary } = problemParts(t, data.problem);
  const title = t.t('reference.officeTitle', { name: data.office.name });
  const settings = { emails: 'OFFICE_EMAILS', languages: 'OFFICE_LANGUAGES' } as const;
  const languageChoices = LANGUAGES.map((l) => ({ value: l, label: AUTONYMS[l], lang: l }));
  const group = (id: string, legend: string, hint: string, problem: string | undefined, controls: Html) =>
    html`<fieldset id="f-${id}" tabindex="-1"${problem ? html` aria-describedby="f-${id}-problem"` : ''}><legend>${legend}</legend>
<p class="hint">${hint}</p>
${problem ? html`<p class="field-problem" id="f-${id}-problem">${problem}</p>` : ''}
${controls}
</fieldset>`;
  const body = html`<h1>${title}</h1>
${data.configured.map((what) => html`<p class="notice">${t.t('reference.configured', { setting: settings[what], what })}</p>`)}
${problemSummary(t, t.t('reference.notSaved'), summary)}
<form class="reference-form" method="post" action="/office/reference/offices/${encodeURIComponent(data.office.id)}" novalidate>
${csrfField(data.viewer.csrf)}
${textArea({ name: 'emails', label: t.t('reference.label.emails'), value: v.emails, hint: t.t('reference.hint.emails'), problem: problemOf('emails') })}
${textField({ name: 'contact', label: t.t('reference.label.contact'), value: v.contact, type: 'email', autocomplete: 'off', hint: t.t('reference.hint.contact'), problem: problemOf('contact') })}
${group(
  'languages',
  t.t('reference.label.languages'),
  t.t('reference.hint.languages'),
  problemOf('languages'),
  html`${LANGUAGES.map((_, i) =>
    selectField({
      name: `languages.${i}`,
      label: t.t('reference.label.languageAt', { n: i + 1 }),
      choices: languageChoices,
      selected: [v.languages[i] ?? ''],
      empty: t.t('reference.none'),
    }),
  )}`,
)}
${group(
  'workingDays',
  t.t('reference.label.workingDays'),
  t.t('reference.hint.workingDays'),
  problemOf('workingDays'),
  html`${[1, 2, 3, 4, 5, 6, 7].map((d) =>
    checkbox({
      name: 'workingDays',
      value: String(d),
      id: `workingDays-${d}`,
      label: weekdayName(t, d),
      checked: v.workingDays.includes(String(d)),
    }),
  )}`,
)}
<div class="actions"><button type="submit">${t.t('reference.save')}</button>
<a href="/office/reference">${t.t('reference.back')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}
