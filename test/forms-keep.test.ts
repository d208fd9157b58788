import t, { type Test } from 'tap';
import { dumpData, signInWith, startApp, TestClock, workshopBody } from './support/helpers.js';

// A refused form shows the message beside the field it concerns and gives back every value
// typed, for the event form and the figures form: nobody types a form twice.

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const encode = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(name, v);
  return params.toString();
};

async function signedIn(t: Test) {
  const clock = new TestClock(Date.parse('2024-04-01T08:00:00Z'));
  const started = await startApp(t, { clock: clock.read });
  const { app } = started;
  const { cookie: session, csrf } = await signInWith(app, started.token('ro-africa'));
  const post = (url: string, fields: Record<string, string | string[]>) =>
    app.inject({ method: 'POST', url, headers: FORM, cookies: { session }, payload: encode({ csrf, ...fields }) });
  return { ...started, post };
}

/** The message is in the field's own problem line, tied to its control. */
function problemBeside(t: Test, body: string, field: string, message: RegExp) {
  const id = `f-${field}`;
  const block = new RegExp(
    `<label for="${id.replace('.', '\\.')}">[\\s\\S]*?<span class="field-problem" id="${id.replace('.', '\\.')}-problem">([^<]*)</span>`,
  ).exec(body);
  t.ok(block, `${field}: a problem line beside the field`);
  t.match(block?.[1] ?? '', message, `${field}: the message`);
  t.match(
    body,
    new RegExp(`id="${id.replace('.', '\\.')}"[^>]*aria-describedby="[^"]*${id.replace('.', '\\.')}-problem"[^>]*aria-invalid="true"`),
    `${field}: the control points at it`,
  );
}

const eventFields = {
  title: 'Regional standardization forum for Africa',
  kind: 'forum',
  status: 'tentative',
  office: 'ro-africa',
  region: 'africa',
  groups: ['sg13', 'sg17'],
  // ATU from the list of partners, the other typed
  partners: 'atu',
  partnersOther: 'Smart Africa, the alliance',
  'venue.name': 'Kigali Convention Centre',
  'venue.city': 'Kigali',
  'venue.country': 'Rwanda',
  'venue.virtual': 'on',
  'venue.url': 'https://itu.zoom.us/j/123',
  timeZone: 'Africa/Kigali',
  'start.date': '2024-05-06',
  'start.time': '09:00',
  'end.date': '2024-05-07',
  'end.time': '17:00',
  'reminders.mode': 'chosen',
  'reminders.offsets': ['PT1H', 'P2D'],
  'reminders.customAmount': '3',
  'reminders.customUnit': 'weeks',
  notify: 'desk@example.org',
  description: 'Two days on <standards> & "quotes".',
  url: 'https://www.itu.int/en/ITU-T/Workshops-and-Seminars/',
  recurrence: '',
};

function everyEventValueKept(t: Test, body: string, fields: typeof eventFields) {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  for (const name of [
    'title',
    'venue.name',
    'venue.city',
    'venue.country',
    'venue.url',
    'timeZone',
    'start.date',
    'start.time',
    'end.date',
    'end.time',
    'reminders.customAmount',
    'url',
    'recurrence',
  ] as const) {
    t.match(body, `name="${name}" value="${attr(fields[name])}"`, `${name} kept`);
  }
  t.match(body, `>${attr(fields.description)}</textarea>`, 'description kept');
  for (const [name, value] of [
    ['kind', fields.kind],
    ['status', fields.status],
    ['office', fields.office],
    ['region', fields.region],
  ] as const) {
    t.match(body, new RegExp(`<select id="f-${name}" name="${name}"[\\s\\S]*?<option value="${value}" selected>`), `${name} kept`);
  }
  for (const group of fields.groups) t.match(body, `<option value="${group}" selected>`, `group ${group} kept`);
  t.match(
    body,
    new RegExp(`<select id="f-partners" name="partners" multiple[\\s\\S]*?<option value="${fields.partners}" selected>`),
    'partner kept',
  );
  t.match(body, `>${attr(fields.partnersOther)}</textarea>`, 'other partners kept');
  t.match(body, /name="venue\.virtual" value="on" checked/, 'online kept');
  t.match(body, `name="reminders.mode" value="${fields['reminders.mode']}" checked`, 'reminders choice kept');
  for (const offset of fields['reminders.offsets'])
    t.match(body, `name="reminders.offsets" value="${offset}" checked`, `reminder ${offset} kept`);
  t.match(body, /<option value="weeks" selected>/, 'custom reminder unit kept');
  t.match(body, `>${fields.notify}</textarea>`, 'extra recipients kept');
}

/** A date and time's problem: in its group, the inputs pointing at it. */
function problemInGroup(t: Test, body: string, field: 'start' | 'end', message: RegExp) {
  const line = new RegExp(
    `<fieldset class="datetime" id="f-${field}"[\\s\\S]*?<span class="field-problem" id="f-${field}-problem">([^<]*)</span>`,
  ).exec(body);
  t.ok(line, `${field}: a problem line in its date and time group`);
  t.match(line?.[1] ?? '', message, `${field}: the message`);
  t.match(
    body,
    new RegExp(`id="f-${field}-date"[^>]*aria-describedby="[^"]*f-${field}-problem"[^>]*aria-invalid="true"`),
    `${field}: the date points at it`,
  );
}

t.test('the event form: a bad date and a missing title each keep every value and show beside their field', async (t) => {
  const { app, post } = await signedIn(t);
  const before = dumpData(app);

  const badDate = await post('/events/new', { ...eventFields, 'start.date': '2024-05-32' });
  t.equal(badDate.statusCode, 400);
  // beside its field the problem is said alone: the label names the field
  problemInGroup(t, badDate.body, 'start', /&#39;2024-05-32T09:00&#39; is neither a date/);
  everyEventValueKept(t, badDate.body, { ...eventFields, 'start.date': '2024-05-32' });

  const untitled = await post('/events/new', { ...eventFields, title: '' });
  t.equal(untitled.statusCode, 400);
  problemBeside(t, untitled.body, 'title', /must NOT have fewer than 1 character$/);
  everyEventValueKept(t, untitled.body, { ...eventFields, title: '' });

  const backwards = await post('/events/new', { ...eventFields, 'end.date': '2024-05-05' });
  t.equal(backwards.statusCode, 400);
  problemInGroup(t, backwards.body, 'end', /^end 2024-05-05T17:00 is not after start/);
  everyEventValueKept(t, backwards.body, { ...eventFields, 'end.date': '2024-05-05' });
  t.equal(dumpData(app), before, 'nothing written');

  // and on editing an existing event
  const created = await post('/events/new', eventFields);
  t.equal(created.statusCode, 303);
  const id = /\/events\/([^?]+)/.exec(String(created.headers.location))![1]!;
  const saved = app.root.stores.events.get(id)!;
  t.same(saved.reminders, ['PT1H', 'P2D', 'P21D'], 'the reminders checked and the one typed (3 weeks) are saved');
  t.same(saved.notify, ['desk@example.org'], 'and the extra recipient');
  const edited = await post(`/events/${id}/edit`, { ...eventFields, title: 'Renamed forum', 'start.date': 'next Monday' });
  t.equal(edited.statusCode, 400);
  problemInGroup(t, edited.body, 'start', /&#39;next MondayT09:00&#39; is neither a date/);
  everyEventValueKept(t, edited.body, { ...eventFields, title: 'Renamed forum', 'start.date': 'next Monday' });
  t.equal(app.root.stores.events.get(id)!.title, eventFields.title, 'the event is unchanged');

  // a bad extra address is said beside its field, everything kept
  const outside = await post(`/events/${id}/edit`, { ...eventFields, notify: 'someone@elsewhere.test' });
  t.equal(outside.statusCode, 400);
  problemBeside(t, outside.body, 'notify', /elsewhere\.test/);
  everyEventValueKept(t, outside.body, { ...eventFields, notify: 'someone@elsewhere.test' });
});

t.test('the figures form: a missing total and a bad number keep every figure and show beside their field', async (t) => {
  const { app, post, auth } = await signedIn(t);
  const made = await app.inject({ method: 'POST', url: '/api/events', headers: auth('ro-africa'), payload: workshopBody });
  const path = `/events/${made.json().id}/attendance`;
  const typed = {
    participants: '',
    countries: '31',
    inPerson: '100',
    remote: '20',
    women: '48',
    notes: 'From the <registration> desk & "badges"',
  };
  const check = (body: string, values: typeof typed) => {
    for (const name of ['participants', 'countries', 'inPerson', 'remote', 'women'] as const)
      t.match(body, `name="${name}" value="${values[name]}"`, `${name} kept`);
    t.match(body, '>From the &lt;registration&gt; desk &amp; &quot;badges&quot;</textarea>', 'notes kept');
  };
  const missing = await post(path, typed);
  t.equal(missing.statusCode, 400);
  problemBeside(t, missing.body, 'participants', /is required/);
  check(missing.body, typed);

  const fraction = await post(path, { ...typed, participants: '120', women: '4.5' });
  t.equal(fraction.statusCode, 400);
  problemBeside(t, fraction.body, 'women', /must be integer/);
  check(fraction.body, { ...typed, participants: '120', women: '4.5' });
  t.equal(app.root.stores.events.get(made.json().id)!.attendance, null, 'nothing registered');
});
