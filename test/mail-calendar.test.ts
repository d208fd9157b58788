/**
 * The calendar in a reminder and in a cancellation notice, as a real SMTP server receives it:
 * once, as the text/calendar alternative Outlook and Gmail show as an event card, an iTIP
 * REQUEST or CANCEL without a feed's properties, and with VTIMEZONEs read the same without RDATE.
 */
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import t, { type Test } from 'tap';
import { uidOf } from '../src/calendar/render.js';
import { unfold } from './support/ics.js';
import { disagreements, readAsOutlook, vtimezoneRdates } from './support/outlook.js';
import { startSmtp } from './support/smtp.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

async function withSmtp(t: Test, start = '2027-01-04T08:00:00Z') {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const clock = new TestClock(Date.parse(start));
  // closed before the SMTP server stops: teardowns run last registered first
  const app = await startApp(t, {
    clock: clock.read,
    demoData: false,
    mail: { smtpUrl: smtp.url, tsbFocalPoint: 'focal@itu.example', from: 'ITU-T regional events <calendar@itu.example>' },
  });
  return { smtp, clock, ...app, dispatch: () => app.app.root.reminders.dispatcher.runOnce() };
}

const recipientOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : [m.to])[0]!.value[0]!.address!;

/** The message's calendar parts: mailparser lists a text/calendar alternative with the attachments. */
const calendars = (m: ParsedMail) =>
  m.attachments.filter((a) => /^(text\/calendar|application\/ics)/.test(a.contentType) || /\.ics$/.test(a.filename ?? ''));

function checkInvitation(t: Test, mail: ParsedMail, method: 'REQUEST' | 'CANCEL', recipient: string): string {
  const parts = calendars(mail);
  t.equal(parts.length, 1, 'the calendar once');
  const part = parts[0]!;
  t.equal(part.contentType, 'text/calendar');
  t.equal((part.headers.get('content-type') as { params: Record<string, string> }).params.method, method, `Content-Type method=${method}`);
  t.not(part.contentDisposition, 'attachment', 'an alternative to the text, not an attachment');
  const ics = part.content.toString('utf8');
  const lines = unfold(ics);
  t.ok(lines.includes(`METHOD:${method}`));
  for (const feedOnly of ['REFRESH-INTERVAL', 'X-PUBLISHED-TTL', 'X-WR-CALNAME', 'X-WR-CALDESC', 'NAME:']) {
    t.notOk(
      lines.some((l) => l.startsWith(feedOnly)),
      `no ${feedOnly}`,
    );
  }
  t.ok(
    lines.some((l) => /^ORGANIZER;CN="?ITU-T regional events"?:mailto:calendar@itu\.example$/i.test(l)),
    'ORGANIZER: the sender',
  );
  t.ok(
    lines.some((l) => l.startsWith('ATTENDEE') && l.toLowerCase().endsWith(`:mailto:${recipient}`) && l.includes('RSVP=FALSE')),
    'ATTENDEE: the recipient, no reply asked',
  );
  t.same(vtimezoneRdates(ics), [], 'no RDATE in its VTIMEZONE');
  return ics;
}

t.test('a summer reminder of a Geneva call: its occurrence read without RDATE support', async (t) => {
  const { smtp, clock, app, auth, dispatch } = await withSmtp(t);
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
        start: '2027-01-12T14:00',
        end: '2027-01-12T15:00',
        recurrence: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=12',
        reminders: ['P1D'],
        venue: { virtual: true, url: 'https://meet.itu.example/tsb-europe' },
      },
    })
  ).json();
  clock.set('2027-07-12T12:00:00Z');
  t.equal((await dispatch()).sent, 2, 'the office and the focal point, a day before 13 July');
  const mail = smtp.received.find((m) => m.text?.includes('13 July 2027'))!;
  const ics = checkInvitation(t, mail, 'REQUEST', recipientOf(mail));
  const reading = readAsOutlook(ics);
  t.same(disagreements(reading), [], 'each zoned time as luxon reads it');
  t.same(reading.tzids, ['Europe/Zurich']);
  t.ok(unfold(ics).includes('DTSTART;TZID=Europe/Zurich:20270713T140000'), 'the wall-clock time in its zone');
  t.same(
    reading.occurrences.get(uidOf(call.id)),
    [{ start: '2027-07-13T12:00:00.000Z', end: '2027-07-13T13:00:00.000Z' }],
    '14:00 CEST is 12:00Z read as Outlook reads it',
  );
  t.ok(
    reading.zoned.some((z) => z.what === 'RECURRENCE-ID' && z.icalJs === '2027-07-13T12:00:00.000Z'),
    'RECURRENCE-ID of that occurrence',
  );
  t.equal(new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').length, 1, 'that one occurrence, not the series');
});

t.test('a cancellation notice carries METHOD:CANCEL once, read the same without RDATE support', async (t) => {
  const { smtp, clock, app, auth, dispatch } = await withSmtp(t);
  const event = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, timeZone: 'Europe/Zurich', start: '2027-08-10T09:00', end: '2027-08-10T12:00' },
    })
  ).json();
  clock.set('2027-08-03T07:00:00Z');
  t.equal((await dispatch()).sent, 2, 'the 7-day reminders');
  t.equal((await app.inject({ method: 'POST', url: `/api/events/${event.id}/cancel`, headers: auth('ro-africa') })).statusCode, 200);
  t.equal((await dispatch()).sent, 2, 'one notice to each address reminded');
  const notice = smtp.received.find((m) => m.subject?.startsWith('Cancelled:') && recipientOf(m) === 'ro-africa@example.org')!;
  const ics = checkInvitation(t, notice, 'CANCEL', 'ro-africa@example.org');
  const lines = unfold(ics);
  t.ok(lines.includes('STATUS:CANCELLED') && lines.includes('SEQUENCE:1'));
  const reading = readAsOutlook(ics);
  t.same(disagreements(reading), []);
  t.same(reading.occurrences.get(uidOf(event.id)), [{ start: '2027-08-10T07:00:00.000Z', end: '2027-08-10T10:00:00.000Z' }], '09:00 CEST');
});

t.test('a reminder of a Casablanca meeting in Ramadan time: written in UTC, right everywhere', async (t) => {
  const { smtp, clock, app, auth, dispatch } = await withSmtp(t, '2026-01-05T08:00:00Z');
  // Morocco is at +00 from 15 February to 22 March 2026 (so say the tz data of Node.js 20 and 24
  // alike; from 2027 on they differ: Node.js 24's 2026e keeps Morocco on +00 from September 2026)
  const event = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, timeZone: 'Africa/Casablanca', start: '2026-03-10T10:00', end: '2026-03-10T12:00' },
    })
  ).json();
  t.equal(event.startsAt, '2026-03-10T10:00:00.000Z');
  clock.set('2026-03-09T10:00:00Z');
  t.ok((await dispatch()).sent >= 1);
  const ics = checkInvitation(t, smtp.received[0]!, 'REQUEST', recipientOf(smtp.received[0]!));
  t.ok(unfold(ics).includes('DTSTART:20260310T100000Z'), 'DTSTART in UTC');
  t.same(readAsOutlook(ics).occurrences.get(uidOf(event.id)), [{ start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T12:00:00.000Z' }]);
});
