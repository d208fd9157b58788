import t from 'tap';
import { localDays, touchesDays } from '../src/domain/time.js';
import { startApp } from './support/helpers.js';

// One rule for the local days an occurrence touches, asked by the occurrences route, the event
// list, the month grid and the report alike: before it, the route and the report read the date
// of the end (an end at midnight touched the next day) and the list did not.

t.test('the local days a stretch touches', async (t) => {
  t.same(localDays({ start: '2024-03-04T09:00', end: '2024-03-04T17:00' }, false), { first: '2024-03-04', last: '2024-03-04' });
  t.same(
    localDays({ start: '2024-03-04T18:00', end: '2024-03-05T00:00' }, false),
    { first: '2024-03-04', last: '2024-03-04' },
    'an end at midnight is the instant the next day begins',
  );
  t.same(
    localDays({ start: '2024-03-04T18:00', end: '2024-03-05T00:00:00' }, false),
    { first: '2024-03-04', last: '2024-03-04' },
    'with seconds too',
  );
  t.same(
    localDays({ start: '2024-03-04T18:00', end: '2024-03-05T00:01' }, false),
    { first: '2024-03-04', last: '2024-03-05' },
    'a minute after midnight touches the day',
  );
  t.same(localDays({ start: '2024-03-04T09:00', end: '2024-03-07T00:00' }, false), { first: '2024-03-04', last: '2024-03-06' });
  t.same(
    localDays({ start: '2024-03-05T00:00', end: '2024-03-05T00:00' }, false),
    { first: '2024-03-05', last: '2024-03-05' },
    'a zero-length stretch at midnight touches its own day',
  );
  t.same(
    localDays({ start: '2024-03-05T00:00', end: '2024-03-06T00:00' }, false),
    { first: '2024-03-05', last: '2024-03-05' },
    'midnight to midnight is one day',
  );
  t.same(
    localDays({ start: '2024-02-28T20:00', end: '2024-03-01T00:00' }, false),
    { first: '2024-02-28', last: '2024-02-29' },
    'the day before across a leap day',
  );
  t.same(
    localDays({ start: '2024-03-04', end: '2024-03-04' }, true),
    { first: '2024-03-04', last: '2024-03-04' },
    'an all-day end is its last day, inclusive',
  );
  t.same(localDays({ start: '2024-03-04', end: '2024-03-08' }, true), { first: '2024-03-04', last: '2024-03-08' });
  const evening = { start: '2024-03-04T18:00', end: '2024-03-05T00:00' };
  t.ok(touchesDays(evening, false, '2024-03-04', '2024-03-04'));
  t.notOk(touchesDays(evening, false, '2024-03-05', '2024-03-05'));
  t.notOk(touchesDays(evening, false, '2024-03-05', undefined));
  t.ok(touchesDays(evening, false, undefined, '2024-03-04'));
  t.ok(touchesDays(evening, false, undefined, undefined));
  t.ok(touchesDays({ start: '2024-03-04', end: '2024-03-05' }, true, '2024-03-05', '2024-03-05'), 'an all-day event touches its last day');
});

t.test('an occurrence ending at local midnight is in the occurrences, the list and the report for the same days', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const headers = auth('tsb');
  const base = {
    kind: 'workshop',
    office: 'ro-africa',
    region: 'africa',
    timeZone: 'Africa/Nairobi',
    venue: { city: 'Nairobi', country: 'Kenya', virtual: false },
  };
  const post = async (payload: object) => {
    const res = await app.inject({ method: 'POST', url: '/api/events', headers, payload: { ...base, ...payload } });
    t.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string };
  };
  // Mondays 18:00 to midnight: 4, 11 and 18 March 2024
  const series = await post({
    title: 'Evening clinic',
    start: '2024-03-04T18:00',
    end: '2024-03-05T00:00',
    recurrence: 'FREQ=WEEKLY;COUNT=3',
  });
  const single = await post({ title: 'Long day', start: '2024-04-01T09:00', end: '2024-04-02T00:00' });

  const occurrences = async (id: string, from: string, to: string) =>
    ((await app.inject({ url: `/api/events/${id}/occurrences?from=${from}&to=${to}` })).json() as { originalDate: string }[]).map(
      (o) => o.originalDate,
    );
  const listed = async (from: string, to: string) =>
    ((await app.inject({ url: `/api/events?from=${from}&to=${to}` })).json().items as { id: string }[]).map((e) => e.id);
  const reported = async (from: string, to: string) => {
    const res = await app.inject({ url: `/api/reports/activity?from=${from}&to=${to}&region=africa` });
    t.equal(res.statusCode, 200);
    return res.json().regions[0].events as { id: string; occurrences: number | null; start: string; end: string; dates: string }[];
  };

  for (const [from, to, expected] of [
    ['2024-03-04', '2024-03-04', ['2024-03-04']],
    ['2024-03-05', '2024-03-05', []],
    ['2024-03-05', '2024-03-12', ['2024-03-11']],
    ['2024-03-05', '2024-03-11', ['2024-03-11']],
    ['2024-03-12', '2024-03-17', []],
    ['2024-03-01', '2024-03-31', ['2024-03-04', '2024-03-11', '2024-03-18']],
  ] as const) {
    const days = `${from} to ${to}`;
    t.same(await occurrences(series.id, from, to), expected, `occurrences of the series, ${days}`);
    t.equal((await listed(from, to)).includes(series.id), expected.length > 0, `the event list, ${days}`);
    const line = (await reported(from, to)).find((e) => e.id === series.id);
    t.equal(line?.occurrences ?? 0, expected.length, `the report counts the same occurrences, ${days}`);
  }

  for (const [day, touched] of [
    ['2024-04-01', true],
    ['2024-04-02', false],
  ] as const) {
    t.same(await occurrences(single.id, day, day), touched ? ['2024-04-01'] : [], `the single event's occurrence on ${day}`);
    t.equal((await listed(day, day)).includes(single.id), touched, `the event list on ${day}`);
    t.equal(
      (await reported(day, day)).some((e) => e.id === single.id),
      touched,
      `the report on ${day}`,
    );
  }
  t.match(
    (await reported('2024-04-01', '2024-04-30')).find((e) => e.id === single.id),
    { start: '2024-04-01', end: '2024-04-01', dates: '1 April 2024' },
    'the report line says the one day',
  );

  const grid = (await app.inject({ url: '/?view=month&month=2024-04' })).body;
  const cell = (date: string) => grid.slice(grid.indexOf(`datetime="${date}"`), grid.indexOf('</td>', grid.indexOf(`datetime="${date}"`)));
  t.match(cell('2024-04-01'), 'Long day', 'the month grid shows it on its day');
  t.notMatch(cell('2024-04-02'), 'Long day', 'and not on the next');
});
