import type { CalendarEvent } from '../domain/event.js';
import { checkbox, problemSummary, selectField, textArea, textField, type Choice } from './components.js';
import { html, type Html } from './html.js';
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

/** The event form's fields, named as the API names them, so its 400 `field` points at the control. */
export interface EventFormValues {
  title: string;
  kind: string;
  status: string;
  visibility: string;
  office: string;
  region: string;
  groups: string[];
  partners: string;
  'venue.name': string;
  'venue.city': string;
  'venue.country': string;
  'venue.virtual': boolean;
  'venue.url': string;
  timeZone: string;
  start: string;
  end: string;
  description: string;
  url: string;
  recurrence: string;
}

export function valuesOfEvent(event: CalendarEvent): EventFormValues {
  return {
    title: event.title,
    kind: event.kind,
    status: event.status,
    visibility: event.visibility,
    office: event.office,
    region: event.region,
    groups: event.groups,
    partners: event.partners.join(', '),
    'venue.name': event.venue.name ?? '',
    'venue.city': event.venue.city ?? '',
    'venue.country': event.venue.country ?? '',
    'venue.virtual': event.venue.virtual,
    'venue.url': event.venue.url ?? '',
    timeZone: event.timeZone,
    start: event.start,
    end: event.end,
    description: event.description ?? '',
    url: event.url ?? '',
    recurrence: event.recurrence ?? '',
  };
}

export function valuesOfForm(body: FormBody | undefined): EventFormValues {
  return {
    title: text(body, 'title'),
    kind: text(body, 'kind'),
    status: text(body, 'status'),
    visibility: text(body, 'visibility'),
    office: text(body, 'office'),
    region: text(body, 'region'),
    groups: texts(body, 'groups'),
    partners: text(body, 'partners'),
    'venue.name': text(body, 'venue.name'),
    'venue.city': text(body, 'venue.city'),
    'venue.country': text(body, 'venue.country'),
    'venue.virtual': text(body, 'venue.virtual') === 'on',
    'venue.url': text(body, 'venue.url'),
    timeZone: text(body, 'timeZone'),
    start: text(body, 'start'),
    end: text(body, 'end'),
    description: text(body, 'description'),
    url: text(body, 'url'),
    recurrence: text(body, 'recurrence'),
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/**
 * The API body of the form: the same body for POST and PATCH, so every rule (and every message)
 * is the API's. Empty optional fields are null; a cancelled event's status is left as it is.
 */
export function apiBodyOf(values: EventFormValues): Record<string, unknown> {
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
    venue: {
      name: orNull(values['venue.name']),
      city: orNull(values['venue.city']),
      country: orNull(values['venue.country']),
      virtual: values['venue.virtual'],
      url: orNull(values['venue.url']),
    },
    timeZone: values.timeZone.trim(),
    start: values.start.trim(),
    end: values.end.trim(),
    description: orNull(values.description),
    url: orNull(values.url),
    recurrence: orNull(values.recurrence),
  };
}

/** The field of the form an API `field` concerns: 'partners.2' is the partners box, 'venue.city' its own. */
export function formFieldOf(apiField: string | undefined): string | undefined {
  if (!apiField) return undefined;
  const name = apiField.startsWith('venue.') ? apiField.split('.').slice(0, 2).join('.') : apiField.split('.')[0]!;
  return EVENT_FORM_FIELDS.includes(name) ? name : undefined;
}

const EVENT_FORM_FIELDS: readonly string[] = [
  'title', 'kind', 'status', 'visibility', 'office', 'region', 'groups', 'partners', 'venue.name', 'venue.city', 'venue.country',
  'venue.url', 'timeZone', 'start', 'end', 'description', 'url', 'recurrence',
];

export interface ApiProblem {
  message: string;
  field?: string | undefined;
}

export interface EventFormData {
  viewer: Viewer;
  /** undefined: a new event */
  event?: CalendarEvent | undefined;
  values: EventFormValues;
  problem?: ApiProblem | undefined;
  choices: { kinds: Choice[]; offices: Choice[]; regions: Choice[]; groups: Choice[]; zones: string[] };
}

export function eventFormPage(data: EventFormData): string {
  const { values: v, event } = data;
  const field = formFieldOf(data.problem?.field);
  const problemOf = (name: string) => (field === name ? data.problem!.message : undefined);
  const title = event ? `Edit: ${event.title}` : 'Create an event';
  const action = event ? `/events/${encodeURIComponent(event.id)}/edit` : '/events/new';
  const cancelled = v.status === 'cancelled';
  const body: Html = html`<h1>${title}</h1>
${problemSummary(event ? 'The changes were not saved' : 'The event was not created', data.problem ? { message: data.problem.message, field } : undefined)}
<form method="post" action="${action}" novalidate>
${csrfField(data.viewer.csrf)}
<fieldset><legend>The event</legend>
${textField({ name: 'title', label: 'Title', value: v.title, required: true, problem: problemOf('title') })}
${selectField({ name: 'kind', label: 'Kind', choices: data.choices.kinds, selected: [v.kind], problem: problemOf('kind') })}
${cancelled
  ? html`<p><strong>Status:</strong> cancelled (the event stays in the feeds as cancelled)</p>`
  : selectField({
      name: 'status',
      label: 'Status',
      choices: [
        { value: 'confirmed', label: 'Confirmed' },
        { value: 'tentative', label: 'Tentative: dates to be confirmed' },
      ],
      selected: [v.status],
      problem: problemOf('status'),
    })}
${selectField({
  name: 'visibility',
  label: 'Who sees it',
  choices: [
    { value: 'public', label: 'Everyone: public feeds, pages and reports' },
    { value: 'internal', label: 'ITU staff only (internal): coordination and preparatory meetings' },
  ],
  selected: [v.visibility || 'public'],
  problem: problemOf('visibility'),
})}
${selectField({ name: 'office', label: 'Organizing office', choices: data.choices.offices, selected: [v.office], problem: problemOf('office') })}
${selectField({ name: 'region', label: 'Region', choices: data.choices.regions, selected: [v.region], problem: problemOf('region') })}
${selectField({ name: 'groups', label: 'Groups', choices: data.choices.groups, selected: v.groups, multiple: true, hint: 'None, one or several (Ctrl or Cmd and click)', problem: problemOf('groups') })}
${textField({ name: 'partners', label: 'Partners', value: v.partners, hint: 'Separated by commas', problem: problemOf('partners') })}
</fieldset>
<fieldset><legend>Time</legend>
${textField({ name: 'timeZone', label: 'Time zone', value: v.timeZone, list: 'zones', hint: 'IANA zone of the venue, e.g. Africa/Dar_es_Salaam', problem: problemOf('timeZone') })}
<datalist id="zones">${data.choices.zones.map((z) => html`<option value="${z}"></option>`)}</datalist>
${textField({ name: 'start', label: 'Start', value: v.start, hint: 'A date, 2024-03-05, for an all-day event; or a local time, 2024-03-05T09:00', problem: problemOf('start') })}
${textField({ name: 'end', label: 'End', value: v.end, hint: 'The last day (all-day) or the local end time, in the same form as the start', problem: problemOf('end') })}
${textField({ name: 'recurrence', label: 'Repeats', value: v.recurrence, hint: 'Optional RFC 5545 rule with COUNT or UNTIL, e.g. FREQ=MONTHLY;BYDAY=2TU;COUNT=12', problem: problemOf('recurrence') })}
</fieldset>
<fieldset><legend>Place</legend>
${textField({ name: 'venue.name', label: 'Venue', value: v['venue.name'], problem: problemOf('venue.name') })}
${textField({ name: 'venue.city', label: 'City', value: v['venue.city'], problem: problemOf('venue.city') })}
${textField({ name: 'venue.country', label: 'Country', value: v['venue.country'], problem: problemOf('venue.country') })}
${checkbox({ name: 'venue.virtual', label: 'Can be followed online', checked: v['venue.virtual'] })}
${textField({ name: 'venue.url', label: 'Online meeting link', type: 'url', value: v['venue.url'], problem: problemOf('venue.url') })}
</fieldset>
<fieldset><legend>More</legend>
${textArea({ name: 'description', label: 'Description', value: v.description, problem: problemOf('description') })}
${textField({ name: 'url', label: 'Web page', type: 'url', value: v.url, problem: problemOf('url') })}
</fieldset>
<div class="actions"><button type="submit">${event ? 'Save changes' : 'Create the event'}</button>
<a href="${event ? `/events/${encodeURIComponent(event.id)}` : '/office'}">Cancel</a></div>
</form>`;
  return layout({ title, viewer: data.viewer }, body);
}

export interface AttendanceValues {
  participants: string;
  countries: string;
  inPerson: string;
  remote: string;
  women: string;
  notes: string;
}

export const ATTENDANCE_FIELDS = ['participants', 'countries', 'inPerson', 'remote', 'women', 'notes'] as const;

export function attendanceValuesOfEvent(event: CalendarEvent): AttendanceValues {
  const a = event.attendance;
  const show = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  return { participants: show(a?.participants), countries: show(a?.countries), inPerson: show(a?.inPerson), remote: show(a?.remote), women: show(a?.women), notes: a?.notes ?? '' };
}

export function attendanceValuesOfForm(body: FormBody | undefined): AttendanceValues {
  return Object.fromEntries(ATTENDANCE_FIELDS.map((f) => [f, text(body, f)])) as unknown as AttendanceValues;
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
  viewer: Viewer;
  event: CalendarEvent;
  when: Html;
  values: AttendanceValues;
  problem?: ApiProblem | undefined;
}

export function attendanceFormPage(data: AttendanceFormData): string {
  const { values: v, event } = data;
  const field = (ATTENDANCE_FIELDS as readonly string[]).includes(data.problem?.field ?? '') ? data.problem!.field : undefined;
  const problemOf = (name: string) => (field === name ? data.problem!.message : undefined);
  const number = (name: keyof AttendanceValues, label: string, hint?: string) => textField({ name, label, value: v[name], type: 'number', hint, problem: problemOf(name) });
  const path = `/events/${encodeURIComponent(event.id)}`;
  const body = html`<h1>Participant counts: ${event.title}</h1>
<p>${data.when}</p>
${event.attendance ? html`<p>Figures were registered before; saving again corrects them and keeps the earlier ones in the history.</p>` : ''}
${problemSummary('The figures were not saved', data.problem ? { message: data.problem.message, field } : undefined)}
<form method="post" action="${path}/attendance" novalidate>
${csrfField(data.viewer.csrf)}
${number('participants', 'Participants', 'Everyone who took part, in person or online')}
${number('countries', 'Countries represented')}
${number('inPerson', 'Of them, in person', 'Optional')}
${number('remote', 'Of them, online', 'Optional')}
${number('women', 'Of them, women', 'Optional')}
${textArea({ name: 'notes', label: 'Notes', value: v.notes, hint: 'Optional: where the figures come from', problem: problemOf('notes') })}
<div class="actions"><button type="submit">Save the figures</button> <a href="${path}">Cancel</a></div>
</form>`;
  return layout({ title: `Participant counts: ${event.title}`, viewer: data.viewer }, body);
}
