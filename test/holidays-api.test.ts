import t from 'tap';
import { startApp, TestClock } from './support/helpers.js';

/** TSB's corrections through the API: who may, what is refused (naming the field), and the audit log. */

t.test('corrections: TSB only, bad input named, audited, the database unchanged by a refusal', async (t) => {
  const clock = new TestClock(Date.parse('2026-03-01T08:00:00Z'));
  const { app, auth } = await startApp(t, { clock: clock.read, demoData: false });
  const sqlite = app.root.stores.db.$client;
  const rows = () => JSON.stringify(sqlite.prepare('select * from holiday_corrections order by id').all());
  const post = (payload: unknown, headers: Record<string, string> = auth('tsb')) =>
    app.inject({ method: 'POST', url: '/api/holidays/corrections', headers, payload: payload as Record<string, unknown> });
  const eid = { country: 'EG', kind: 'move', date: '2026-03-20', to: '2026-03-21' };

  t.equal((await post(eid, {})).statusCode, 401, 'no token: 401');
  const office = await post(eid, auth('ro-arab-states'));
  t.equal(office.statusCode, 403, 'an office other than TSB: 403');
  t.equal(office.json().code, 'holidaysTsbOnly');
  t.equal(rows(), '[]', 'nothing written');

  const bad: [unknown, string, string][] = [
    [{ ...eid, country: 'XX' }, 'country', 'notACountryCode'],
    [{ ...eid, kind: 'shift' }, 'kind', 'oneOf'],
    [{ ...eid, date: '2026-02-30' }, 'date', 'format'],
    [{ country: 'EG', kind: 'move', date: '2026-03-20' }, 'to', 'required'],
    [{ ...eid, to: '2026-03-20' }, 'to', 'holidayMoveSameDay'],
    [{ ...eid, to: '2026-06-20' }, 'to', 'holidayMoveTooFar'],
    [{ country: 'EG', kind: 'remove', date: '2026-03-18' }, 'date', 'holidayNotInLibrary'],
    [{ country: 'EG', kind: 'confirm', date: '2026-04-25' }, 'date', 'holidayNotPredicted'],
    [{ country: 'EG', kind: 'add', date: '2026-03-18' }, 'name', 'required'],
    [{ country: 'EG', kind: 'add', date: '2026-03-18', name: '   ' }, 'name', 'required'],
    [{ country: 'EG', kind: 'remove', date: '2026-03-20', name: 'Eid' }, 'name', 'holidayFieldNotFor'],
    [{ country: 'EG', kind: 'confirm', date: '2026-03-20', to: '2026-03-21' }, 'to', 'holidayFieldNotFor'],
    [{ ...eid, extra: 1 }, 'extra', 'unknownField'],
  ];
  for (const [payload, field, code] of bad) {
    const res = await post(payload);
    t.equal(res.statusCode, 400, `${JSON.stringify(payload)}: 400`);
    t.match(res.json(), { field, code }, `names ${field} (${code})`);
  }
  t.equal(rows(), '[]', 'no refused correction was written');

  const made = await post({ ...eid, note: 'moon sighted' });
  t.equal(made.statusCode, 201);
  const correction = made.json();
  t.match(correction, {
    country: 'EG',
    kind: 'move',
    date: '2026-03-20',
    to: '2026-03-21',
    name: null,
    note: 'moon sighted',
    createdBy: 'tsb',
  });
  const again = await post({ country: 'EG', kind: 'confirm', date: '2026-03-20' });
  t.equal(again.statusCode, 409, 'a second correction of the same day: 409');
  t.match(again.json(), { code: 'holidayCorrectionExists', field: 'date' });

  const listed = await app.inject({ url: '/api/holidays/corrections?country=EG' });
  t.same(
    listed.json().map((c: { id: string }) => c.id),
    [correction.id],
    'anyone reads the corrections',
  );

  t.equal(
    (await app.inject({ method: 'DELETE', url: `/api/holidays/corrections/${correction.id}`, headers: auth('ro-africa') })).statusCode,
    403,
  );
  t.equal((await app.inject({ method: 'DELETE', url: '/api/holidays/corrections/nope', headers: auth('tsb') })).statusCode, 404);
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/api/holidays/corrections/${correction.id}`, headers: auth('tsb') })).statusCode,
    200,
  );
  t.equal(rows(), '[]', 'withdrawn');

  const audit = await app.inject({ url: '/api/audit', headers: auth('tsb') });
  const entries = (
    audit.json() as { action: string; subject: string; office: string; changes: { field: string; from: unknown; to: unknown }[] }[]
  ).filter((e) => e.action.startsWith('holiday.'));
  t.same(
    entries.map((e) => `${e.action} ${e.subject} ${e.office}`),
    [`holiday.corrected ${correction.id} tsb`, `holiday.correction-withdrawn ${correction.id} tsb`],
    'each change audited, one row each',
  );
  t.same(entries[0]!.changes, [
    {
      field: 'correction',
      from: null,
      to: { id: correction.id, country: 'EG', kind: 'move', date: '2026-03-20', to: '2026-03-21', note: 'moon sighted' },
    },
  ]);
});

t.test('reading holidays: anyone, bad queries named', async (t) => {
  const { app } = await startApp(t, { clock: new TestClock(Date.parse('2026-05-01T08:00:00Z')).read, demoData: false });
  const get = (query: string) => app.inject({ url: `/api/holidays?${query}` });
  const year = await get('country=CH');
  t.equal(year.statusCode, 200);
  t.match(year.json(), { country: 'CH', from: '2026-01-01', to: '2026-12-31' }, 'this year by default');
  t.ok(
    year.json().holidays.some((h: { date: string }) => h.date === '2026-12-25'),
    'Christmas in Switzerland',
  );
  const french = await get('country=CH&from=2026-12-25&to=2026-12-25&lang=fr');
  t.same(french.json().holidays, [{ date: '2026-12-25', name: 'Noël', predicted: false, corrected: false }], 'in French');
  const cases: [string, string, string][] = [
    ['', 'country', 'required'],
    ['country=ZZ', 'country', 'notACountryCode'],
    ['country=EG&from=2026-13-01', 'from', 'format'],
    ['country=EG&from=2026-05-01&to=2026-04-01', 'to', 'periodBackwards'],
    ['country=EG&from=2020-01-01&to=2026-01-01', 'to', 'periodTooLong'],
    ['country=EG&lang=de', 'lang', 'oneOf'],
  ];
  for (const [query, field, code] of cases) {
    const res = await get(query);
    t.equal(res.statusCode, 400, `${query}: 400`);
    t.match(res.json(), { field, code }, `names ${field}`);
  }
});
