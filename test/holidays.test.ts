import t, { type Test } from 'tap';
import { startApp, TestClock } from './support/helpers.js';

/**
 * Working weeks and public holidays: follow-ups and reminders counted in days fall on the
 * recipient office's working days (its weekend and its country's holidays, TSB's corrections
 * applied), over the real service: a SQLite file, the planner and the outbox.
 */

interface Row {
  rule: string;
  recipient: string;
  dueAt: string;
  status: string;
  event: string;
}

async function setup(t: Test, start: string) {
  const clock = new TestClock(Date.parse(start));
  const app = await startApp(t, { clock: clock.read, demoData: false, mail: { smtpUrl: null, tsbFocalPoint: 'focal@itu.example' } });
  const outbox = async (event: string): Promise<Row[]> =>
    (
      (await app.app
        .inject({ url: `/api/reminders?limit=500&event=${encodeURIComponent(event)}`, headers: app.auth('tsb') })
        .then((r) => r.json())) as {
        items: Row[];
      }
    ).items;
  const followUps = async (event: string) =>
    (await outbox(event))
      .filter((r) => r.rule.startsWith('follow-up:') && r.status === 'pending')
      .map((r) => `${r.rule} ${r.dueAt}`)
      .sort();
  /** an all-day meeting of `office` from `start` to `end` (last day included) */
  const meeting = async (
    office: string,
    region: string,
    timeZone: string,
    start: string,
    end: string,
    extra: Record<string, unknown> = {},
  ) => {
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: app.auth(office),
      payload: {
        title: `Regional meeting ${start}`,
        kind: 'meeting',
        office,
        region,
        groups: [],
        partners: [],
        venue: { name: null, city: null, country: null, virtual: true, url: 'https://meet.example.org/x' },
        timeZone,
        start,
        end,
        ...extra,
      },
    });
    if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  };
  const correct = (payload: Record<string, unknown>, office = 'tsb') =>
    app.app.inject({ method: 'POST', url: '/api/holidays/corrections', headers: app.auth(office), payload });
  const holidays = (query: string) => app.app.inject({ url: `/api/holidays?${query}` });
  return { ...app, clock, outbox, followUps, meeting, correct, holidays };
}

t.test('Cairo works Sunday to Thursday: a meeting ending on Thursday is followed up on Sundays', async (t) => {
  const { app, clock, followUps, meeting, outbox } = await setup(t, '2026-12-01T08:00:00Z');
  const id = await meeting('ro-arab-states', 'arab-states', 'Africa/Cairo', '2026-12-08', '2026-12-10');
  t.same(
    await followUps(id),
    ['follow-up:1 2026-12-13T07:00:00.000Z', 'follow-up:2 2026-12-20T07:00:00.000Z', 'follow-up:3 2026-12-27T07:00:00.000Z'],
    'Sundays 13, 20 and 27 December at 09:00 Cairo, not Fridays 11, 18 and 25',
  );

  // nothing on Friday or Saturday; the first on Sunday morning
  clock.set('2026-12-12T20:00:00Z');
  await app.root.reminders.dispatcher.runOnce();
  t.notOk(
    (await outbox(id)).some((r) => r.rule.startsWith('follow-up') && r.status === 'sent'),
    'no follow-up is sent on the weekend',
  );
  clock.set('2026-12-13T07:00:00Z');
  await app.root.reminders.dispatcher.runOnce();
  t.same(
    (await outbox(id)).filter((r) => r.rule.startsWith('follow-up') && r.status === 'sent').map((r) => r.rule),
    ['follow-up:1'],
    'sent on Sunday 09:00 Cairo',
  );
});

t.test('a reminder counted in days that falls on a day off goes out on the working day before, for each recipient', async (t) => {
  const { outbox, meeting } = await setup(t, '2026-11-01T08:00:00Z');
  // starts on Sunday 13 December: a day before is Saturday 12
  const id = await meeting('ro-arab-states', 'arab-states', 'Africa/Cairo', '2026-12-13', '2026-12-14', { reminders: ['P1D', 'PT2H'] });
  const due = (rule: string) =>
    outbox(id).then((rows) =>
      rows
        .filter((r) => r.rule === rule)
        .map((r) => `${r.recipient} ${r.dueAt}`)
        .sort(),
    );
  t.same(
    await due('before:P1D'),
    ['focal@itu.example 2026-12-11T07:00:00.000Z', 'ro-arab-states@example.org 2026-12-10T07:00:00.000Z'],
    'Cairo: Thursday 10 December 09:00 (its Friday and Saturday are off); TSB in Geneva: Friday 11 December 08:00',
  );
  t.same(
    await due('before:PT2H'),
    ['focal@itu.example 2026-12-13T05:00:00.000Z', 'ro-arab-states@example.org 2026-12-13T05:00:00.000Z'],
    'an offset in hours stays exact, whatever day it falls on',
  );
});

t.test('Cairo and Eid: the library predicts it, a TSB correction moving it by a day moves the follow-ups', async (t) => {
  const { app, followUps, meeting, correct, holidays, auth } = await setup(t, '2026-03-01T08:00:00Z');
  const march = (await holidays('country=EG&from=2026-03-01&to=2026-03-31').then((r) => r.json())) as {
    holidays: { date: string; name: string; predicted: boolean; corrected: boolean }[];
  };
  t.same(
    march.holidays.map((h) => `${h.date} ${h.name} ${h.predicted ? 'predicted' : ''}`),
    ['2026-03-20', '2026-03-21', '2026-03-22'].map((d) => `${d} End of Ramadan (Eid al-Fitr) predicted`),
    'Eid al-Fitr, three days, a prediction',
  );
  const arabic = (await holidays('country=EG&from=2026-03-20&to=2026-03-20&lang=ar').then((r) => r.json())) as {
    holidays: { name: string }[];
  };
  t.same(arabic.holidays[0]!.name, 'عيد الفطر', 'its name in Arabic where the library has it');

  // ends Thursday 19 March: Friday and Saturday are the weekend, Friday to Sunday Eid
  const id = await meeting('ro-arab-states', 'arab-states', 'Africa/Cairo', '2026-03-17', '2026-03-19');
  t.same(
    await followUps(id),
    ['follow-up:1 2026-03-23T07:00:00.000Z', 'follow-up:2 2026-03-30T07:00:00.000Z', 'follow-up:3 2026-04-06T07:00:00.000Z'],
    'Monday 23 March, after the weekend and Eid',
  );

  // the moon was sighted a day later: Eid is 21 to 23 March
  const moved = await correct({ country: 'EG', kind: 'move', date: '2026-03-20', to: '2026-03-21', note: 'moon sighted on 20 March' });
  t.equal(moved.statusCode, 201, moved.body);
  const correction = moved.json() as { id: string };
  t.same(
    await followUps(id),
    ['follow-up:1 2026-03-24T07:00:00.000Z', 'follow-up:2 2026-03-31T07:00:00.000Z', 'follow-up:3 2026-04-07T07:00:00.000Z'],
    'the correction re-plans the follow-ups: Tuesday 24 March, then a week later each',
  );
  const after = (await holidays('country=EG&from=2026-03-01&to=2026-03-31').then((r) => r.json())) as {
    holidays: { date: string; predicted: boolean; corrected: boolean }[];
  };
  t.same(
    after.holidays.map((h) => `${h.date} ${h.predicted} ${h.corrected}`),
    ['2026-03-21 false true', '2026-03-22 false true', '2026-03-23 false true'],
    'the whole holiday moved, no longer a prediction, marked corrected',
  );

  const withdrawn = await app.inject({ method: 'DELETE', url: `/api/holidays/corrections/${correction.id}`, headers: auth('tsb') });
  t.equal(withdrawn.statusCode, 200);
  t.same((await followUps(id))[0], 'follow-up:1 2026-03-23T07:00:00.000Z', 'withdrawn: the library’s prediction again');

  const confirmed = await correct({ country: 'EG', kind: 'confirm', date: '2026-03-21' });
  t.equal(confirmed.statusCode, 201);
  const confirmedList = (await holidays('country=EG&from=2026-03-20&to=2026-03-22').then((r) => r.json())) as {
    holidays: { predicted: boolean; corrected: boolean }[];
  };
  t.ok(
    confirmedList.holidays.every((h) => !h.predicted && h.corrected),
    'confirming a day of Eid confirms the whole holiday',
  );
});

t.test('Addis Ababa: Ethiopian holidays (Timket, Epiphany) are days off', async (t) => {
  const { followUps, meeting, holidays } = await setup(t, '2026-01-01T08:00:00Z');
  const list = (await holidays('country=ET&from=2026-01-01&to=2026-01-31').then((r) => r.json())) as {
    holidays: { date: string; name: string }[];
  };
  t.ok(
    list.holidays.some((h) => h.date === '2026-01-19'),
    'Epiphany (Timket), Monday 19 January 2026',
  );
  t.ok(
    list.holidays.some((h) => /Christmas/.test(h.name)),
    'Ethiopian Christmas in January',
  );
  const id = await meeting('ro-africa', 'africa', 'Africa/Addis_Ababa', '2026-01-14', '2026-01-16');
  t.same(
    (await followUps(id))[0],
    'follow-up:1 2026-01-20T06:00:00.000Z',
    'ends Friday 16 January: not Monday 19 (Timket) but Tuesday 20 January 09:00 Addis Ababa',
  );
});

t.test('Bangkok: Songkran', async (t) => {
  const { followUps, meeting } = await setup(t, '2026-04-01T08:00:00Z');
  const id = await meeting('ro-asia-pacific', 'asia-pacific', 'Asia/Bangkok', '2026-04-08', '2026-04-10');
  t.same(
    await followUps(id),
    ['follow-up:1 2026-04-16T02:00:00.000Z', 'follow-up:2 2026-04-23T02:00:00.000Z', 'follow-up:3 2026-04-30T02:00:00.000Z'],
    'ends Friday 10 April: Songkran is 13 to 15 April, so Thursday 16 April 09:00 Bangkok',
  );
});

t.test('Moscow: the long January holidays', async (t) => {
  const { followUps, meeting, correct } = await setup(t, '2026-12-01T08:00:00Z');
  const lastDay = await meeting('ro-cis', 'cis', 'Europe/Moscow', '2026-12-29', '2026-12-31');
  t.same(
    (await followUps(lastDay))[0],
    'follow-up:1 2027-01-11T06:00:00.000Z',
    'ends Thursday 31 December: 1 to 8 January are holidays, 9 and 10 the weekend: Monday 11 January 09:00 Moscow',
  );

  const id = await meeting('ro-cis', 'cis', 'Europe/Moscow', '2026-12-28', '2026-12-30');
  t.same((await followUps(id))[0], 'follow-up:1 2026-12-31T06:00:00.000Z', 'the library knows 31 December 2026 as a working day');
  // the Government moved the day off of Sunday 4 January 2026 to Thursday 31 December 2026: the library knows no such transfer
  const added = await correct({
    country: 'RU',
    kind: 'add',
    date: '2026-12-31',
    name: 'Новогодние каникулы',
    note: 'transferred from 4 January',
  });
  t.equal(added.statusCode, 201, added.body);
  t.same(
    await followUps(id),
    ['follow-up:1 2027-01-11T06:00:00.000Z', 'follow-up:2 2027-01-18T06:00:00.000Z', 'follow-up:3 2027-01-25T06:00:00.000Z'],
    'with TSB’s added day, an event ending 30 December is followed up on 11 January',
  );
});

t.test('Geneva: Monday to Friday, Christmas and New Year', async (t) => {
  const { followUps, meeting } = await setup(t, '2026-12-01T08:00:00Z');
  const id = await meeting('ro-europe', 'europe', 'Europe/Zurich', '2026-12-22', '2026-12-24');
  t.same(
    await followUps(id),
    ['follow-up:1 2026-12-28T08:00:00.000Z', 'follow-up:2 2027-01-04T08:00:00.000Z', 'follow-up:3 2027-01-11T08:00:00.000Z'],
    'ends Thursday 24 December: Christmas Friday, the weekend: Monday 28 December 09:00 Geneva; New Year (Friday 1 January) is not in the way',
  );
  const newYear = await meeting('ro-europe', 'europe', 'Europe/Zurich', '2026-12-29', '2026-12-31');
  t.same(
    (await followUps(newYear))[0],
    'follow-up:1 2027-01-04T08:00:00.000Z',
    'ends Thursday 31 December: not New Year’s Day, Monday 4 January',
  );
});

t.test('TSB changes an office’s working week: its follow-ups are planned again on the new days at once', async (t) => {
  const { app, followUps, meeting } = await setup(t, '2026-12-01T08:00:00Z');
  const id = await meeting('ro-arab-states', 'arab-states', 'Africa/Cairo', '2026-12-08', '2026-12-10');
  t.same((await followUps(id))[0], 'follow-up:1 2026-12-13T07:00:00.000Z', 'Sunday, as Cairo works Sunday to Thursday');
  const res = await app.inject({
    method: 'PATCH',
    url: '/api/offices/ro-arab-states',
    headers: { authorization: `Bearer ${app.root.stores.tokens.create('tsb', 'test', '2026-12-01T08:00:00Z').token}` },
    payload: { workingDays: [1, 2, 3, 4, 5] },
  });
  t.equal(res.statusCode, 200, 'the working week changed');
  t.same(
    await followUps(id),
    ['follow-up:1 2026-12-11T07:00:00.000Z', 'follow-up:2 2026-12-18T07:00:00.000Z', 'follow-up:3 2026-12-25T07:00:00.000Z'],
    'Monday to Friday now: Fridays 11, 18 and 25 December',
  );
  // a change of the reply contact alone plans nothing again (it is read as each mail goes)
  const before = await followUps(id);
  const contact = await app.inject({
    method: 'PATCH',
    url: '/api/offices/ro-arab-states',
    headers: { authorization: `Bearer ${app.root.stores.tokens.create('tsb', 'test2', '2026-12-01T08:00:00Z').token}` },
    payload: { contact: 'cairo-desk@example.org' },
  });
  t.equal(contact.statusCode, 200, 'the contact changed');
  t.same(await followUps(id), before);
});
