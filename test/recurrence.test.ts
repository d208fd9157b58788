import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ICAL from 'ical.js';
import t from 'tap';
import { uidOf } from '../src/calendar/render.js';
import { parseWithNodeIcal, unfold } from './support/ics.js';
import { dumpData, startApp, type TestApp } from './support/helpers.js';

// one app for the file, built before the first test and closed after the last
let app: FastifyInstance;
let auth: TestApp['auth'];
let tsb: { authorization: string };

const callBody = {
  title: 'TSB – ITU Office for Europe coordination call',
  kind: 'coordination-call',
  office: 'ro-europe',
  region: 'europe',
  venue: { virtual: true, url: 'https://itu.zoom.example/j/123' },
  timeZone: 'Europe/Zurich',
  start: '2027-01-12T14:00',
  end: '2027-01-12T15:00',
  recurrence: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6',
};
let created: LightMyRequestResponse;
let call: { id: string; recurrence: string };
t.before(async () => {
  ({ app, auth } = await startApp(t, { demoData: false }));
  tsb = auth('tsb');
  created = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: callBody });
  call = created.json();
});

/** Expands the feed's series with ical.js, exceptions applied, using only the feed's VTIMEZONE. */
function expandWithIcalJs(text: string, uid: string): string[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(zone, zone.tzid);
  }
  const vevents = calendar.getAllSubcomponents('vevent').filter((v) => v.getFirstPropertyValue('uid') === uid);
  const master = new ICAL.Event(vevents.find((v) => !v.hasProperty('recurrence-id')));
  for (const exception of vevents.filter((v) => v.hasProperty('recurrence-id'))) master.relateException(new ICAL.Event(exception));
  const iterator = master.iterator();
  const result: string[] = [];
  for (let next = iterator.next(); next && result.length < 100; next = iterator.next()) {
    const details = master.getOccurrenceDetails(next);
    result.push(new Date(details.startDate.toUnixTime() * 1000).toISOString());
  }
  return result;
}

t.test('a monthly 14:00 Geneva call stays at 14:00 Geneva across the DST change', async (t) => {
  t.equal(created.statusCode, 201);
  t.equal(call.recurrence, 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6');
  const occurrences = (await app.inject({ url: `/api/events/${call.id}/occurrences` })).json();
  t.same(
    occurrences.map((o: { startsAt: string }) => o.startsAt),
    [
      '2027-01-12T13:00:00.000Z',
      '2027-02-09T13:00:00.000Z',
      '2027-03-09T13:00:00.000Z',
      '2027-04-13T12:00:00.000Z',
      '2027-05-11T12:00:00.000Z',
      '2027-06-08T12:00:00.000Z',
    ],
  );
  t.ok(occurrences.every((o: { start: string }) => o.start.endsWith('T14:00')));
  const range = (await app.inject({ url: `/api/events/${call.id}/occurrences?from=2027-03-01&to=2027-04-30` })).json();
  t.same(
    range.map((o: { originalDate: string }) => o.originalDate),
    ['2027-03-09', '2027-04-13'],
  );
  const listed = (await app.inject({ url: '/api/events?from=2027-03-09&to=2027-03-09' })).json();
  t.equal(listed.total, 1, 'found on a day it occurs');
  t.equal((await app.inject({ url: '/api/events?from=2027-03-10&to=2027-03-12' })).json().total, 0, 'not on days between');

  const feed = (await app.inject({ url: '/feeds/regions/europe.ics' })).body;
  t.ok(unfold(feed).includes('RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=6'));
  t.ok(unfold(feed).includes('DTSTART;TZID=Europe/Zurich:20270112T140000'));
  t.same(
    expandWithIcalJs(feed, uidOf(call.id)),
    occurrences.map((o: { startsAt: string }) => o.startsAt),
    'ical.js expands the same instants',
  );
  const viaNodeIcal = parseWithNodeIcal(feed).find((e) => e.uid === uidOf(call.id))!;
  t.equal(viaNodeIcal.start.toISOString(), '2027-01-12T13:00:00.000Z');
});

t.test('one occurrence moved, one skipped: API, EXDATE and RECURRENCE-ID', async (t) => {
  const moved = await app.inject({
    method: 'PUT',
    url: `/api/events/${call.id}/occurrences/2027-03-09`,
    headers: auth('ro-europe'),
    payload: { start: '2027-03-10T16:00', end: '2027-03-10T17:00' },
  });
  t.equal(moved.statusCode, 200);
  t.match(moved.json(), { originalDate: '2027-03-09', start: '2027-03-10T16:00', startsAt: '2027-03-10T15:00:00.000Z', status: 'moved' });
  const skipped = await app.inject({
    method: 'PUT',
    url: `/api/events/${call.id}/occurrences/2027-04-13`,
    headers: tsb,
    payload: { cancelled: true },
  });
  t.equal(skipped.statusCode, 200);
  t.equal(skipped.json().status, 'cancelled');
  const event = (await app.inject({ url: `/api/events/${call.id}` })).json();
  t.equal(event.sequence, 2, 'each exception is a change calendars must take');
  t.equal(event.overrides.length, 2);

  const feed = (await app.inject({ url: '/feeds/regions/europe.ics' })).body;
  const lines = unfold(feed);
  t.ok(lines.includes('EXDATE;TZID=Europe/Zurich:20270413T140000'));
  t.ok(lines.includes('RECURRENCE-ID;TZID=Europe/Zurich:20270309T140000'));
  t.same(expandWithIcalJs(feed, uidOf(call.id)), [
    '2027-01-12T13:00:00.000Z',
    '2027-02-09T13:00:00.000Z',
    '2027-03-10T15:00:00.000Z',
    '2027-05-11T12:00:00.000Z',
    '2027-06-08T12:00:00.000Z',
  ]);
  // moving it again replaces the exception
  const again = await app.inject({
    method: 'PUT',
    url: `/api/events/${call.id}/occurrences/2027-03-09`,
    headers: tsb,
    payload: { start: '2027-03-11T09:00', end: '2027-03-11T10:00' },
  });
  t.equal(again.json().startsAt, '2027-03-11T08:00:00.000Z');
  t.equal((await app.inject({ url: `/api/events/${call.id}` })).json().overrides.length, 2);
});

t.test('what cannot be done to an occurrence', async (t) => {
  const before = dumpData(app);
  const put = (date: string, payload: object, headers: Record<string, string> = tsb) =>
    app.inject({ method: 'PUT', url: `/api/events/${call.id}/occurrences/${date}`, headers, payload });
  t.equal((await put('2027-03-10', { cancelled: true })).statusCode, 404, 'no occurrence planned that day');
  t.equal((await put('2027-02-09', { cancelled: true }, auth('ro-africa'))).statusCode, 403);
  t.equal((await put('2027-02-09', { cancelled: true }, {})).statusCode, 401);
  t.match((await put('2027-02-09', { start: '2027-02-10', end: '2027-02-10' })).json(), { statusCode: 400, field: 'start' });
  t.match(
    (await put('2027-02-09', { start: '2027-03-28T02:30', end: '2027-03-28T03:30' })).json(),
    { statusCode: 400, field: 'start' },
    'a time skipped by DST',
  );
  t.match((await put('2027-02-09', { start: '2027-02-10T10:00' })).json(), { statusCode: 400, field: 'end' });
  t.match((await put('2027-02-09', { end: '2027-02-10T10:00' })).json(), { statusCode: 400, field: 'start' });
  t.match((await put('2027-02-09', { cancelled: true, start: '2027-02-10T10:00', end: '2027-02-10T11:00' })).json(), {
    statusCode: 400,
    field: 'cancelled',
  });
  t.match((await put('2027-02-09', { cancelled: false })).json(), { statusCode: 400, field: 'cancelled' });
  t.match((await put('2027-02-09', {})).json(), { statusCode: 400 });
  t.match((await put('2027-02-31', { cancelled: true })).json(), { statusCode: 400, field: 'date' });
  const single = (
    await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...callBody, recurrence: null } })
  ).json();
  const after = dumpData(app);
  t.equal(
    (
      await app.inject({
        method: 'PUT',
        url: `/api/events/${single.id}/occurrences/2027-01-12`,
        headers: tsb,
        payload: { cancelled: true },
      })
    ).statusCode,
    404,
    'a single event has no occurrences to change',
  );
  t.equal(
    (await app.inject({ method: 'PUT', url: '/api/events/nope/occurrences/2027-01-12', headers: tsb, payload: { cancelled: true } }))
      .statusCode,
    404,
  );
  t.equal((await app.inject({ url: '/api/events/nope/occurrences' })).statusCode, 404);
  t.same(
    (await app.inject({ url: `/api/events/${single.id}/occurrences` })).json().map((o: { startsAt: string }) => o.startsAt),
    ['2027-01-12T13:00:00.000Z'],
  );
  t.not(after, before);
  t.equal(dumpData(app), after, 'refusals wrote nothing');
});

t.test('recurrence rules are checked', async (t) => {
  for (const [rule, problem] of [
    ['FREQ=MONTHLY;BYDAY=2TU', /COUNT or UNTIL/],
    ['FREQ=MONTHLY;COUNT=3;UNTIL=20271231', /COUNT or UNTIL/],
    ['FREQ=HOURLY;COUNT=5', /FREQ must be/],
    ['FREQ=WEEKLY;COUNT=501', /COUNT must be/],
    ['FREQ=WEEKLY;UNTIL=tomorrow', /not an RFC 5545 RRULE|UNTIL must be/],
    ['FREQ=WEEKLY;UNTIL=2027', /UNTIL must be/],
    ['RRULE:FREQ=WEEKLY;COUNT=2', /not an RFC 5545 RRULE/],
    ['FREQ=WEEKLY;COUNT=2\nEXDATE:20270101', /not an RFC 5545 RRULE/],
    ['FREQ=MONTHLY;BYDAY=XX;COUNT=3', /BYDAY takes weekdays/],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...callBody, recurrence: rule } });
    t.equal(res.statusCode, 400, rule);
    t.equal(res.json().field, 'recurrence', rule);
    t.match(res.json().message, problem, rule);
  }
  const bad = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...callBody, reminders: ['P2W'] } });
  t.match(bad.json(), { statusCode: 400, field: 'reminders.0' });
  const tooFar = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...callBody, reminders: ['P400D'] } });
  t.match(tooFar.json(), { statusCode: 400, field: 'reminders.0' });
  const zero = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...callBody, reminders: ['PT0H'] } });
  t.match(zero.json(), { statusCode: 400, field: 'reminders.0' });
  const mail = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...callBody, notify: ['not-an-address'] } });
  t.match(mail.json(), { statusCode: 400, field: 'notify.0' });
});

t.test('UNTIL as a date ends a timed series at the end of that local day, written in UTC for the feed', async (t) => {
  const weekly = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: tsb,
      payload: {
        ...callBody,
        title: 'Weekly',
        start: '2027-06-01T23:30',
        end: '2027-06-02T00:30',
        recurrence: 'FREQ=WEEKLY;UNTIL=20270615',
      },
    })
  ).json();
  const occurrences = (await app.inject({ url: `/api/events/${weekly.id}/occurrences` })).json();
  t.same(
    occurrences.map((o: { start: string }) => o.start),
    ['2027-06-01T23:30', '2027-06-08T23:30', '2027-06-15T23:30'],
  );
  const feed = unfold((await app.inject({ url: '/feeds/all.ics?kind=coordination-call' })).body);
  t.ok(feed.includes('RRULE:FREQ=WEEKLY;UNTIL=20270615T215959Z'));
  // changing the rule starts the series afresh: its old exceptions go
  const changed = await app.inject({
    method: 'PATCH',
    url: `/api/events/${call.id}`,
    headers: tsb,
    payload: { recurrence: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3' },
  });
  t.equal(changed.statusCode, 200);
  t.same(changed.json().overrides, []);
  t.equal((await app.inject({ url: `/api/events/${call.id}/occurrences` })).json().length, 3);
  // reminder settings are not calendar data: no new SEQUENCE
  const quiet = await app.inject({
    method: 'PATCH',
    url: `/api/events/${call.id}`,
    headers: tsb,
    payload: { reminders: ['P2D'], notify: ['secretariat@example.org'] },
  });
  t.equal(quiet.json().sequence, changed.json().sequence);
  t.same(quiet.json().reminders, ['P2D']);
});

t.test('an all-day series and a cancelled series', async (t) => {
  const daily = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: tsb,
      payload: {
        ...callBody,
        title: 'Training block',
        kind: 'training',
        start: '2027-05-03',
        end: '2027-05-04',
        recurrence: 'FREQ=WEEKLY;COUNT=3',
      },
    })
  ).json();
  const occurrences = (await app.inject({ url: `/api/events/${daily.id}/occurrences` })).json();
  t.same(
    occurrences.map((o: { start: string; end: string }) => `${o.start}/${o.end}`),
    ['2027-05-03/2027-05-04', '2027-05-10/2027-05-11', '2027-05-17/2027-05-18'],
  );
  const moved = await app.inject({
    method: 'PUT',
    url: `/api/events/${daily.id}/occurrences/2027-05-10`,
    headers: tsb,
    payload: { start: '2027-05-12', end: '2027-05-13' },
  });
  t.equal(moved.json().start, '2027-05-12');
  await app.inject({ method: 'PUT', url: `/api/events/${daily.id}/occurrences/2027-05-17`, headers: tsb, payload: { cancelled: true } });
  const feed = (await app.inject({ url: '/feeds/kinds/training.ics' })).body;
  const lines = unfold(feed);
  t.ok(lines.includes('EXDATE;VALUE=DATE:20270517'));
  t.ok(lines.includes('RECURRENCE-ID;VALUE=DATE:20270510'), lines.filter((l) => l.startsWith('RECURRENCE')).join(' '));
  t.same(expandWithIcalJs(feed, uidOf(daily.id)).length, 2);
  await app.inject({ method: 'POST', url: `/api/events/${daily.id}/cancel`, headers: tsb });
  const all = (await app.inject({ url: `/api/events/${daily.id}/occurrences` })).json();
  t.ok(all.every((o: { status: string }) => o.status === 'cancelled'));
});
