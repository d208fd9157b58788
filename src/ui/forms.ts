import type { CalendarEvent, Venue } from '../domain/event.js';
import { VENUE_PARTS } from '../domain/event.js';
import { FIGURES, type EventFields } from '../domain/shapes.js';
import { html, type Html } from '../html.js';
import type { Message, Translator } from '../i18n/index.js';
import { kindName } from '../i18n/words.js';
import { EVENT_KINDS } from '../domain/vocabulary.js';
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
export type EventFormValues = { [K in EventFormField]: K extends 'groups' ? string[] : K extends 'venue.virtual' ? boolean : string };

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
    partners: event.partners.join(', '),
    timeZone: event.timeZone,
    start: event.start,
    end: event.end,
    description: event.description ?? '',
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
    partners: text(body, 'partners'),
    timeZone: text(body, 'timeZone'),
    start: text(body, 'start'),
    end: text(body, 'end'),
    description: text(body, 'description'),
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
    partners: values.partners
      .split(/[,\n]/)
      .map((p) => p.trim())
      .filter(Boolean),
    venue,
    timeZone: values.timeZone.trim(),
    start: values.start.trim(),
    end: values.end.trim(),
    description: orNull(values.description),
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
  choices: { offices: Choice[]; regions: Choice[]; groups: Choice[]; zones: string[] };
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
    partners: plain('partners', { hint: t.t('form.hint.partners') }),
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
  };
}

/** The form's sections, each with the fields it shows in order. */
const SECTIONS: { legend: 'event' | 'time' | 'place' | 'more'; fields: EventFormField[] }[] = [
  { legend: 'event', fields: ['title', 'kind', 'status', 'visibility', 'office', 'region', 'groups', 'partners'] },
  { legend: 'time', fields: ['timeZone', 'start', 'end', 'recurrence'] },
  { legend: 'place', fields: ['venue.name', 'venue.city', 'venue.country', 'venue.virtual', 'venue.url'] },
  { legend: 'more', fields: ['description', 'url'] },
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
<form method="post" action="${action}" novalidate>
${csrfField(data.viewer.csrf)}
${SECTIONS.map(
  (s) => html`<fieldset><legend>${t.t(`form.legend.${s.legend}`)}</legend>
${s.fields.map((name) => controls[name](v, problemOf))}
</fieldset>`,
)}
<div class="actions"><button type="submit">${t.t(event ? 'form.save' : 'form.create')}</button>
<a href="${event ? `/events/${encodeURIComponent(event.id)}` : '/office'}">${t.t('form.cancelEditing')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}

/** The figures form's values: as typed, one per figure. */
export type AttendanceValues = Record<(typeof FIGURES)[number], string>;

export function attendanceValuesOfEvent(event: CalendarEvent): AttendanceValues {
  const a = event.attendance;
  const show = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  return {
    participants: show(a?.participants),
    countries: show(a?.countries),
    inPerson: show(a?.inPerson),
    remote: show(a?.remote),
    women: show(a?.women),
    notes: a?.notes ?? '',
  };
}

export function attendanceValuesOfForm(body: FormBody | undefined): AttendanceValues {
  return Object.fromEntries(FIGURES.map((f) => [f, text(body, f)])) as AttendanceValues;
}

/**
 * The API body of the figures: digits become numbers, empty optional figures null, anything
 * else is passed as typed so the API says what is wrong with it.
 */
export function attendanceBodyOf(values: AttendanceValues): Record<string, unknown> {
  const count = (value: string) => (/^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value.trim());
  const body: Record<string, unknown> = {};
  for (const name of ['participants', 'countries'] as const) if (values[name].trim() !== '') body[name] = count(values[name]);
  for (const name of ['inPerson', 'remote', 'women'] as const) body[name] = values[name].trim() === '' ? null : count(values[name]);
  body.notes = orNull(values.notes);
  return body;
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
  const field = (FIGURES as readonly string[]).includes(data.problem?.field ?? '') ? data.problem!.field : undefined;
  const message = data.problem ? t.say(data.problem.message) : undefined;
  const problemOf = (name: string) => (field === name ? message : undefined);
  const summary = summaryOf(t, data.problem, field, message);
  const number = (name: Exclude<keyof AttendanceValues, 'notes'>, hint?: string) =>
    textField({ name, label: t.t(`figures.form.${name}`), value: v[name], type: 'number', hint, problem: problemOf(name) });
  const path = `/events/${encodeURIComponent(event.id)}`;
  const title = t.t('figures.form.title', { title: event.title });
  const body = html`<h1>${title}</h1>
<p>${data.when}</p>
${event.attendance ? html`<p>${t.t('figures.form.before')}</p>` : ''}
${problemSummary(t, t.t('figures.form.notSaved'), summary)}
<form method="post" action="${path}/attendance" novalidate>
${csrfField(data.viewer.csrf)}
${number('participants', t.t('figures.form.participantsHint'))}
${number('countries')}
${number('inPerson', t.t('figures.form.optional'))}
${number('remote', t.t('figures.form.optional'))}
${number('women', t.t('figures.form.optional'))}
${textArea({ name: 'notes', label: t.t('figures.form.notes'), value: v.notes, hint: t.t('figures.form.notesHint'), problem: problemOf('notes') })}
<div class="actions"><button type="submit">${t.t('figures.form.save')}</button> <a href="${path}">${t.t('form.cancelEditing')}</a></div>
</form>`;
  return layout({ t, title, viewer: data.viewer }, body);
}
