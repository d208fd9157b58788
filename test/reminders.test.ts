import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import t, { type Test } from 'tap';
import { runRemindersCommand } from '../src/cli/reminders.js';
import { loadConfig } from '../src/config.js';
import type { ParsedMail } from 'mailparser';
import { startSmtp, startDroppingSmtp } from './support/smtp.js';
import { startApp, startAppOn, TestClock, testConfig, workshopBody } from './support/helpers.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The app on a fresh database, closed when the test ends. */
async function setup(t: Test, options: { smtpUrl?: string | null; start?: string } = {}) {
  const clock = new TestClock(Date.parse(options.start ?? '2027-01-04T08:00:00Z'));
  const app = await startApp(t, {
    clock: clock.read,
    demoData: false,
    mail: { smtpUrl: options.smtpUrl ?? null, tsbFocalPoint: 'focal@itu.example', timeoutMs: 2000 },
  });
  const dispatch = () => app.app.root.reminders.dispatcher.runOnce();
  const outbox = (query = '') =>
    app.app.inject({ url: `/api/reminders?limit=500${query}`, headers: app.auth('tsb') }).then((r) => r.json());
  return { ...app, clock, dispatch, outbox };
}

/** The app on a fresh database with a real SMTP server, both closed when the test ends. */
async function withSmtp(t: Test, options: { smtp?: { requireAuth?: boolean }; smtpUrl?: (url: string) => string; start?: string } = {}) {
  const smtp = await startSmtp(options.smtp);
  // registered first, so it runs after the app is closed
  t.teardown(() => smtp.stop());
  const app = await setup(t, { smtpUrl: (options.smtpUrl ?? ((url) => url))(smtp.url), start: options.start });
  return { smtp, ...app };
}

const text = (m: ParsedMail) => m.text ?? '';
const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address));

t.test('a workshop: who is reminded, when, and what the message says', async (t) => {
  const { smtp, app, auth, clock, dispatch, outbox } = await withSmtp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: {
      ...workshopBody,
      start: '2027-03-05T09:00',
      end: '2027-03-05T12:00',
      notify: ['secretariat@itu.example'],
      venue: { city: 'Arusha', country: 'Tanzania', virtual: false },
    },
  });
  const event = res.json();
  const planned = (await outbox()).items as { rule: string; recipient: string; dueAt: string; status: string; messageId: string }[];
  t.same([...new Set(planned.map((r) => r.recipient))].sort(), ['focal@itu.example', 'ro-africa@example.org', 'secretariat@itu.example']);
  t.same(
    [...new Set(planned.filter((r) => r.rule.startsWith('before:')).map((r) => `${r.rule} ${r.dueAt}`))].sort(),
    ['before:P1D 2027-03-04T06:00:00.000Z', 'before:P30D 2027-02-03T06:00:00.000Z', 'before:P7D 2027-02-26T06:00:00.000Z'],
    '30, 7 and 1 days before, at the same local time in Dar es Salaam',
  );
  const followUps = planned.filter((r) => r.rule.startsWith('follow-up:'));
  t.same([...new Set(followUps.map((r) => r.recipient))], ['ro-africa@example.org'], 'follow-ups go to the organizing office only');
  t.same(
    [...new Set(followUps.map((r) => `${r.rule} ${r.dueAt}`))].sort(),
    ['follow-up:1 2027-03-08T06:00:00.000Z', 'follow-up:2 2027-03-15T06:00:00.000Z', 'follow-up:3 2027-03-22T06:00:00.000Z'],
    'the next working morning (Friday event: Monday 09:00 Addis Ababa), then weekly, twice',
  );

  clock.set('2027-02-03T05:59:00Z');
  t.equal((await dispatch()).sent, 0, 'nothing before its time');
  clock.set('2027-02-03T06:00:00Z');
  t.equal((await dispatch()).sent, 3);
  t.equal(smtp.received.length, 3);
  const forTsb = smtp.received.find((m) => to(m).includes('focal@itu.example'))!;
  t.equal(forTsb.subject, `Reminder: ${workshopBody.title}, Friday, 5 March 2027`);
  t.match(text(forTsb), /Friday, 5 March 2027, 09:00–12:00 Africa\/Dar_es_Salaam \(GMT\+3\) \(local time of the event\)/);
  t.match(text(forTsb), /Friday, 5 March 2027, 07:00–10:00 Europe\/Zurich \(GMT\+1\) \(your time\)/);
  t.match(text(forTsb), /Friday, 5 March 2027, 06:00–09:00 UTC/);
  t.match(text(forTsb), /Where: +Arusha, Tanzania/);
  t.match(text(forTsb), new RegExp(`Details: +${workshopBody.url}`));
  t.match(forTsb.html, /<h1[^>]*>ITU-T SG13 workshop on future networks<\/h1>/);
  const forOffice = smtp.received.find((m) => to(m).includes('ro-africa@example.org'))!;
  t.match(text(forOffice), /09:00–12:00 Africa\/Dar_es_Salaam/);
  t.notMatch(text(forOffice), /your time/, 'Addis Ababa and Dar es Salaam share their clock: one local time is enough');
  t.equal(
    forOffice.messageId,
    planned.find((r) => r.recipient === 'ro-africa@example.org' && r.rule === 'before:P30D')!.messageId,
    'the Message-ID the outbox shows',
  );
  // the attachment, read by ical.js
  const ics = forTsb.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
  t.ok(ics, 'an .ics attachment');
  const calendar = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')));
  t.equal(calendar.getFirstPropertyValue('method'), 'REQUEST');
  ICAL.TimezoneService.reset();
  for (const vtz of calendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(vtz), vtz.getFirstPropertyValue('tzid') as string);
  const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  t.equal(new Date(vevent.startDate.toUnixTime() * 1000).toISOString(), '2027-03-05T06:00:00.000Z');
  t.equal(vevent.uid, `${event.id}@regional-calendar.itu-t`);

  t.equal((await dispatch()).sent, 0, 'sent once: running again sends nothing');
  app.root.reminders.planner.planAll();
  clock.advance(HOUR);
  t.equal((await dispatch()).sent, 0, 'planning again never sends again');
  t.equal(smtp.received.length, 3);
  t.equal((await outbox('&status=sent')).total, 3);
});

t.test('a monthly 14:00 Geneva call across the daylight-saving change; moved and skipped occurrences', async (t) => {
  const { smtp, app, auth, clock, dispatch, outbox } = await withSmtp(t, { start: '2027-02-01T00:00:00Z' });
  const call = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('tsb'),
      payload: {
        title: 'TSB–Europe coordination call',
        kind: 'coordination-call',
        office: 'ro-europe',
        region: 'europe',
        timeZone: 'Europe/Zurich',
        start: '2027-02-23T14:00',
        end: '2027-02-23T15:00',
        recurrence: 'FREQ=MONTHLY;BYDAY=-1TU;COUNT=4',
        reminders: ['P7D', 'PT1H'],
        venue: { virtual: true, url: 'https://meet.itu.example/tsb-europe' },
      },
    })
  ).json();
  const due = async (occurrence: string, rule: string) =>
    ((await outbox(`&event=${call.id}`)).items as { occurrence: string; rule: string; dueAt: string; status: string }[]).filter(
      (r) => r.occurrence === occurrence && r.rule === rule,
    );
  t.same(
    (await due('2027-02-23', 'before:PT1H')).map((r) => r.dueAt),
    ['2027-02-23T12:00:00.000Z', '2027-02-23T12:00:00.000Z'],
    'an hour before 14:00 CET',
  );
  t.same((await due('2027-03-30', 'before:PT1H')).map((r) => r.dueAt)[0], '2027-03-30T11:00:00.000Z', 'an hour before 14:00 CEST');
  t.same(
    (await due('2027-03-30', 'before:P7D')).map((r) => r.dueAt)[0],
    '2027-03-23T13:00:00.000Z',
    '7 calendar days before is 14:00 CET on the 23rd, not 168 hours (12:00Z)',
  );

  clock.set('2027-02-23T12:00:00Z');
  t.equal((await dispatch()).sent, 2, 'the office and the focal point');
  t.match(smtp.received[0]!.text, /Tuesday, 23 February 2027, 14:00–15:00 Europe\/Zurich \(GMT\+1\)/);
  t.match(smtp.received[0]!.text, /Where: +Online: https:\/\/meet\.itu\.example\/tsb-europe/);
  clock.set('2027-03-23T13:00:00Z');
  t.equal((await dispatch()).sent, 2);
  clock.set('2027-03-30T11:00:00Z');
  t.equal((await dispatch()).sent, 2);
  t.match(smtp.received.at(-1)!.text, /Tuesday, 30 March 2027, 14:00–15:00 Europe\/Zurich \(GMT\+2\)/);
  const attachment = smtp.received.at(-1)!.attachments[0]!.content.toString('utf8');
  t.match(attachment, /RECURRENCE-ID;TZID=Europe\/Zurich:20270330T140000/, 'the attachment is that occurrence of the series');

  // April: moved from the 27th to the 28th at 10:00; May: skipped
  await app.inject({
    method: 'PUT',
    url: `/api/events/${call.id}/occurrences/2027-04-27`,
    headers: auth('ro-europe'),
    payload: { start: '2027-04-28T10:00', end: '2027-04-28T11:00' },
  });
  await app.inject({
    method: 'PUT',
    url: `/api/events/${call.id}/occurrences/2027-05-25`,
    headers: auth('ro-europe'),
    payload: { cancelled: true },
  });
  t.same(
    (await due('2027-04-27', 'before:PT1H')).map((r) => r.dueAt)[0],
    '2027-04-28T07:00:00.000Z',
    'reminded an hour before its new time',
  );
  t.ok((await due('2027-05-25', 'before:PT1H')).every((r) => r.status === 'skipped'));
  const before = smtp.received.length;
  clock.set('2027-04-21T08:00:00Z');
  t.equal((await dispatch()).sent, 2, 'a week before the new time');
  clock.set('2027-04-27T11:00:00Z');
  t.equal((await dispatch()).sent, 0, 'nothing at the old time');
  clock.set('2027-04-28T07:00:00Z');
  t.equal((await dispatch()).sent, 2);
  t.match(smtp.received.at(-1)!.text, /Wednesday, 28 April 2027, 10:00–11:00/);
  clock.set('2027-05-18T12:00:00Z');
  t.equal((await dispatch()).sent, 0, 'the skipped occurrence is not reminded a week before');
  clock.set('2027-05-25T12:00:00Z');
  t.equal((await dispatch()).sent, 0, 'nor an hour before');
  t.equal(smtp.received.length, before + 4);
});

t.test('a server that answers 421 then accepts delivers once', async (t) => {
  const { smtp, app, auth, clock, dispatch, outbox } = await withSmtp(t);
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
  });
  smtp.answers.push('temporary', 'temporary');
  clock.set('2027-01-05T06:00:00Z');
  const first = await dispatch();
  t.equal(first.retrying, 2, 'both refused for now');
  t.equal(first.sent, 0);
  const waiting = (await outbox('&status=pending')).items.filter((r: { attempts: number }) => r.attempts === 1);
  t.equal(waiting.length, 2);
  t.match(waiting[0].lastError, /421/);
  t.equal(waiting[0].nextAttemptAt, '2027-01-05T06:01:00.000Z', 'retried after a minute');
  t.equal((await dispatch()).sent, 0, 'not before the delay');
  clock.advance(60_000);
  t.equal((await dispatch()).sent, 2);
  t.equal(smtp.received.length, 2, 'each delivered once');
  t.equal(smtp.attempts, 4);
});

t.test('a server that answers 550 leaves a failed row with its reply; TSB can retry it', async (t) => {
  const { smtp, app, auth, clock, dispatch, outbox } = await withSmtp(t);
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
  });
  smtp.answers.push('permanent');
  clock.set('2027-01-05T06:00:00Z');
  const summary = await dispatch();
  t.same(summary, { sent: 1, retrying: 0, failed: 1, skipped: 0 });
  const failed = (await outbox('&status=failed')).items;
  t.equal(failed.length, 1);
  t.match(failed[0].lastError, /^550 Mailbox unavailable/);
  t.equal(failed[0].attempts, 1);
  clock.advance(DAY / 2);
  t.equal((await dispatch()).sent, 0, 'a permanent failure is not retried by itself');
  const office = await app.inject({ url: '/api/reminders', headers: auth('ro-africa') });
  t.equal(office.statusCode, 403, 'the outbox is for TSB');
  t.equal((await app.inject({ url: '/api/reminders' })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url: '/api/reminders/999/retry', headers: auth('tsb') })).statusCode, 404);
  const sent = (await outbox('&status=sent')).items[0];
  t.equal(
    (await app.inject({ method: 'POST', url: `/api/reminders/${sent.id}/retry`, headers: auth('tsb') })).statusCode,
    409,
    'only failed ones',
  );
  const retried = await app.inject({ method: 'POST', url: `/api/reminders/${failed[0].id}/retry`, headers: auth('tsb') });
  t.match(retried.json(), { status: 'pending', attempts: 0, lastError: null });
  t.equal((await dispatch()).sent, 1);
  t.equal(smtp.received.length, 2);
});

t.test('a server that is down, then up, delivers everything once', async (t) => {
  const { smtp, app, auth, clock, dispatch, outbox } = await withSmtp(t);
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, notify: ['a@itu.example', 'b@itu.example'], start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
  });
  await smtp.stop();
  clock.set('2027-01-05T06:00:00Z');
  t.equal((await dispatch()).retrying, 4, 'connection refused: try again later');
  const refused = (await outbox('&status=pending')).items.filter((r: { lastError: string | null }) => r.lastError);
  t.equal(refused.length, 4);
  t.match(refused[0].lastError, /ECONNREFUSED|ECONNECTION/);
  clock.advance(60_000);
  t.equal((await dispatch()).retrying, 4, 'still down');
  await smtp.restart();
  clock.advance(5 * 60_000);
  t.equal((await dispatch()).sent, 4);
  t.equal(smtp.received.length, 4);
  t.same(new Set(smtp.received.map((m) => m.messageId)).size, 4, 'four different messages, each once');
});

t.test('a connection dropped after the data is retried with the same Message-ID', async (t) => {
  const dropping = await startDroppingSmtp();
  t.teardown(() => dropping.stop());
  const { app, auth, clock, dispatch, outbox } = await setup(t, { smtpUrl: dropping.url });
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
  });
  clock.set('2027-01-05T06:00:00Z');
  t.equal((await dispatch()).retrying, 2);
  clock.advance(60_000);
  await dispatch();
  const ids = dropping.messages.map((m) => /^Message-ID: (.+)$/im.exec(m)![1]);
  t.equal(ids.length, 4);
  t.equal(new Set(ids).size, 2, 'each reminder went twice, both times with its own Message-ID');
  const tried = (await outbox('&status=pending')).items.filter((r: { lastError: string | null }) => r.lastError);
  t.same(
    tried.map((r: { attempts: number }) => r.attempts),
    [2, 2],
  );
});

t.test('a crash between sending and recording re-sends at most the one message in flight', async (t) => {
  const { smtp, app, auth, clock, dispatch, config } = await withSmtp(t);
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, notify: ['a@itu.example'], start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
  });
  clock.set('2027-01-05T06:00:00Z');
  // the dispatcher of a process that dies: it claims one, sends it, and never records the outcome
  const [inFlight] = app.root.stores.outbox.claim(clock.read(), config.mail.leaseMs, 1);
  const { buildReminderMessage } = await import('../src/mail/message.js');
  const event = app.root.stores.events.get(inFlight!.eventId)!;
  const { occurrencesOf } = await import('../src/domain/recurrence.js');
  await app.root.reminders.mailer.deliver(
    buildReminderMessage({ ...inFlight!, rule: inFlight!.parsed! }, event, occurrencesOf(event)[0]!, {
      ...app.root.render,
      mailFrom: config.mail.from,
    }),
  );
  t.equal(smtp.received.length, 1);
  // the restarted process sends the others; the one in flight waits for its lease to run out
  t.equal((await dispatch()).sent, 2);
  clock.advance(config.mail.leaseMs + 1000);
  t.equal((await dispatch()).sent, 1, 'the lost one goes again');
  const ids = smtp.received.map((m) => m.messageId);
  t.equal(ids.length, 4);
  t.equal(ids.filter((id) => id === inFlight!.messageId).length, 2, 'sent twice, with the same Message-ID');
  t.equal(new Set(ids).size, 3, 'every other reminder once');
  // a stalled dispatcher that wakes up late cannot overwrite the newer attempt's outcome
  t.notOk(app.root.stores.outbox.finish(inFlight!, { status: 'failed', lastError: 'late' }, clock.read()));
  t.equal(app.root.stores.outbox.get(inFlight!.id)!.status, 'sent');
});

t.test('two dispatchers on one database send each reminder once', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const first = await setup(t, { smtpUrl: smtp.url });
  const { app: second } = await startAppOn(t, { ...first.config, clock: first.clock.read });
  const emails = Array.from({ length: 8 }, (_, i) => `person${i}@itu.example`);
  for (let i = 0; i < 3; i++) {
    await first.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: first.auth('ro-africa'),
      payload: { ...workshopBody, title: `Workshop ${i}`, notify: emails, start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
    });
  }
  first.clock.set('2027-01-05T06:00:00Z');
  const [a, b] = await Promise.all([first.dispatch(), second.root.reminders.dispatcher.runOnce()]);
  t.equal(a.sent + b.sent, 30, '3 events x 10 addresses');
  t.ok(a.sent > 0 && b.sent > 0, 'both did some of the work');
  t.equal(smtp.received.length, 30);
  t.equal(new Set(smtp.received.map((m) => m.messageId)).size, 30, 'no reminder twice');
});

t.test('a cancelled event sends its notice and nothing else', async (t) => {
  const { smtp, app, auth, clock, dispatch, outbox } = await withSmtp(t);
  const event = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, start: '2027-03-05T09:00', end: '2027-03-05T12:00' },
    })
  ).json();
  clock.set('2027-02-03T06:00:00Z');
  t.equal((await dispatch()).sent, 2, 'the 30-day reminders');
  await app.inject({ method: 'POST', url: `/api/events/${event.id}/cancel`, headers: auth('ro-africa') });
  const rows = (await outbox(`&event=${event.id}`)).items as { rule: string; status: string }[];
  t.ok(
    rows.filter((r) => r.rule.startsWith('before:') || r.rule.startsWith('follow-up')).every((r) => r.status !== 'pending'),
    'nothing else pending',
  );
  t.equal(rows.filter((r) => r.rule === 'cancellation').length, 2, 'one notice for each address already reminded');
  t.equal((await dispatch()).sent, 2);
  const notice = smtp.received.at(-1)!;
  t.equal(notice.subject, `Cancelled: ${workshopBody.title}, Friday, 5 March 2027`);
  const ics = notice.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content.toString('utf8');
  t.match(ics, /METHOD:CANCEL/);
  t.match(ics, /STATUS:CANCELLED/);
  t.match(ics, /SEQUENCE:1/);
  for (const at of ['2027-02-26T06:00:00Z', '2027-03-04T06:00:00Z', '2027-03-08T06:00:00Z', '2027-03-22T06:00:00Z']) {
    clock.set(at);
    t.equal((await dispatch()).sent, 0, `nothing at ${at}`);
  }
  t.equal(smtp.received.length, 4);
  // cancelling again, or planning again, sends no second notice
  app.root.reminders.planner.planAll();
  t.equal((await dispatch()).sent, 0);
});

t.test('registering counts stops the follow-ups', async (t) => {
  const { smtp, app, auth, clock, dispatch, outbox } = await withSmtp(t);
  const event = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, start: '2027-01-08', end: '2027-01-08' },
    })
  ).json();
  clock.set('2027-01-11T06:00:00Z');
  await dispatch();
  const followUp = smtp.received.find((m) => m.subject?.startsWith('Participant counts needed'))!;
  t.ok(followUp, 'the first follow-up on Monday morning in Addis Ababa');
  t.match(followUp.text, /no participant counts have been registered yet/);
  t.same(to(followUp), ['ro-africa@example.org']);
  const res = await app.inject({
    method: 'PUT',
    url: `/api/events/${event.id}/attendance`,
    headers: auth('ro-africa'),
    payload: { participants: 84, countries: 21 },
  });
  t.equal(res.statusCode, 200);
  const rows = ((await outbox(`&event=${event.id}`)).items as { rule: string; status: string }[]).filter((r) =>
    r.rule.startsWith('follow-up'),
  );
  t.same(rows.map((r) => `${r.rule}:${r.status}`).sort(), ['follow-up:1:sent', 'follow-up:2:skipped', 'follow-up:3:skipped']);
  clock.set('2027-01-18T06:00:00Z');
  t.equal((await dispatch()).sent, 0);
  clock.set('2027-01-25T06:00:00Z');
  t.equal((await dispatch()).sent, 0);
});

t.test('late reminders: sent while they make sense, never when planned too late', async (t) => {
  const { app, auth, clock, dispatch, outbox } = await withSmtp(t, { start: '2027-01-04T08:00:00Z' });
  // created a day before it starts: no 30- or 7-day reminder
  const soon = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, title: 'Soon', start: '2027-01-05T12:00', end: '2027-01-05T13:00' },
    })
  ).json();
  const soonRules = ((await outbox(`&event=${soon.id}`)).items as { rule: string }[]).map((r) => r.rule);
  t.notOk(soonRules.some((r) => r === 'before:P30D' || r === 'before:P7D'));
  t.ok(soonRules.includes('before:P1D'), 'the 1-day one is still ahead');
  // moved into the past: nothing before it is planned
  const later = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, title: 'Later', start: '2027-03-05T09:00', end: '2027-03-05T12:00' },
    })
  ).json();
  await app.inject({
    method: 'PATCH',
    url: `/api/events/${later.id}`,
    headers: auth('ro-africa'),
    payload: { start: '2026-12-01T09:00', end: '2026-12-01T12:00' },
  });
  const laterRows = (await outbox(`&event=${later.id}`)).items as { rule: string; status: string }[];
  t.ok(
    laterRows.filter((r) => r.rule.startsWith('before:')).every((r) => r.status === 'skipped'),
    'its planned reminders are dropped',
  );
  // the service was down while the 30- and 7-day reminders of a workshop fell due
  const missed = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, title: 'Missed', start: '2027-03-05T09:00', end: '2027-03-05T12:00' },
    })
  ).json();
  clock.set('2027-02-27T06:00:00Z');
  await dispatch();
  const missedRows = (await outbox(`&event=${missed.id}`)).items as { rule: string; status: string; lastError: string | null }[];
  t.same(
    missedRows.filter((r) => r.rule === 'before:P7D').map((r) => r.status),
    ['sent', 'sent'],
    'the latest missed one goes late',
  );
  t.ok(
    missedRows
      .filter((r) => r.rule === 'before:P30D')
      .every((r) => r.status === 'skipped' && /superseded by the before:P7D/.test(r.lastError!)),
    'an older one is not sent as well',
  );
  // down again until after the start: the 1-day reminder no longer makes sense
  clock.set('2027-03-05T07:00:00Z');
  await dispatch();
  const lastRows = (await outbox(`&event=${missed.id}`)).items as { rule: string; status: string; lastError: string | null }[];
  t.match(
    lastRows.find((r) => r.rule === 'before:P1D'),
    { status: 'skipped', lastError: /too late/ },
  );
});

t.test('an authentication failure pauses sending and says so', async (t) => {
  const { smtp, app, auth, clock, dispatch, outbox } = await withSmtp(t, {
    smtp: { requireAuth: true },
    smtpUrl: (url) => url.replace('smtp://', 'smtp://user:wrong@'),
  });
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
  });
  clock.set('2027-01-05T06:00:00Z');
  await dispatch();
  const list = await outbox();
  t.equal(list.dispatcher.paused, true);
  t.match(list.dispatcher.reason, /authentication failed/);
  t.equal(smtp.attempts, 0);
  t.ok(
    list.items.every((r: { status: string; attempts: number }) => r.status === 'pending' && r.attempts === 0),
    'no reminder burnt an attempt',
  );
  clock.advance(60_000);
  await dispatch();
  t.equal(smtp.attempts, 0, 'paused: no new attempts');
  t.equal((await app.inject({ method: 'POST', url: '/api/reminders/resume', headers: auth('tsb') })).statusCode, 204);
  t.equal((await outbox()).dispatcher.paused, false);
});

t.test('with no SMTP server, mail is written as .eml files, one per Message-ID', async (t) => {
  const { app, auth, clock, dispatch, config } = await setup(t, { smtpUrl: null });
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
  });
  clock.set('2027-01-05T06:00:00Z');
  t.equal((await dispatch()).sent, 2);
  const files = fs.readdirSync(config.mail.dir).filter((f) => f.endsWith('.eml'));
  t.equal(files.length, 2);
  const mail = fs.readFileSync(path.join(config.mail.dir, files[0]!), 'utf8');
  t.match(mail, /Subject: Reminder: ITU-T SG13 workshop on future networks/);
  t.match(mail, /Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
});

t.test('npm run reminders -- run-once plans and sends what is due', async (t) => {
  const smtp = await startSmtp();
  const { app, auth, config } = await setup(t, { smtpUrl: smtp.url });
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2026-01-06T09:00', end: '2026-01-06T10:00' },
  });
  await app.close();
  t.teardown(() => smtp.stop());
  const out: string[] = [];
  const env = { DATABASE_PATH: config.databasePath, SMTP_URL: smtp.url, TSB_FOCAL_POINT: 'focal@itu.example' };
  // the system clock is past this event: it is planned with nothing left to send
  t.equal(await runRemindersCommand(['run-once'], env, (l) => out.push(l)), 0);
  t.match(out.at(-1), /^0 sent, 0 to retry, 0 failed, 0 skipped \(mail: smtp:\/\/127\.0\.0\.1:\d+\)$/);
  t.equal(await runRemindersCommand([], env, (l) => out.push(l)), 2);
  t.match(out.at(-1), /Usage/);
  t.equal(loadConfig(env).mail.smtpUrl, smtp.url);
});

t.test('reminders are planned a limited time ahead, and the dispatcher moves the horizon on', async (t) => {
  const clock = new TestClock(Date.parse('2027-01-01T08:00:00Z'));
  const base = testConfig(t, { clock: clock.read, demoData: false });
  const horizon = (days: number) => ({ ...base.mail, tsbFocalPoint: 'focal@itu.example', planningHorizonMs: days * DAY });
  const { app, auth } = await startAppOn(t, { ...base, mail: horizon(30) });
  const sqlite = app.root.stores.db.$client;
  const occurrences = () =>
    (
      sqlite.prepare(`select distinct occurrence from reminders where status = 'pending' order by occurrence`).all() as {
        occurrence: string;
      }[]
    ).map((r) => r.occurrence);
  // a daily call for 500 days: without a horizon, 500 × 2 × 2 rows at once
  const call = {
    ...workshopBody,
    kind: 'coordination-call',
    timeZone: 'Europe/Zurich',
    start: '2027-01-20T14:00',
    end: '2027-01-20T15:00',
    recurrence: 'FREQ=WEEKLY;COUNT=500',
    reminders: ['P1D'],
  };
  t.equal((await app.inject({ method: 'POST', url: '/api/events', headers: auth('tsb'), payload: call })).statusCode, 201);
  t.same(occurrences(), ['2027-01-20', '2027-01-27'], 'only what falls due within 30 days is planned (19 and 26 January)');
  t.equal(app.root.stores.outbox.plannedThrough(), null, 'one event planned: the horizon of all events has not moved');

  // when the first falls due, 18 days on, the dispatcher's batch plans further ahead before it sends
  clock.set('2027-01-19T13:30:00Z');
  await app.root.reminders.dispatcher.runOnce();
  t.same(
    occurrences(),
    ['2027-01-27', '2027-02-03', '2027-02-10', '2027-02-17'],
    'the first was sent, the next ones due by 18 February were added',
  );
  t.equal(app.root.stores.outbox.plannedThrough(), '2027-02-18T13:30:00.000Z');
  t.equal(
    (sqlite.prepare(`select count(*) n from reminders where status = 'sent'`).get() as { n: number }).n,
    2,
    'the first occurrence, to the organizer and TSB',
  );
  // within the day, nothing is planned again
  clock.advance(3 * HOUR);
  t.same(app.root.reminders.planner.extendHorizon(), { planned: false, failed: [] });
  clock.advance(DAY);
  t.match(app.root.reminders.planner.extendHorizon(), { planned: true, failed: [] });

  // a process with a shorter horizon (another config) never skips what one with a longer one planned
  const { app: far } = await startAppOn(t, { ...base, mail: horizon(400) });
  far.root.reminders.planner.planAll();
  const planned = occurrences().length;
  t.ok(planned > 50, `a 400-day horizon plans ${planned} occurrences`);
  app.root.reminders.planner.planAll();
  t.equal(occurrences().length, planned, 'the 30-day process leaves them pending');
  t.equal((sqlite.prepare(`select count(*) n from reminders where status = 'skipped'`).get() as { n: number }).n, 0, 'and skips none');
});
