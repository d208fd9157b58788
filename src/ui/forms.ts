import { COUNTRY_CODES } from '../domain/countries.js';
import { shownText, VENUE_PARTS, type CalendarEvent, type Venue } from '../domain/event.js';
import { FIGURES, type EventFields } from '../domain/shapes.js';
import { html, type Html } from '../html.js';
import { AUTONYMS, type Message, type Translator } from '../i18n/index.js';
import { kindName } from '../i18n/words.js';
import { EVENT_KINDS, LANGUAGES, type Language } from '../domain/vocabulary.js';
import type { ClashWarnings } from './clashes.js';
import { checkbox, problemSummary, selectField, textArea, textField, type Choice } from './components.js';
import { csrfField, layout, type Viewer } from './layout.js';

/** A posted form: fields as text (or several texts, for a multiple select). */
export type FormBody = Record<string, string | string[] | undefined>;

/** One text field of a posted form: the first value, '' when absent. */
export function text(body: FormBody | undefined, name: string): string {
  const value = body?.[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Every value of a field. */
export function texts(body: FormBody | undefined, name: string): string[] {
  const value: unknown = body?.[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/*
 * The event form's fields are the event's own (EventFields, the one TypeBox shape), the venue by
 * its parts, named as the API names them so that its 400 `field` points at the control. Each list
 * below is a record over those names: a field added to the shape is flagged by the compiler in
 * every one of them (its value from an event, from a post, into the API body, and its control).
 */

/** The fields the form edits: every event field but the reminder settings (set through the API), the venue by its parts. */
type FormEventField = Exclude<keyof EventFields, 'venue' | 'reminders' | 'notify'>;
export type EventFormField = FormEventField | `venue.${keyof Venue}`;

/** What the form holds: text as typed, the groups as chosen, whether the venue can be followed online. */
export type EventFormValues = {
  [K in EventFormField]: K extends 'groups'
    ? string[]
    : K extends 'partners'
      ? PartnerValues
      : K extends 'venue.virtual'
        ? boolean
        : K extends 'translations'
          ? TranslationValues
          : string;
};

/** The partners as the form holds them: those of the list chosen (ids), and the others typed, one a line. */
export interface PartnerValues {
  chosen: string[];
  other: string;
}

/** An event's partners into the form's two controls: those of the list by id, any other text as typed. */
export function partnerValues(entries: string[], partnerOf: (entry: string) => { id: string } | undefined): PartnerValues {
  const chosen: string[] = [];
  const other: string[] = [];
  for (const entry of entries) {
    const id = partnerOf(entry)?.id;
    if (id) chosen.push(id);
    else other.push(entry);
  }
  return { chosen: [...new Set(chosen)], other: other.join('\n') };
}

/** Each language's title and description as typed: '' where nothing is. */
export type TranslationValues = Record<Language, { title: string; description: string }>;

const translationValues = (of: (language: Language) => { title?: string | null; description?: string | null } | undefined) =>
  Object.fromEntries(
    LANGUAGES.map((language) => [language, { title: of(language)?.title ?? '', description: of(language)?.description ?? '' }]),
  ) as TranslationValues;

type VenueForm = { [K in keyof Venue as `venue.${K}`]: EventFormValues[`venue.${K}`] };

const venueValues = (venue: Venue): VenueForm =>
  Object.fromEntries(
    (Object.keys(VENUE_PARTS) as (keyof Venue)[]).map((part) => [
      `venue.${part}`,
      typeof venue[part] === 'boolean' ? venue[part] : (venue[part] ?? ''),
    ]),
  ) as VenueForm;

export function valuesOfEvent(event: CalendarEvent): EventFormValues {
  const values: { [K in FormEventField]: EventFormValues[K] } = {
    title: event.title,
    kind: event.kind,
    status: event.status,
    visibility: event.visibility,
    office: event.office,
    region: event.region,
    groups: event.groups,
    // as stored; the page sorts them into the list and the others (partnerValues)
    partners: { chosen: event.partners, other: '' },
    timeZone: event.timeZone,
    start: event.start,
    end: event.end,
    description: event.description ?? '',
    language: event.language,
    translations: translationValues((language) => event.translations[language]),
    url: event.url ?? '',
    recurrence: event.recurrence ?? '',
  };
  return { ...values, ...venueValues(event.venue) };
}

export function valuesOfForm(body: FormBody | undefined): EventFormValues {
  const values: { [K in FormEventField]: EventFormValues[K] } = {
    title: text(body, 'title'),
    kind: text(body, 'kind'),
    status: text(body, 'status'),
    visibility: text(body, 'visibility'),
    office: text(body, 'office'),
    region: text(body, 'region'),
    groups: texts(body, 'groups'),
    partners: { chosen: texts(body, 'partners'), other: text(body, 'partnersOther') },
    timeZone: text(body, 'timeZone'),
    start: text(body, 'start'),
    end: text(body, 'end'),
    description: text(body, 'description'),
    language: text(body, 'language'),
    translations: translationValues((language) => ({
      title: text(body, `translations.${language}.title`),
      description: text(body, `translations.${language}.description`),
    })),
    url: text(body, 'url'),
    recurrence: text(body, 'recurrence'),
  };
  const venue: VenueForm = {
    'venue.name': text(body, 'venue.name'),
    'venue.city': text(body, 'venue.city'),
    'venue.country': text(body, 'venue.country'),
    'venue.virtual': text(body, 'venue.virtual') === 'on',
    'venue.url': text(body, 'venue.url'),
  };
  return { ...values, ...venue };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/**
 * The API body of the form: the same body for POST and PATCH, so every rule (and every message)
 * is the API's. Empty optional fields are null; a cancelled event's status is left as it is.
 */
export function apiBodyOf(values: EventFormValues): Record<string, unknown> {
  const venue: Venue = {
    name: orNull(values['venue.name']),
    city: orNull(values['venue.city']),
    country: orNull(values['venue.country']),
    virtual: values['venue.virtual'],
    url: orNull(values['venue.url']),
  };
  return {
    title: values.title.trim(),
    kind: values.kind,
    ...(values.status && values.status !== 'cancelled' ? { status: values.status } : {}),
    // a form from before the field, or a hand-made post, leaves it as it is (public for a new event)
    ...(values.visibility ? { visibility: values.visibility } : {}),
    office: values.office,
    region: values.region,
    groups: values.groups,
    // one a line: a partner's name may hold a comma
    partners: [
      ...new Set([
        ...values.partners.chosen,
        ...values.partners.other
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean),
      ]),
    ],
    venue,
    timeZone: values.timeZone.trim(),
    // typed on an Arabic keyboard, ٢٠٢٤-٠٣-٠٥ is 2024-03-05: the same date, unambiguous
    start: asciiDigits(values.start.trim()),
    end: asciiDigits(values.end.trim()),
    description: orNull(values.description),
    // a form from before the field leaves the language as it is (English for a new event)
    ...(values.language ? { language: values.language } : {}),
    // a language with nothing typed has no translation; a description without a title is sent as
    // typed, so the API names the title that is missing
    translations: Object.fromEntries(
      LANGUAGES.flatMap((language) => {
        const { title, description } = values.translations[language];
        return title.trim() || description.trim() ? [[language, { title: title.trim(), description: orNull(description) }]] : [];
      }),
    ),
    url: orNull(values.url),
    recurrence: orNull(values.recurrence),
  };
}

/** A problem the API found, as a form shows it: beside its field, in the reader's language. */
export interface FormProblem {
  message: Message;
  field?: string | undefined;
}

/**
 * What a form's summary says of a problem: beside a field of the form, the message alone (it links
 * to the field); about a field the form does not show ("also remind"), that field's name first.
 */
function summaryOf(t: Translator, problem: FormProblem | undefined, shown: string | undefined, message: string | undefined) {
  if (!problem || message === undefined) return undefined;
  if (shown !== undefined || problem.field === undefined) return { message, field: shown };
  return { message: t.t('error.field', { field: t.fieldLabel(problem.field), problem: message }) };
}

export interface EventFormData {
  t: Translator;
  viewer: Viewer;
  /** undefined: a new event */
  event?: CalendarEvent | undefined;
  values: EventFormValues;
  problem?: FormProblem | undefined;
  choices: { offices: Choice[]; regions: Choice[]; groups: Choice[]; partners: Choice[]; zones: string[] };
  /** collisions not seen yet (src/ui/clashes.ts): listed above the form, "Save anyway" after its button */
  clashes?: ClashWarnings | undefined;
}

/** The control of every field the form edits, in the reader's language. */
type Controls = Record<EventFormField, (v: EventFormValues, problemOf: (name: EventFormField) => string | undefined) => Html | ''>;

function eventControls(data: EventFormData): Controls {
  const { t } = data;
  const label = (field: EventFormField) => t.t(`form.label.${field}`);
  const kinds = EVENT_KINDS.map((k) => ({ value: k, label: kindName(t, k) }));
  const plain =
    (
      name: EventFormField & keyof { [K in EventFormField as EventFormValues[K] extends string ? K : never]: 1 },
      options: { type?: string; hint?: string } = {},
    ) =>
    (v: EventFormValues, problemOf: (name: EventFormField) => string | undefined) =>
      textField({ name, label: label(name), value: v[name], problem: problemOf(name), ...options });
  return {
    title: (v, problemOf) =>
      textField({ name: 'title', label: label('title'), value: v.title, required: true, problem: problemOf('title') }),
    kind: (v, problemOf) =>
      selectField({ name: 'kind', label: label('kind'), choices: kinds, selected: [v.kind], problem: problemOf('kind') }),
    status: (v, problemOf) =>
      v.status === 'cancelled'
        ? html`<p><strong>${label('status')}:</strong> ${t.t('form.cancelledStatus')}</p>`
        : selectField({
            name: 'status',
            label: label('status'),
            choices: [
              { value: 'confirmed', label: t.t('form.status.confirmed') },
              { value: 'tentative', label: t.t('form.status.tentative') },
            ],
            selected: [v.status],
            problem: problemOf('status'),
          }),
    visibility: (v, problemOf) =>
      selectField({
        name: 'visibility',
        label: label('visibility'),
        choices: [
          { value: 'public', label: t.t('form.visibility.public') },
          { value: 'internal', label: t.t('form.visibility.internal') },
        ],
        selected: [v.visibility || 'public'],
        problem: problemOf('visibility'),
      }),
    office: (v, problemOf) =>
      selectField({
        name: 'office',
        label: label('office'),
        choices: data.choices.offices,
        selected: [v.office],
        problem: problemOf('office'),
      }),
    region: (v, problemOf) =>
      selectField({
        name: 'region',
        label: label('region'),
        choices: data.choices.regions,
        selected: [v.region],
        problem: problemOf('region'),
      }),
    groups: (v, problemOf) =>
      selectField({
        name: 'groups',
        label: label('groups'),
        choices: data.choices.groups,
        selected: v.groups,
        multiple: true,
        hint: t.t('form.hint.groups'),
        problem: problemOf('groups'),
      }),
    partners: (v, problemOf) =>
      html`${selectField({
        name: 'partners',
        label: label('partners'),
        choices: data.choices.partners,
        selected: v.partners.chosen,
        multiple: true,
        hint: t.t('form.hint.groups'),
        problem: problemOf('partners'),
      })}
${textArea({ name: 'partnersOther', label: t.t('form.label.partnersOther'), value: v.partners.other, hint: t.t('form.hint.partnersOther') })}`,
    timeZone: (v, problemOf) =>
      html`${textField({ name: 'timeZone', label: label('timeZone'), value: v.timeZone, list: 'zones', hint: t.t('form.hint.timeZone'), problem: problemOf('timeZone') })}
<datalist id="zones">${data.choices.zones.map((z) => html`<option value="${z}"></option>`)}</datalist>`,
    start: plain('start', { hint: t.t('form.hint.start') }),
    end: plain('end', { hint: t.t('form.hint.end') }),
    recurrence: plain('recurrence', { hint: t.t('form.hint.recurrence') }),
    'venue.name': plain('venue.name'),
    'venue.city': plain('venue.city'),
    'venue.country': plain('venue.country'),
    'venue.virtual': (v) => checkbox({ name: 'venue.virtual', label: label('venue.virtual'), checked: v['venue.virtual'] }),
    'venue.url': plain('venue.url', { type: 'url' }),
    description: (v, problemOf) =>
      textArea({ name: 'description', label: label('description'), value: v.description, problem: problemOf('description') }),
    url: plain('url', { type: 'url' }),
    language: (v, problemOf) =>
      selectField({
        name: 'language',
        label: label('language'),
        choices: LANGUAGES.map((language) => ({ value: language, label: AUTONYMS[language], lang: language })),
        selected: [v.language || 'en'],
        hint: t.t('form.hint.language'),
        problem: problemOf('language'),
      }),
    translations: (v, problemOf) => translationTabs(t, v, problemOf('translations'), data.problem?.field),
  };
}

/**
 * A panel per language but the event's own, each with its title and description typed in that
 * language (`lang`, so spelling and voices follow it). The script shows them as tabs; without it
 * they are one after the other. A language with a text typed, or a problem, comes first.
 */
function translationTabs(t: Translator, v: EventFormValues, problem: string | undefined, apiField: string | undefined): Html {
  const own = v.language || 'en';
  const filled = (language: Language) =>
    !!(v.translations[language].title || v.translations[language].description || apiField?.startsWith(`translations.${language}`));
  const others = LANGUAGES.filter((language) => language !== own).sort((a, b) => Number(filled(b)) - Number(filled(a)));
  // a problem with the whole set, or with the event's own language, has no field of its own below
  const beside = (name: string) => (problem !== undefined && apiField === name ? problem : undefined);
  const placed = others.some((language) =>
    [`translations.${language}.title`, `translations.${language}.description`].includes(apiField ?? ''),
  );
  const panel = (language: Language) => {
    const text = v.translations[language];
    const title = `translations.${language}.title`;
    const description = `translations.${language}.description`;
    return html`<fieldset class="translation" lang="${language}" data-tab-panel>
<legend>${AUTONYMS[language]}</legend>
${textField({ name: title, label: t.t('form.label.title'), value: text.title, dir: 'auto', problem: beside(title) })}
${textArea({ name: description, label: t.t('form.label.description'), value: text.description, dir: 'auto', problem: beside(description) })}
</fieldset>`;
  };
  return html`<div class="translations" id="f-translations" tabindex="-1" data-tabs>
<h3>${t.t('form.label.translations')}</h3>
<p class="hint">${t.t('form.hint.translations')}</p>
${problem && !placed ? html`<p class="field-problem">${problem}</p>` : ''}
${others.map(panel)}
</div>`;
}

/** The form's sections, each with the fields it shows in order. */
const SECTIONS: { legend: 'event' | 'time' | 'place' | 'more' | 'languages'; fields: EventFormField[] }[] = [
  { legend: 'event', fields: ['title', 'kind', 'status', 'visibility', 'office', 'region', 'groups', 'partners'] },
  { legend: 'time', fields: ['timeZone', 'start', 'end', 'recurrence'] },
  { legend: 'place', fields: ['venue.name', 'venue.city', 'venue.country', 'venue.virtual', 'venue.url'] },
  { legend: 'more', fields: ['description', 'url'] },
  { legend: 'languages', fields: ['language', 'translations'] },
];

const FORM_FIELDS = new Set<string>(SECTIONS.flatMap((s) => s.fields));

/** The field of the form an API `field` concerns: 'partners.2' is the partners box, 'venue.city' its own. */
export function formFieldOf(apiField: string | undefined): EventFormField | undefined {
  if (!apiField) return undefined;
  const name = apiField.startsWith('venue.') ? apiField.split('.').slice(0, 2).join('.') : apiField.split('.')[0]!;
  return FORM_FIELDS.has(name) ? (name as EventFormField) : undefined;
}

export function eventFormPage(data: EventFormData): string {
  const { t, values: v, event } = data;
  const field = formFieldOf(data.problem?.field);
  const message = data.problem ? t.say(data.problem.message) : undefined;
  const problemOf = (name: EventFormField) => (field === name ? message : undefined);
  const summary = summaryOf(t, data.problem, field, message);
  const title = event ? t.t('form.editTitle', { title: event.title }) : t.t('form.createTitle');
  const action = event ? `/events/${encodeURIComponent(event.id)}/edit` : '/events/new';
  const controls = eventControls(data);
  const body: Html = html`<h1>${title}</h1>
${problemSummary(t, t.t(event ? 'form.notSaved' : 'form.notCreated'), summary)}
${data.clashes?.list ?? ''}
<form method="post" action="${action}" novalidate>
${csrfField(data.viewer.csrf)}
${SECTIONS.map(
  (s) => html`<fieldset><legend>${t.t(`form.legend.${s.legend}`)}</legend>
${s.fields.map((name) => controls[name](v, problemOf))}
</fieldset>`,
)}
<div class="actions"><button type="submit">${t.t(event ? 'form.save' : 'form.create')}</button>${data.clashes?.button ?? ''}
<a href="${event ? `/events/${encodeURIComponent(event.id)}` : '/office'}">${t.t('form.cancelEditing')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}

/**
 * Digits as people type them in Arabic (٠١٢٣٤٥٦٧٨٩, and the Persian forms ۰-۹ some keyboards give)
 * as ASCII digits, and the thin and no-break spaces some write between thousands taken out: a
 * count is unambiguous in any of these.
 */
export function asciiDigits(value: string): string {
  return value
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/(\d)[\u00A0\u202F\u066C](?=\d{3}\b)/g, '$1');
}

/** The figures form's values: as typed, one per figure; the countries as the codes ticked. */
export type AttendanceValues = Record<Exclude<(typeof FIGURES)[number], 'countryCodes'>, string> & { countryCodes: string[] };

export function attendanceValuesOfEvent(event: CalendarEvent): AttendanceValues {
  const a = event.attendance;
  const show = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  return {
    participants: show(a?.participants),
    // a registration with its list shows the list; an older one with only a number shows the number
    countries: a?.countryCodes ? '' : show(a?.countries),
    countryCodes: a?.countryCodes ?? [],
    inPerson: show(a?.inPerson),
    remote: show(a?.remote),
    women: show(a?.women),
    notes: a?.notes ?? '',
  };
}

export function attendanceValuesOfForm(body: FormBody | undefined): AttendanceValues {
  return {
    participants: text(body, 'participants'),
    countries: text(body, 'countries'),
    countryCodes: texts(body, 'countryCodes'),
    inPerson: text(body, 'inPerson'),
    remote: text(body, 'remote'),
    women: text(body, 'women'),
    notes: text(body, 'notes'),
  };
}

/**
 * The API body of the figures: digits become numbers, empty optional figures null, anything
 * else is passed as typed so the API says what is wrong with it. The countries ticked are the
 * list; the number alone is sent only when typed (an empty field is not a zero).
 */
export function attendanceBodyOf(values: AttendanceValues): Record<string, unknown> {
  const count = (typed: string) => {
    const value = asciiDigits(typed);
    return /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : typed.trim();
  };
  const body: Record<string, unknown> = {};
  for (const name of ['participants', 'countries'] as const) if (values[name].trim() !== '') body[name] = count(values[name]);
  if (values.countryCodes.length) body.countryCodes = values.countryCodes;
  for (const name of ['inPerson', 'remote', 'women'] as const) body[name] = values[name].trim() === '' ? null : count(values[name]);
  body.notes = orNull(values.notes);
  return body;
}

/**
 * The countries as a list of checkboxes named in the reader's language, those ticked first; a
 * filter box above them (shown by the script: without it the whole list is there to tick).
 */
function countryChoice(t: Translator, chosen: string[], problem: string | undefined): Html {
  const ticked = new Set(chosen);
  const all = t.countries(COUNTRY_CODES);
  // a code the API refused stays ticked, named by its code, so that nothing typed is lost
  const unknown = chosen.filter((code) => !COUNTRY_CODES.includes(code)).map((code) => ({ code, name: code }));
  const ordered = [...unknown, ...all.filter((c) => ticked.has(c.code)), ...all.filter((c) => !ticked.has(c.code))];
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const ids = ['f-countryCodes-hint', problem ? 'f-countryCodes-problem' : ''].filter(Boolean).join(' ');
  return html`<fieldset class="countries" id="f-countryCodes" tabindex="-1" aria-describedby="${ids}">
<legend>${t.t('figures.form.countries')}</legend>
<span class="hint" id="f-countryCodes-hint">${t.t('figures.form.countriesHint')}</span>
${problem ? html`<span class="field-problem" id="f-countryCodes-problem">${problem}</span>` : ''}
<div class="field country-filter" data-country-filter hidden>
<label for="f-country-search">${t.t('figures.form.countrySearch')}</label>
<input type="search" id="f-country-search" autocomplete="off" aria-controls="f-country-list">
</div>
<p class="hint" data-country-none hidden>${t.t('figures.form.noCountryMatch')}</p>
<ul class="country-list" id="f-country-list">
${ordered.map(
  (c) =>
    html`<li data-country="${fold(`${c.name} ${c.code}`)}"><input type="checkbox" id="f-country-${c.code}" name="countryCodes" value="${c.code}"${ticked.has(c.code) ? html` checked` : ''}><label for="f-country-${c.code}">${c.name}</label></li>`,
)}
</ul>
</fieldset>`;
}

export interface AttendanceFormData {
  t: Translator;
  viewer: Viewer;
  event: CalendarEvent;
  when: Html;
  values: AttendanceValues;
  problem?: FormProblem | undefined;
}

export function attendanceFormPage(data: AttendanceFormData): string {
  const { t, values: v, event } = data;
  const field = (FIGURES as readonly string[]).includes(data.problem?.field?.split('.')[0] ?? '')
    ? data.problem!.field!.split('.')[0]
    : undefined;
  const message = data.problem ? t.say(data.problem.message) : undefined;
  const problemOf = (name: string) => (field === name ? message : undefined);
  const summary = summaryOf(t, data.problem, field, message);
  // text with a numeric keyboard, not type=number: a browser drops from a number field what it
  // cannot read (Arabic-Indic digits in some), and nothing typed may be lost; the server reads them
  const number = (name: Exclude<keyof AttendanceValues, 'notes' | 'countryCodes' | 'countries'>, hint?: string) =>
    textField({ name, label: t.t(`figures.form.${name}`), value: v[name], inputmode: 'numeric', hint, problem: problemOf(name) });
  const path = `/events/${encodeURIComponent(event.id)}`;
  const title = t.t('figures.form.title', { title: shownText(event, t.locale).title });
  const body = html`<h1>${title}</h1>
<p>${data.when}</p>
${event.attendance ? html`<p>${t.t('figures.form.before')}</p>` : ''}
${problemSummary(t, t.t('figures.form.notSaved'), summary)}
<form method="post" action="${path}/attendance" novalidate>
${csrfField(data.viewer.csrf)}
${number('participants', t.t('figures.form.participantsHint'))}
${countryChoice(t, v.countryCodes, problemOf('countryCodes'))}
${textField({
  name: 'countries',
  label: t.t('figures.form.countriesNumber'),
  value: v.countries,
  inputmode: 'numeric',
  hint: t.t('figures.form.countriesNumberHint'),
  problem: problemOf('countries'),
})}
${number('inPerson', t.t('figures.form.optional'))}
${number('remote', t.t('figures.form.optional'))}
${number('women', t.t('figures.form.optional'))}
${textArea({ name: 'notes', label: t.t('figures.form.notes'), value: v.notes, hint: t.t('figures.form.notesHint'), problem: problemOf('notes') })}
<div class="actions"><button type="submit">${t.t('figures.form.save')}</button> <a href="${path}">${t.t('form.cancelEditing')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}
