import { COUNTRY_CODES } from '../domain/countries.js';
import { shownText, VENUE_PARTS, type CalendarEvent, type Venue } from '../domain/event.js';
import { FIGURES, type EventFields } from '../domain/shapes.js';
import { canonicalRecurrence, recurrenceProblem } from '../domain/recurrence.js';
import { describeRule, ruleText } from '../i18n/rule-words.js';
import { html, type Html } from '../html.js';
import { AUTONYMS, type Message, type Translator } from '../i18n/index.js';
import { kindName } from '../i18n/words.js';
import { EVENT_KINDS, LANGUAGES, type Language } from '../domain/vocabulary.js';
import type { ClashWarnings } from './clashes.js';
import { DEFAULT_REMINDERS } from '../domain/reminders.js';
import { checkbox, fieldId, problemSummary, radios, selectField, textArea, textField, type Choice } from './components.js';
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

/** The fields the form edits: every event field, the venue by its parts. */
type FormEventField = Exclude<keyof EventFields, 'venue'>;
export type EventFormField = FormEventField | `venue.${keyof Venue}`;

/** A date and a time as the browser's date and time inputs give them ('' where nothing is). */
export interface DateTimeValue {
  date: string;
  time: string;
}

/** The reminders as chosen: the kind's usual ones, or these offsets (ISO durations) and one more typed. '' : not in the post. */
export interface ReminderValues {
  mode: 'usual' | 'chosen' | '';
  offsets: string[];
  customAmount: string;
  customUnit: string;
}

/** How the series repeats, as its controls hold it; `rule` is the advanced field, `shown` the rule it showed. */
export interface RepeatValues {
  /** '' does not repeat; 'custom': the rule is the advanced field's */
  freq: string;
  interval: string;
  /** weekly: MO…SU */
  days: string[];
  /** monthly: on a day of the month ('day') or on the nth weekday ('weekday') */
  monthly: string;
  monthDay: string;
  /** 1, 2, 3, 4 or -1 (the last) */
  nth: string;
  weekday: string;
  /** ends after a number of times ('count') or on a date ('until') */
  ends: string;
  count: string;
  until: string;
  rule: string;
  shown: string;
}

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
          : K extends 'start' | 'end'
            ? DateTimeValue
            : K extends 'recurrence'
              ? RepeatValues
              : K extends 'reminders'
                ? ReminderValues
                : K extends 'notify'
                  ? string | null
                  : string;
} & { allDay: boolean };

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
    start: splitLocal(event.start),
    end: splitLocal(event.end),
    description: event.description ?? '',
    language: event.language,
    translations: translationValues((language) => event.translations[language]),
    url: event.url ?? '',
    recurrence: repeatOfRule(event.recurrence, event.start),
    reminders: reminderValuesOf(event.reminders),
    notify: event.notify.join('\n'),
  };
  return { ...values, ...venueValues(event.venue), allDay: event.allDay };
}

/** '2024-03-05T09:00' as its date and time; an all-day '2024-03-05' has no time. */
export const splitLocal = (local: string): DateTimeValue => ({ date: local.slice(0, 10), time: local.slice(11, 16) });

/** The local date or date-time the API reads: the date alone for an all-day event (or when no time is typed). */
export function joinLocal(value: DateTimeValue, allDay: boolean): string {
  // typed on an Arabic keyboard, ٢٠٢٤-٠٣-٠٥ is 2024-03-05: the same date, unambiguous
  const date = asciiDigits(value.date.trim());
  const time = asciiDigits(value.time.trim());
  return allDay || !time ? date : `${date}T${time}`;
}

const reminderValuesOf = (reminders: string[] | null): ReminderValues => ({
  mode: reminders === null ? 'usual' : 'chosen',
  offsets: reminders ?? [],
  customAmount: '',
  customUnit: 'days',
});

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
    start: dateTimeOfForm(body, 'start'),
    end: dateTimeOfForm(body, 'end'),
    description: text(body, 'description'),
    language: text(body, 'language'),
    translations: translationValues((language) => ({
      title: text(body, `translations.${language}.title`),
      description: text(body, `translations.${language}.description`),
    })),
    url: text(body, 'url'),
    recurrence: repeatOfForm(body),
    reminders: {
      mode: ((m) => (m === 'usual' || m === 'chosen' ? m : ''))(text(body, 'reminders.mode')),
      offsets: texts(body, 'reminders.offsets'),
      customAmount: text(body, 'reminders.customAmount'),
      customUnit: text(body, 'reminders.customUnit') || 'days',
    },
    notify: body && 'notify' in body ? text(body, 'notify') : null,
  };
  const venue: VenueForm = {
    'venue.name': text(body, 'venue.name'),
    'venue.city': text(body, 'venue.city'),
    'venue.country': text(body, 'venue.country'),
    'venue.virtual': text(body, 'venue.virtual') === 'on',
    'venue.url': text(body, 'venue.url'),
  };
  return { ...values, ...venue, allDay: text(body, 'allDay') === 'on' };
}

/** A date and time from the form's inputs; a post with the whole local value (`start`) is read too. */
function dateTimeOfForm(body: FormBody | undefined, name: 'start' | 'end'): DateTimeValue {
  if (body && !(`${name}.date` in body) && name in body) return splitLocal(text(body, name));
  return { date: text(body, `${name}.date`), time: text(body, `${name}.time`) };
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
    // a cancelled event kept cancelled leaves its status as it is; confirmed or tentative undoes the cancellation
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
    start: joinLocal(values.start, values.allDay || (!values.start.time.trim() && !values.end.time.trim())),
    end: joinLocal(values.end, values.allDay || (!values.start.time.trim() && !values.end.time.trim())),
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
    recurrence: recurrenceOf(values.recurrence),
    // a post without these controls leaves them as they are
    ...(values.reminders.mode ? { reminders: remindersOf(values.reminders) } : {}),
    ...(values.notify !== null ? { notify: notifyOf(values.notify) } : {}),
  };
}

/** Extra addresses as typed: one a line, or separated by commas, spaces or semicolons. */
export const notifyOf = (typed: string) => [...new Set(typed.split(/[\s,;]+/).filter(Boolean))];

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
    // a cancelled event is undone here: set its status back to confirmed or tentative
    status: (v, problemOf) =>
      selectField({
        name: 'status',
        label: label('status'),
        choices: [
          ...(v.status === 'cancelled' || data.event?.status === 'cancelled'
            ? [{ value: 'cancelled', label: t.t('form.status.cancelled') }]
            : []),
          { value: 'confirmed', label: t.t('form.status.confirmed') },
          { value: 'tentative', label: t.t('form.status.tentative') },
        ],
        selected: [v.status],
        hint: data.event?.status === 'cancelled' ? t.t('form.hint.statusCancelled') : undefined,
        problem: problemOf('status'),
      }),
    visibility: (v, problemOf) =>
      radios({
        name: 'visibility',
        legend: label('visibility'),
        choices: (['public', 'internal'] as const).map((value) => ({
          value,
          label: t.t(`form.visibility.${value}`),
          hint: t.t(`form.visibility.${value}.who`),
        })),
        selected: v.visibility || 'public',
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
      html`${textField({ name: 'timeZone', label: label('timeZone'), value: v.timeZone, list: 'zones', autocomplete: 'off', hint: t.t('form.hint.timeZone'), problem: problemOf('timeZone') })}
<datalist id="zones">${data.choices.zones.map((z) => html`<option value="${z}"></option>`)}</datalist>`,
    start: (v, problemOf) =>
      html`${checkbox({ name: 'allDay', label: t.t('form.label.allDay'), checked: v.allDay })}
${dateTimeField(t, { name: 'start', legend: label('start'), value: v.start, problem: problemOf('start') })}`,
    end: (v, problemOf) =>
      dateTimeField(t, { name: 'end', legend: label('end'), value: v.end, problem: problemOf('end'), hint: t.t('form.hint.end') }),
    recurrence: (v, problemOf) => repeatControls(t, v, problemOf('recurrence')),
    reminders: (v, problemOf) => reminderControls(t, v, problemOf('reminders')),
    notify: (v, problemOf) =>
      textArea({
        name: 'notify',
        label: label('notify'),
        value: v.notify ?? '',
        hint: t.t('form.hint.notify'),
        problem: problemOf('notify'),
        dir: 'ltr',
      }),
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
const SECTIONS: { legend: 'event' | 'time' | 'reminders' | 'place' | 'more' | 'languages'; fields: EventFormField[] }[] = [
  { legend: 'event', fields: ['title', 'kind', 'status', 'visibility', 'office', 'region', 'groups', 'partners'] },
  { legend: 'time', fields: ['timeZone', 'start', 'end', 'recurrence'] },
  { legend: 'reminders', fields: ['reminders', 'notify'] },
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
<a href="${event ? `/events/${encodeURIComponent(event.id)}` : '/office'}">${t.t('form.backWithoutSaving')}</a></div>
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
<div class="actions"><button type="submit">${t.t('figures.form.save')}</button> <a href="${path}">${t.t('form.backWithoutSaving')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}

// ---------------------------------------------------------------- the recurrence from its controls

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const REPEAT_FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
/** the positions the monthly control offers: first to fourth, and the last */
export const MONTH_POSITIONS = ['1', '2', '3', '4', '-1'] as const;

/** The controls' values when the series does not say: taken from its first start. */
function repeatDefaults(start: string): RepeatValues {
  const date = /^\d{4}-\d{2}-\d{2}/.test(start) ? new Date(`${start.slice(0, 10)}T00:00:00Z`) : undefined;
  const weekday = date ? WEEKDAY_CODES[(date.getUTCDay() + 6) % 7]! : 'MO';
  const day = date ? date.getUTCDate() : 1;
  const lastWeek = date ? new Date(date.getTime() + 7 * 86_400_000).getUTCMonth() !== date.getUTCMonth() : false;
  return {
    freq: '',
    interval: '1',
    days: [weekday],
    monthly: 'day',
    monthDay: String(day),
    nth: day > 28 || (lastWeek && day > 21) ? '-1' : String(Math.ceil(day / 7)),
    weekday,
    ends: 'count',
    count: '',
    until: '',
    rule: '',
    shown: '',
  };
}

/**
 * The controls of a stored rule: its frequency, interval, weekdays, day or nth weekday of the
 * month, and its end. A rule the controls cannot say exactly (BYSETPOS, several months, an
 * UNTIL with a time…) is 'custom': kept as written, in the advanced field.
 */
export function repeatOfRule(rule: string | null, start: string): RepeatValues {
  const defaults = repeatDefaults(start);
  if (rule === null || rule === '') return defaults;
  const canonical = canonicalRecurrence(rule);
  const custom = { ...defaults, freq: 'custom', rule, shown: rule };
  const parts = new Map(canonical.split(';').map((p) => p.split('=') as [string, string]));
  const freq = parts.get('FREQ') ?? '';
  if (!(REPEAT_FREQUENCIES as readonly string[]).includes(freq)) return custom;
  const values: RepeatValues = { ...defaults, freq, rule, shown: rule, interval: parts.get('INTERVAL') ?? '1' };
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    if (!/^\d{8}$/.test(until)) return custom;
    values.ends = 'until';
    values.until = `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`;
  } else values.count = parts.get('COUNT') ?? '';
  const days = parts.get('BYDAY');
  const monthDay = parts.get('BYMONTHDAY');
  if (freq === 'WEEKLY' && days && !monthDay && days.split(',').every((d) => /^[A-Z]{2}$/.test(d))) values.days = days.split(',');
  else if (freq === 'MONTHLY' && monthDay && !days && /^\d+$/.test(monthDay)) values.monthDay = monthDay;
  else if (freq === 'MONTHLY' && days && !monthDay && /^(-1|[1-4])[A-Z]{2}$/.test(days)) {
    values.monthly = 'weekday';
    values.nth = days.slice(0, -2);
    values.weekday = days.slice(-2);
  } else if (days || monthDay) return custom;
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL']);
  if ([...parts.keys()].some((k) => !known.has(k))) return custom;
  // the controls say it exactly when they build the very same rule
  return ruleOfRepeat(values) === canonical ? values : custom;
}

/** The RRULE the controls build, null for "does not repeat": typed values go as they are, so the API names what is wrong. */
export function ruleOfRepeat(r: RepeatValues): string | null {
  if (!(REPEAT_FREQUENCIES as readonly string[]).includes(r.freq)) return null;
  const parts = [`FREQ=${r.freq}`];
  const interval = asciiDigits(r.interval.trim());
  if (interval && interval !== '1') parts.push(`INTERVAL=${interval}`);
  if (r.freq === 'WEEKLY' && r.days.length) parts.push(`BYDAY=${WEEKDAY_CODES.filter((d) => r.days.includes(d)).join(',')}`);
  if (r.freq === 'MONTHLY' && r.monthly === 'weekday') parts.push(`BYDAY=${r.nth}${r.weekday}`);
  else if (r.freq === 'MONTHLY' && asciiDigits(r.monthDay.trim())) parts.push(`BYMONTHDAY=${asciiDigits(r.monthDay.trim())}`);
  if (r.ends === 'until' && r.until.trim()) parts.push(`UNTIL=${asciiDigits(r.until.trim()).replace(/-/g, '')}`);
  else if (r.ends !== 'until' && r.count.trim()) parts.push(`COUNT=${asciiDigits(r.count.trim())}`);
  return canonicalRecurrence(parts.join(';'));
}

/** The rule a post means: the advanced field when it was chosen or edited, else the controls'. */
export function recurrenceOf(r: RepeatValues): string | null {
  if (r.freq === 'custom' || r.rule.trim() !== r.shown.trim()) return orNull(r.rule);
  return ruleOfRepeat(r);
}

function repeatOfForm(body: FormBody | undefined): RepeatValues {
  const rule = text(body, 'recurrence');
  // a post without the controls (a hand-made one, or from before them): the rule as written
  if (!body || !('repeat.freq' in body)) return { ...repeatDefaults(''), freq: rule ? 'custom' : '', rule, shown: rule };
  return {
    freq: text(body, 'repeat.freq'),
    interval: text(body, 'repeat.interval'),
    days: texts(body, 'repeat.days'),
    monthly: text(body, 'repeat.monthly') || 'day',
    monthDay: text(body, 'repeat.monthDay'),
    nth: text(body, 'repeat.nth'),
    weekday: text(body, 'repeat.weekday'),
    ends: text(body, 'repeat.ends') || 'count',
    count: text(body, 'repeat.count'),
    until: text(body, 'repeat.until'),
    rule,
    shown: text(body, 'recurrence.shown'),
  };
}

/** The rule of a form in words, as the event page will say it (describeRule is the one source of words). */
export function ruleWordsOf(t: Translator, values: Pick<EventFormValues, 'recurrence' | 'start' | 'end' | 'timeZone' | 'allDay'>) {
  const rule = recurrenceOf(values.recurrence);
  if (rule === null) return { rule: null, words: t.t('form.repeat.none') };
  const allDay = values.allDay || (!values.start.time.trim() && !values.end.time.trim());
  const start = joinLocal(values.start, allDay) || '2024-01-01';
  const problem = recurrenceProblem(rule);
  if (problem) return { rule, words: t.say({ key: `problem.${problem.code}`, values: problem.params }) };
  const zone = values.timeZone.trim() || 'UTC';
  return { rule, words: ruleText(t, describeRule(t, rule, start, isTimeZone(zone) ? zone : 'UTC', allDay)) };
}

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

// ---------------------------------------------------------------- reminders

/** The offsets the form offers as checkboxes: an hour, a day, two days, a week, two weeks, 30 days. */
export const USUAL_OFFSETS = ['PT1H', 'P1D', 'P2D', 'P7D', 'P14D', 'P30D'] as const;
export const CUSTOM_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;

/** The offsets the API gets: those checked and the one typed, as ISO durations. */
export function remindersOf(r: ReminderValues): string[] | null {
  if (r.mode === 'usual') return null;
  const offsets = [...r.offsets];
  const amount = asciiDigits(r.customAmount.trim());
  if (amount) {
    const n = /^\d+$/.test(amount) ? Number(amount) : amount;
    const unit = (CUSTOM_UNITS as readonly string[]).includes(r.customUnit) ? r.customUnit : 'days';
    offsets.push(
      unit === 'minutes' ? `PT${n}M` : unit === 'hours' ? `PT${n}H` : unit === 'weeks' && typeof n === 'number' ? `P${n * 7}D` : `P${n}D`,
    );
  }
  return [...new Set(offsets)];
}

/** "1 hour", "2 weeks", "30 days": an offset in the reader's words (Intl's units); the duration itself when it is no simple one. */
export function offsetWords(t: Translator, offset: string): string {
  const match = /^P(?:(\d+)D|T(\d+)H|T(\d+)M|(\d+)W)$/.exec(offset);
  if (!match) return offset;
  const [, days, hours, minutes, weeks] = match;
  const unit = (n: number, u: string) => t.number(n, { style: 'unit', unit: u, unitDisplay: 'long' });
  if (hours) return unit(Number(hours), 'hour');
  if (minutes) return unit(Number(minutes), 'minute');
  if (weeks) return unit(Number(weeks), 'week');
  const d = Number(days);
  return d % 7 === 0 && d <= 28 ? unit(d / 7, 'week') : unit(d, 'day');
}

// ---------------------------------------------------------------- the controls of time, repeat and reminders

/** A date and a time, the browser's own inputs (the time hidden by the script for an all-day event). */
export function dateTimeField(
  t: Translator,
  field: {
    name: string;
    legend: string;
    value: DateTimeValue;
    problem?: string | undefined;
    hint?: string | undefined;
    dateOnly?: boolean;
  },
): Html {
  const id = fieldId(field.name);
  const described = [field.hint ? `${id}-hint` : '', field.problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  const attrs = html`${described ? html` aria-describedby="${described}"` : ''}${field.problem ? html` aria-invalid="true"` : ''}`;
  return html`<fieldset class="datetime" id="${id}" tabindex="-1">
<legend>${field.legend}</legend>
${field.hint ? html`<span class="hint" id="${id}-hint">${field.hint}</span>` : ''}
${field.problem ? html`<span class="field-problem" id="${id}-problem">${field.problem}</span>` : ''}
<div class="datetime-parts">
<div class="field"><label for="${id}-date">${t.t('form.label.date')}</label>
<input type="date" id="${id}-date" name="${field.name}.date" value="${field.value.date}"${attrs}></div>
${
  field.dateOnly
    ? ''
    : html`<div class="field" data-time><label for="${id}-time">${t.t('form.label.time')}</label>
<input type="time" id="${id}-time" name="${field.name}.time" value="${field.value.time}"${attrs}></div>`
}
</div>
</fieldset>`;
}

const dayName = (t: Translator, code: string) =>
  t.dateTime(Date.UTC(2024, 0, 1 + WEEKDAY_CODES.indexOf(code as 'MO')), { weekday: 'long', timeZone: 'UTC' });

/** Frequency, interval, weekdays, the day or nth weekday of the month, the end; the rule in words; the raw rule in <details>. */
function repeatControls(t: Translator, v: EventFormValues, problem: string | undefined): Html {
  const r = v.recurrence;
  const words = ruleWordsOf(t, v);
  const shownRule = recurrenceOf(r) ?? '';
  const small = (name: string, label: string, value: string, extra: Html = html``) =>
    html`<div class="field inline"><label for="${fieldId(name)}">${label}</label>
<input type="text" inputmode="numeric" class="short" id="${fieldId(name)}" name="${name}" value="${value}"${extra}></div>`;
  const select = (name: string, label: string, choices: { value: string; label: string }[], selected: string) =>
    html`<div class="field inline"><label for="${fieldId(name)}">${label}</label>
<select id="${fieldId(name)}" name="${name}">${choices.map((c) => html`<option value="${c.value}"${c.value === selected ? html` selected` : ''}>${c.label}</option>`)}</select></div>`;
  const weekdays = WEEKDAY_CODES.map((d) => ({ value: d, label: dayName(t, d) }));
  return html`<fieldset class="repeat" id="f-recurrence" tabindex="-1" data-repeat>
<legend>${t.t('form.label.recurrence')}</legend>
${problem ? html`<span class="field-problem" id="f-recurrence-problem">${problem}</span>` : ''}
${select(
  'repeat.freq',
  t.t('form.repeat.frequency'),
  [
    { value: '', label: t.t('form.repeat.freq.none') },
    ...REPEAT_FREQUENCIES.map((f) => ({ value: f, label: t.t('form.repeat.freq', { freq: f }) })),
    { value: 'custom', label: t.t('form.repeat.freq.custom') },
  ],
  r.freq,
)}
<div data-repeat-part="DAILY WEEKLY MONTHLY YEARLY">
${small('repeat.interval', t.t('form.repeat.interval'), r.interval)}
</div>
<fieldset class="weekdays" data-repeat-part="WEEKLY"><legend>${t.t('form.repeat.days')}</legend>
${weekdays.map(
  (
    d,
  ) => html`<span class="checkbox"><input type="checkbox" id="f-repeat-days-${d.value}" name="repeat.days" value="${d.value}"${r.days.includes(d.value) ? html` checked` : ''}>
<label for="f-repeat-days-${d.value}">${d.label}</label></span>`,
)}
</fieldset>
<fieldset data-repeat-part="MONTHLY"><legend>${t.t('form.repeat.monthly')}</legend>
<div class="field radio"><input type="radio" id="f-repeat-monthly-day" name="repeat.monthly" value="day"${r.monthly !== 'weekday' ? html` checked` : ''}>
<label for="f-repeat-monthly-day">${t.t('form.repeat.monthly.day')}</label>
${small('repeat.monthDay', t.t('form.repeat.monthDay'), r.monthDay)}</div>
<div class="field radio"><input type="radio" id="f-repeat-monthly-weekday" name="repeat.monthly" value="weekday"${r.monthly === 'weekday' ? html` checked` : ''}>
<label for="f-repeat-monthly-weekday">${t.t('form.repeat.monthly.weekday')}</label>
${select(
  'repeat.nth',
  t.t('form.repeat.nth'),
  MONTH_POSITIONS.map((n) => ({ value: n, label: t.t('form.repeat.position', { n }) })),
  r.nth,
)}
${select('repeat.weekday', t.t('form.repeat.weekday'), weekdays, r.weekday)}</div>
</fieldset>
<fieldset data-repeat-part="DAILY WEEKLY MONTHLY YEARLY"><legend>${t.t('form.repeat.ends')}</legend>
<div class="field radio"><input type="radio" id="f-repeat-ends-count" name="repeat.ends" value="count"${r.ends !== 'until' ? html` checked` : ''}>
<label for="f-repeat-ends-count">${t.t('form.repeat.ends.count')}</label>
${small('repeat.count', t.t('form.repeat.count'), r.count)}</div>
<div class="field radio"><input type="radio" id="f-repeat-ends-until" name="repeat.ends" value="until"${r.ends === 'until' ? html` checked` : ''}>
<label for="f-repeat-ends-until">${t.t('form.repeat.ends.until')}</label>
<div class="field inline"><label for="f-repeat-until">${t.t('form.repeat.until')}</label>
<input type="date" id="f-repeat-until" name="repeat.until" value="${r.until}"></div></div>
</fieldset>
<p class="rule-words"><strong>${t.t('form.repeat.inWords')}</strong> <span id="rule-words" aria-live="polite" data-rule-words>${words.words}</span></p>
<details${r.freq === 'custom' ? html` open` : ''}><summary>${t.t('form.repeat.advanced')}</summary>
<div class="field"><label for="f-recurrence-rule">${t.t('form.label.rule')}</label>
<span class="hint" id="f-recurrence-rule-hint">${t.t('form.hint.recurrence')}</span>
<input type="text" id="f-recurrence-rule" name="recurrence" value="${r.freq === 'custom' || r.rule !== r.shown ? r.rule : shownRule}" dir="ltr" aria-describedby="f-recurrence-rule-hint"></div>
<input type="hidden" name="recurrence.shown" value="${r.freq === 'custom' || r.rule !== r.shown ? r.shown : shownRule}">
</details>
</fieldset>`;
}

/** The usual reminders of the kind, or chosen ones: the usual offsets as checkboxes and one more typed. */
function reminderControls(t: Translator, v: EventFormValues, problem: string | undefined): Html {
  const r = v.reminders;
  const mode = r.mode || 'usual';
  const offered = [...USUAL_OFFSETS, ...r.offsets.filter((o) => !(USUAL_OFFSETS as readonly string[]).includes(o))];
  const kind = (EVENT_KINDS as readonly string[]).includes(v.kind) ? (v.kind as (typeof EVENT_KINDS)[number]) : 'meeting';
  const usual = t.list(DEFAULT_REMINDERS[kind].map((o) => offsetWords(t, o)));
  return html`<fieldset class="reminders" id="f-reminders" tabindex="-1">
<legend>${t.t('form.label.reminders')}</legend>
${problem ? html`<span class="field-problem" id="f-reminders-problem">${problem}</span>` : ''}
<div class="field radio"><input type="radio" id="f-reminders-usual" name="reminders.mode" value="usual"${mode === 'usual' ? html` checked` : ''}>
<label for="f-reminders-usual">${t.t('form.reminders.usual', { kind: kindName(t, kind), offsets: usual })}</label></div>
<div class="field radio"><input type="radio" id="f-reminders-chosen" name="reminders.mode" value="chosen"${mode === 'chosen' ? html` checked` : ''}>
<label for="f-reminders-chosen">${t.t('form.reminders.chosen')}</label></div>
<fieldset class="offsets"><legend>${t.t('form.reminders.before')}</legend>
${offered.map(
  (
    o,
  ) => html`<span class="checkbox"><input type="checkbox" id="f-reminders-${o}" name="reminders.offsets" value="${o}"${mode === 'chosen' && r.offsets.includes(o) ? html` checked` : ''}>
<label for="f-reminders-${o}">${offsetWords(t, o)}</label></span>`,
)}
<div class="field inline"><label for="f-reminders-customAmount">${t.t('form.reminders.custom')}</label>
<input type="text" inputmode="numeric" class="short" id="f-reminders-customAmount" name="reminders.customAmount" value="${r.customAmount}">
<label class="visually-hidden" for="f-reminders-customUnit">${t.t('form.reminders.unit')}</label>
<select id="f-reminders-customUnit" name="reminders.customUnit">${CUSTOM_UNITS.map((u) => html`<option value="${u}"${u === r.customUnit ? html` selected` : ''}>${t.t('form.reminders.units', { unit: u })}</option>`)}</select></div>
</fieldset>
</fieldset>`;
}
