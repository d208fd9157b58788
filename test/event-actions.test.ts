// Every write the API offers, from the pages, with the same service behind it: cancelling with a
// reason (and undoing it by the status), moving, skipping and restoring an occurrence, and the
// form's recurrence built from its controls (the one mapping of src/ui/forms.ts, both ways).
import t, { type Test } from 'tap';
import { english } from '../src/i18n/index.js';
import { recurrenceOf, repeatOfRule, ruleOfRepeat, ruleWordsOf, valuesOfForm, type RepeatValues } from '../src/ui/forms.js';
import { startSmtp } from './support/smtp.js';
import { signInWith, startApp, TestClock, workshopBody } from './support/helpers.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const encode = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(name, v);
  return params.toString();
};

async function officeApp(t: Test, start = '2024-04-01T08:00:00Z') {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const clock = new TestClock(Date.parse(start));
  const started = await startApp(t, {
    clock: clock.read,
    demoData: false,
    mail: { smtpUrl: smtp.url, tsbFocalPoint: 'focal@example.org', from: 'ITU-T regional events <calendar@example.org>' },
  });
  const { app } = started;
  const { cookie: session, csrf } = await signInWith(app, started.token('ro-africa'));
  const post = (url: string, fields: Record<string, string | string[]> = {}) =>
    app.inject({ method: 'POST', url, headers: FORM, cookies: { session }, payload: encode({ csrf, ...fields }) });
  const get = (url: string) => app.inject({ url, cookies: { session } });
  return { ...started, smtp, clock, post, get, dispatch: () => app.root.reminders.dispatcher.runOnce() };
}

t.test('cancel from the page: who is told, the reason in the notice; undone by the status in the form', async (t) => {
  // signed in two hours before the 7-day reminder falls due (a session lasts twelve)
  const { app, auth, post, get, clock, smtp, dispatch } = await officeApp(t, '2024-04-03T05:00:00Z');
  const made = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2024-04-10T09:00', end: '2024-04-10T17:30', reminders: ['P7D'], notify: ['desk@example.org'] },
  });
  const id: string = made.json().id;
  // the 7-day reminder goes out, so the organizing office, TSB and the desk have heard of it
  clock.set('2024-04-03T07:00:00Z');
  const reminded = await dispatch();
  t.ok(reminded.sent >= 3, 'the reminders were sent');

  const event = await get(`/events/${id}`);
  t.match(event.body, `href="/events/${id}/cancel">Cancel this event…</a>`, 'the event page offers to cancel');
  const confirm = await get(`/events/${id}/cancel`);
  t.equal(confirm.statusCode, 200);
  t.match(confirm.body, 'Who will be told');
  t.match(confirm.body, 'focal@example.org (TSB’s focal point)');
  t.match(confirm.body, 'desk@example.org (also reminded)');
  t.match(confirm.body, '(the organizing office)');
  t.match(confirm.body, 'Everyone subscribed to a public feed it is in');
  t.equal(app.root.stores.events.get(id)!.status, 'confirmed', 'nothing is cancelled by the confirmation page');

  const reason = 'The venue is closed for renovation; a new date follows.';
  const done = await post(`/events/${id}/cancel`, { reason });
  t.equal(done.statusCode, 303);
  t.equal(done.headers.location, `/events/${id}?notice=cancelled`);
  const cancelled = app.root.stores.events.get(id)!;
  t.equal(cancelled.status, 'cancelled');
  t.equal(cancelled.cancelReason, reason, 'the reason is kept with it');
  const api = (await app.inject({ url: `/api/events/${id}`, headers: auth('ro-africa') })).json();
  t.equal(api.cancelReason, reason, 'staff read it in the API');
  t.notOk('cancelReason' in (await app.inject(`/api/events/${id}`)).json(), 'the public does not');
  const history = (await app.inject({ url: `/api/events/${id}/history`, headers: auth('ro-africa') })).json();
  t.match(history.at(-1), { action: 'event.cancelled', changes: [{ field: 'status' }, { field: 'cancelReason', to: reason }] }, 'audited');

  smtp.received.length = 0;
  const notices = await dispatch();
  t.ok(notices.sent >= 3, 'the cancellation notices went out');
  const notice = smtp.received.find((m) => m.subject?.startsWith('Cancelled:'))!;
  t.ok(notice, 'a cancellation notice');
  t.match(notice.text, `Reason:`, 'it says why');
  t.match(notice.text, reason);
  t.match(notice.html, reason);

  const page = await get(`/events/${id}?notice=cancelled`);
  t.match(page.body, 'The event was cancelled.');
  t.match(page.body, reason, 'staff see the reason on the page');
  t.notMatch(page.body, `/events/${id}/cancel"`, 'no second cancel');
  t.notMatch((await app.inject(`/events/${id}`)).body, reason, 'the public page does not show it');

  // undo: the form offers the status back
  const form = await get(`/events/${id}/edit`);
  t.match(form.body, /<option value="cancelled" selected>Cancelled \(stays cancelled\)<\/option>/);
  t.match(form.body, '<option value="confirmed">Confirmed</option>');
  t.match(form.body, 'Back without saving', 'the link that leaves the form says so');
  t.notMatch(form.body, />Cancel<\/a>/, 'and no longer reads as cancelling');
  const fields = Object.fromEntries(
    [...form.body.matchAll(/<input type="(?:text|url|date|time|hidden)" id="[^"]*" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
    ]),
  );
  const kept = await post(`/events/${id}/edit`, {
    ...fields,
    kind: 'workshop',
    office: 'ro-africa',
    region: 'africa',
    status: 'cancelled',
    'repeat.freq': '',
  });
  t.equal(kept.statusCode, 303);
  t.equal(app.root.stores.events.get(id)!.status, 'cancelled', 'saved as it was: still cancelled');
  const undone = await post(`/events/${id}/edit`, {
    ...fields,
    kind: 'workshop',
    office: 'ro-africa',
    region: 'africa',
    status: 'confirmed',
    'repeat.freq': '',
  });
  t.equal(undone.statusCode, 303);
  const back = app.root.stores.events.get(id)!;
  t.equal(back.status, 'confirmed', 'confirmed again');
  t.equal(back.cancelReason, null, 'the reason is gone with the cancellation');
  t.ok(back.sequence > cancelled.sequence, 'calendars take the change');

  // the API's cancel takes the reason too, and refuses a bad one naming the field
  const bad = await app.inject({
    method: 'POST',
    url: `/api/events/${id}/cancel`,
    headers: auth('ro-africa'),
    payload: { reason: '\u202etxt' },
  });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().field, 'reason');
  t.equal(app.root.stores.events.get(id)!.status, 'confirmed', 'nothing cancelled');
  const viaApi = await app.inject({
    method: 'POST',
    url: `/api/events/${id}/cancel`,
    headers: auth('ro-africa'),
    payload: { reason: 'Postponed' },
  });
  t.equal(viaApi.json().cancelReason, 'Postponed');
  await app.inject({ method: 'PATCH', url: `/api/events/${id}`, headers: auth('ro-africa'), payload: { status: 'confirmed' } });
  const bare = await app.inject({ method: 'POST', url: `/api/events/${id}/cancel`, headers: auth('ro-africa') });
  t.equal(bare.statusCode, 200, 'a cancel without a body is still taken');
});

t.test('another office gets no cancel link and a 403 for the confirmation page', async (t) => {
  const { app, auth } = await officeApp(t);
  const id = (await app.inject({ method: 'POST', url: '/api/events', headers: auth('ro-africa'), payload: workshopBody })).json().id;
  const { cookie } = await signInWith(app, app.root.stores.tokens.create('ro-americas', 'x', new Date().toISOString()).token);
  t.notMatch((await app.inject({ url: `/events/${id}`, cookies: { session: cookie } })).body, '/cancel"');
  t.equal((await app.inject({ url: `/events/${id}/cancel`, cookies: { session: cookie } })).statusCode, 403);
});

t.test('move, skip and restore an occurrence from the event page: the occurrences and the feed say so', async (t) => {
  const { app, auth, post, get } = await officeApp(t);
  const id: string = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: {
        ...workshopBody,
        title: 'Weekly coordination call',
        kind: 'coordination-call',
        venue: { url: 'https://itu.zoom.us/j/1' },
        start: '2024-04-02T10:00',
        end: '2024-04-02T11:00',
        recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=6',
      },
    })
  ).json().id;
  const page = await get(`/events/${id}`);
  t.match(page.body, 'Repeats weekly on Tuesday, 10:00 Dar es Salaam time, 6 times', 'the rule in words');
  t.notMatch(page.body, 'FREQ=WEEKLY', 'never raw');
  t.match(page.body, `href="/events/${id}/occurrences/2024-04-09">Move<span class="visually-hidden"> the occurrence of`);
  t.match(page.body, `action="/events/${id}/occurrences/2024-04-16/skip"`);

  const form = await get(`/events/${id}/occurrences/2024-04-09`);
  t.equal(form.statusCode, 200);
  t.match(form.body, 'name="start.date" value="2024-04-09"');
  t.match(form.body, 'name="start.time" value="10:00"');
  const refused = await post(`/events/${id}/occurrences/2024-04-09`, {
    'start.date': '2024-04-10',
    'start.time': '15:00',
    'end.date': '2024-04-10',
    'end.time': '14:00',
  });
  t.equal(refused.statusCode, 400);
  t.match(refused.body, /id="f-end-problem">end 2024-04-10T14:00 is not after start/, 'beside the end');
  t.match(refused.body, 'name="start.time" value="15:00"', 'what was typed is kept');
  const moved = await post(`/events/${id}/occurrences/2024-04-09`, {
    'start.date': '2024-04-10',
    'start.time': '15:00',
    'end.date': '2024-04-10',
    'end.time': '16:00',
  });
  t.equal(moved.statusCode, 303);
  t.equal(moved.headers.location, `/events/${id}?notice=moved#occurrence-2024-04-09`);
  const skipped = await post(`/events/${id}/occurrences/2024-04-16/skip`);
  t.equal(skipped.statusCode, 303);
  let occurrences = (await app.inject(`/api/events/${id}/occurrences`)).json();
  t.match(occurrences[1], { originalDate: '2024-04-09', start: '2024-04-10T15:00', status: 'moved' });
  t.match(occurrences[2], { originalDate: '2024-04-16', status: 'cancelled' });
  const feed = (await app.inject(`/feeds/regions/africa.ics`)).body;
  t.match(feed, /RECURRENCE-ID;TZID=Africa\/Dar_es_Salaam:20240409T100000/, 'the feed has the moved one');
  t.match(feed, /EXDATE;TZID=Africa\/Dar_es_Salaam:20240416T100000/, 'and leaves the skipped one out');
  const after = await get(`/events/${id}`);
  t.match(after.body, /<tr id="occurrence-2024-04-16"><td><del>/, 'the skipped one struck through');
  t.match(after.body, `action="/events/${id}/occurrences/2024-04-16/restore"`, 'and offered back');

  const restored = await post(`/events/${id}/occurrences/2024-04-16/restore`);
  t.equal(restored.statusCode, 303);
  const restoredMove = await post(`/events/${id}/occurrences/2024-04-09/restore`);
  t.equal(restoredMove.statusCode, 303);
  occurrences = (await app.inject(`/api/events/${id}/occurrences`)).json();
  t.match(occurrences[1], { originalDate: '2024-04-09', start: '2024-04-09T10:00', status: 'scheduled' }, 'the move undone');
  t.match(occurrences[2], { originalDate: '2024-04-16', status: 'scheduled' }, 'the skip undone');
  const restoredFeed = (await app.inject(`/feeds/regions/africa.ics`)).body;
  t.notMatch(restoredFeed, 'RECURRENCE-ID', 'the feed as planned again');
  t.notMatch(restoredFeed, 'EXDATE');
  const history = (await app.inject({ url: `/api/events/${id}/history`, headers: auth('ro-africa') })).json();
  t.same(
    history.slice(1).map((h: { action: string; subject: string }) => `${h.action} ${h.subject}`),
    ['occurrence.moved 2024-04-09', 'occurrence.skipped 2024-04-16', 'occurrence.restored 2024-04-16', 'occurrence.restored 2024-04-09'],
    'each audited as the API audits it',
  );
  // the API's own restore
  await app.inject({
    method: 'PUT',
    url: `/api/events/${id}/occurrences/2024-04-23`,
    headers: auth('ro-africa'),
    payload: { cancelled: true },
  });
  const viaApi = await app.inject({ method: 'DELETE', url: `/api/events/${id}/occurrences/2024-04-23`, headers: auth('ro-africa') });
  t.equal(viaApi.statusCode, 200);
  t.equal(viaApi.json().status, 'scheduled');
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/api/events/${id}/occurrences/2024-04-24`, headers: auth('ro-africa') })).statusCode,
    404,
    'no such occurrence',
  );
});

t.test('the recurrence from its controls: the one mapping, both ways, and its words', async (t) => {
  const en = english();
  const controls = (r: Partial<RepeatValues>): RepeatValues => ({ ...repeatOfRule(null, '2024-04-02T10:00'), ...r });
  const cases: [Partial<RepeatValues>, string, string][] = [
    [{ freq: 'WEEKLY', interval: '2', days: ['TU'], count: '6' }, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6', 'every 2 weeks on Tuesday'],
    [
      { freq: 'WEEKLY', days: ['SU', 'WE'], ends: 'until', until: '2024-06-30' },
      'FREQ=WEEKLY;BYDAY=WE,SU;UNTIL=20240630',
      'until 30 June 2024',
    ],
    [
      { freq: 'MONTHLY', monthly: 'weekday', nth: '1', weekday: 'WE', count: '12' },
      'FREQ=MONTHLY;BYDAY=1WE;COUNT=12',
      'monthly, first Wednesday',
    ],
    [{ freq: 'MONTHLY', monthly: 'weekday', nth: '-1', weekday: 'TH', count: '3' }, 'FREQ=MONTHLY;BYDAY=-1TH;COUNT=3', 'last Thursday'],
    [{ freq: 'MONTHLY', monthly: 'day', monthDay: '15', count: '4' }, 'FREQ=MONTHLY;BYMONTHDAY=15;COUNT=4', 'day 15'],
    [{ freq: 'DAILY', count: '5' }, 'FREQ=DAILY;COUNT=5', 'daily'],
    [{ freq: 'YEARLY', interval: '1', ends: 'count', count: '3' }, 'FREQ=YEARLY;COUNT=3', 'yearly'],
  ];
  for (const [typed, rule, words] of cases) {
    const r = controls(typed);
    t.equal(ruleOfRepeat(r), rule, `${rule}: built from the controls`);
    const back = repeatOfRule(rule, '2024-04-02T10:00');
    t.not(back.freq, 'custom', `${rule}: the controls can say it`);
    t.equal(ruleOfRepeat(back), rule, `${rule}: read back into the controls, the same rule`);
    const said = ruleWordsOf(en, {
      recurrence: r,
      start: { date: '2024-04-02', time: '10:00' },
      end: { date: '2024-04-02', time: '11:00' },
      timeZone: 'Africa/Cairo',
      allDay: false,
    });
    t.match(said.words, words, `${rule}: "${said.words}"`);
  }
  t.equal(ruleOfRepeat(controls({ freq: '' })), null, 'does not repeat');
  // what the controls cannot say stays as written, in the advanced field
  const custom = repeatOfRule('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6', '2024-04-30T10:00');
  t.equal(custom.freq, 'custom');
  t.equal(recurrenceOf(custom), 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6');
  // the advanced field edited by hand wins over the controls
  t.equal(
    recurrenceOf({ ...controls({ freq: 'DAILY', count: '5' }), rule: 'FREQ=DAILY;COUNT=9', shown: 'FREQ=DAILY;COUNT=5' }),
    'FREQ=DAILY;COUNT=9',
  );
  // without JavaScript the controls post as they are
  const posted = valuesOfForm({
    'repeat.freq': 'WEEKLY',
    'repeat.interval': '2',
    'repeat.days': ['TU', 'TH'],
    'repeat.ends': 'count',
    'repeat.count': '6',
    recurrence: '',
    'recurrence.shown': '',
  });
  t.equal(recurrenceOf(posted.recurrence), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6');

  // and through the page: created from the controls, the API has the rule, the page its words
  const { app, post, get } = await officeApp(t);
  const created = await post('/events/new', {
    title: 'Cairo coordination call',
    kind: 'coordination-call',
    status: 'confirmed',
    visibility: 'internal',
    office: 'ro-africa',
    region: 'africa',
    timeZone: 'Africa/Cairo',
    'start.date': '2024-04-02',
    'start.time': '11:00',
    'end.date': '2024-04-02',
    'end.time': '12:00',
    'venue.url': 'https://itu.zoom.us/j/2',
    'repeat.freq': 'MONTHLY',
    'repeat.interval': '1',
    'repeat.monthly': 'weekday',
    'repeat.nth': '1',
    'repeat.weekday': 'TU',
    'repeat.ends': 'count',
    'repeat.count': '6',
    recurrence: '',
    'recurrence.shown': '',
    'reminders.mode': 'usual',
    notify: '',
  });
  t.equal(created.statusCode, 303);
  const id = /\/events\/([^?]+)/.exec(String(created.headers.location))![1]!;
  const event = app.root.stores.events.get(id)!;
  t.equal(event.recurrence, 'FREQ=MONTHLY;BYDAY=1TU;COUNT=6');
  t.equal(event.visibility, 'internal');
  t.equal(event.reminders, null, 'the usual reminders of its kind');
  t.match((await get(`/events/${id}`)).body, 'Repeats monthly, first Tuesday, 11:00 Cairo time, 6 times');
  t.notMatch((await app.inject('/feeds/all.ics')).body, 'Cairo coordination call', 'internal: in no public feed');
  const edit = (await get(`/events/${id}/edit`)).body;
  t.match(edit, /<option value="MONTHLY" selected>Monthly<\/option>/, 'the form shows the controls of the stored rule');
  t.match(edit, 'id="f-repeat-monthly-weekday" name="repeat.monthly" value="weekday" checked');
  t.match(edit, /<span id="rule-words" aria-live="polite" data-rule-words>monthly, first Tuesday, 11:00 Cairo time, 6 times<\/span>/);
  t.match(edit, /<details><summary>Advanced/, 'the raw rule is an advanced field');
  const words = await get(
    '/events/rule-words?repeat.freq=WEEKLY&repeat.days=SU&repeat.days=TH&repeat.ends=until&repeat.until=2024-12-31&start.date=2024-04-07&start.time=09:00&timeZone=Africa/Cairo',
  );
  t.same(words.json(), {
    rule: 'FREQ=WEEKLY;BYDAY=TH,SU;UNTIL=20241231',
    words: 'weekly on Thursday and Sunday, 09:00 Cairo time, until 31 December 2024',
  });
  t.match((await get('/events/new')).body, 'name="timeZone" value="Africa/Addis_Ababa"', 'the zone defaults to the office’s');
});
