import t, { type Test } from 'tap';
import { runTokenCommand } from '../src/cli/token.js';
import { signInWith, startApp, TestClock, workshopBody } from './support/helpers.js';

// Every change through the API, the pages or the command line leaves exactly one row in the audit
// log, in its own transaction, saying who (the office and its token), when, and which fields from
// what to what; never a secret.

async function setUp(t: Test) {
  const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
  const started = await startApp(t, { clock: clock.read });
  const { app } = started;
  const made = app.root.stores.tokens.create('ro-africa', 'audit test', clock.read().toISOString());
  const africa = { authorization: `Bearer ${made.token}` };
  const rows = () =>
    app.root.stores.db.$client.prepare('select * from audit order by id').all() as {
      id: number;
      action: string;
      event_id: string | null;
      subject: string | null;
      office_id: string;
      token_id: string | null;
      changes: string;
      at: string;
    }[];
  /** The rows fn added: exactly one is expected of every change. */
  const added = async (t: Test, what: string, fn: () => Promise<unknown> | unknown) => {
    const before = rows().length;
    clock.advance(60_000);
    await fn();
    const after = rows();
    t.equal(after.length, before + 1, `${what}: exactly one audit row`);
    const row = after.at(-1)!;
    return { ...row, changes: JSON.parse(row.changes) as { field: string; from: unknown; to: unknown }[] };
  };
  return { ...started, clock, africa, africaToken: made, rows, added };
}

t.test('each write route: one row with who, when and the diff', async (t) => {
  const { app, africa, africaToken, added, rows, clock } = await setUp(t);
  let id = '';
  const created = await added(t, 'POST /api/events', async () => {
    id = (
      await app.inject({
        method: 'POST',
        url: '/api/events',
        headers: africa,
        payload: { ...workshopBody, recurrence: 'FREQ=WEEKLY;COUNT=4' },
      })
    ).json().id;
  });
  t.match(created, {
    action: 'event.created',
    event_id: id,
    office_id: 'ro-africa',
    token_id: africaToken.info.id,
    at: clock.read().toISOString(),
  });
  t.same(
    created.changes.find((c) => c.field === 'title'),
    { field: 'title', from: null, to: workshopBody.title },
  );
  t.same(
    created.changes.find((c) => c.field === 'venue.city'),
    { field: 'venue.city', from: null, to: 'Arusha' },
  );

  const changed = await added(t, 'PATCH /api/events/:id', () =>
    app.inject({
      method: 'PATCH',
      url: `/api/events/${id}`,
      headers: africa,
      payload: { title: 'Renamed workshop', venue: { city: 'Dodoma' } },
    }),
  );
  t.equal(changed.action, 'event.changed');
  t.same(changed.changes, [
    { field: 'title', from: workshopBody.title, to: 'Renamed workshop' },
    { field: 'venue.city', from: 'Arusha', to: 'Dodoma' },
  ]);
  const reminders = await added(t, 'a reminder setting', () =>
    app.inject({ method: 'PATCH', url: `/api/events/${id}`, headers: africa, payload: { reminders: ['P2D'] } }),
  );
  t.same(reminders.changes, [{ field: 'reminders', from: null, to: ['P2D'] }], 'not in any calendar, still recorded');

  const count = rows().length;
  await app.inject({ method: 'PATCH', url: `/api/events/${id}`, headers: africa, payload: { title: 'Renamed workshop' } });
  t.equal(rows().length, count, 'a change that changes nothing records nothing');
  await app.inject({ method: 'PATCH', url: `/api/events/${id}`, headers: africa, payload: { title: '' } });
  await app.inject({ method: 'PATCH', url: `/api/events/${id}`, headers: { authorization: 'Bearer nope.nope' }, payload: { title: 'x' } });
  t.equal(rows().length, count, 'a refused change records nothing');

  const moved = await added(t, 'PUT occurrence (move)', () =>
    app.inject({
      method: 'PUT',
      url: `/api/events/${id}/occurrences/2024-03-12`,
      headers: africa,
      payload: { start: '2024-03-13T09:00', end: '2024-03-13T17:30' },
    }),
  );
  t.match(moved, { action: 'occurrence.moved', subject: '2024-03-12' });
  t.same(moved.changes, [
    { field: 'start', from: '2024-03-12T09:00', to: '2024-03-13T09:00' },
    { field: 'end', from: '2024-03-12T17:30', to: '2024-03-13T17:30' },
  ]);
  const skipped = await added(t, 'PUT occurrence (skip)', () =>
    app.inject({ method: 'PUT', url: `/api/events/${id}/occurrences/2024-03-19`, headers: africa, payload: { cancelled: true } }),
  );
  t.match(skipped, { action: 'occurrence.skipped', subject: '2024-03-19' });
  t.same(skipped.changes, [{ field: 'cancelled', from: false, to: true }]);

  clock.set('2024-04-01T08:00:00Z');
  const figures = await added(t, 'PUT attendance', () =>
    app.inject({ method: 'PUT', url: `/api/events/${id}/attendance`, headers: africa, payload: { participants: 40, countries: 5 } }),
  );
  t.equal(figures.action, 'figures.registered');
  t.same(figures.changes, [
    { field: 'participants', from: null, to: 40 },
    { field: 'countries', from: null, to: 5 },
  ]);
  const corrected = await added(t, 'a correction', () =>
    app.inject({ method: 'PUT', url: `/api/events/${id}/attendance`, headers: africa, payload: { participants: 42, countries: 5 } }),
  );
  t.same(corrected.changes, [{ field: 'participants', from: 40, to: 42 }]);

  const cancelled = await added(t, 'POST cancel', () => app.inject({ method: 'POST', url: `/api/events/${id}/cancel`, headers: africa }));
  t.match(cancelled, { action: 'event.cancelled' });
  t.same(cancelled.changes, [{ field: 'status', from: 'confirmed', to: 'cancelled' }]);

  // the history, for any office token, oldest first
  t.equal((await app.inject(`/api/events/${id}/history`)).statusCode, 401, 'not for anonymous readers');
  const history = await app.inject({
    url: `/api/events/${id}/history`,
    headers: { authorization: `Bearer ${app.root.stores.tokens.create('ro-europe', 'reader', clock.read().toISOString()).token}` },
  });
  t.equal(history.statusCode, 200, 'another office reads it too: all ITU staff');
  t.same(
    history.json().map((e: { action: string }) => e.action),
    [
      'event.created',
      'event.changed',
      'event.changed',
      'occurrence.moved',
      'occurrence.skipped',
      'figures.registered',
      'figures.registered',
      'event.cancelled',
    ],
  );
  t.same(history.json()[1].changes, changed.changes);
  t.equal(history.json()[0].token, africaToken.info.id);
  t.equal((await app.inject({ url: '/api/events/nope/history', headers: africa })).statusCode, 404);
});

t.test('the command line and the pages leave their rows too; no secret anywhere in the log', async (t) => {
  const { app, config, added, rows, africa, clock } = await setUp(t);
  const printed: string[] = [];
  const viaCli = await added(t, 'npm run token -- create', () =>
    runTokenCommand(['create', '--office', 'ro-europe', '--label', 'Geneva desk'], { DATABASE_PATH: config.databasePath }, (l) =>
      printed.push(l),
    ),
  );
  const secret = printed[1]!;
  t.match(viaCli, { action: 'token.created', event_id: null, subject: secret.split('.')[0], office_id: 'tsb', token_id: null });
  t.same(viaCli.changes, [
    { field: 'office', from: null, to: 'ro-europe' },
    { field: 'label', from: null, to: 'Geneva desk' },
  ]);
  const revoked = await added(t, 'npm run token -- revoke', () =>
    runTokenCommand(['revoke', secret.split('.')[0]!], { DATABASE_PATH: config.databasePath }, () => {}),
  );
  t.match(revoked, { action: 'token.revoked', subject: secret.split('.')[0] });

  // the office pages: signed in with a token, the row names that token
  const pageToken = app.root.stores.tokens.create('ro-africa', 'pages', clock.read().toISOString());
  const { cookie: session, csrf } = await signInWith(app, pageToken.token);
  const fields = {
    csrf,
    title: 'Made on the page',
    kind: 'workshop',
    status: 'confirmed',
    office: 'ro-africa',
    region: 'africa',
    'venue.city': 'Abidjan',
    timeZone: 'Africa/Abidjan',
    // a day nothing collides with (the demo events end in 2027): saved at once, without warnings
    start: '2030-03-05T09:00',
    end: '2030-03-05T17:00',
  };
  const viaPage = await added(t, 'POST /events/new', () =>
    app.inject({
      method: 'POST',
      url: '/events/new',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: { session },
      payload: new URLSearchParams(fields).toString(),
    }),
  );
  t.match(viaPage, { action: 'event.created', office_id: 'ro-africa', token_id: pageToken.info.id });

  // the event page shows the history to signed-in staff only
  const page = await app.inject({ url: `/events/${viaPage.event_id}`, cookies: { session } });
  t.match(page.body, '<h2>History</h2>');
  t.match(page.body, /ITU Regional Office for Africa created the event/);
  t.notMatch((await app.inject(`/events/${viaPage.event_id}`)).body, '<h2>History</h2>', 'not to anonymous readers');

  const everything = JSON.stringify(rows());
  for (const token of [secret, pageToken.token, africa.authorization.slice(7)])
    t.notMatch(everything, token.split('.')[1]!, 'no secret in the log');
});

t.test('GET /api/audit: TSB reads the whole log by dates and office', async (t) => {
  const { app, africa, clock } = await setUp(t);
  const tsb = { authorization: `Bearer ${app.root.stores.tokens.create('tsb', 'tsb', clock.read().toISOString()).token}` };
  await app.inject({ method: 'POST', url: '/api/events', headers: africa, payload: workshopBody });
  clock.set('2024-02-10T08:00:00Z');
  await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: { ...workshopBody, title: 'By TSB' } });

  t.equal((await app.inject({ url: '/api/audit', headers: africa })).statusCode, 403, 'an office reads histories, not the whole log');
  const all = await app.inject({ url: '/api/audit', headers: tsb });
  t.same(
    all.json().map((e: { office: string }) => e.office),
    ['ro-africa', 'tsb'],
  );
  t.same((await app.inject({ url: '/api/audit?office=tsb', headers: tsb })).json().length, 1);
  t.same(
    (await app.inject({ url: '/api/audit?from=2024-02-01&to=2024-02-10', headers: tsb })).json().map((e: { office: string }) => e.office),
    ['tsb'],
    'to is inclusive',
  );
  t.same((await app.inject({ url: '/api/audit?to=2024-01-31', headers: tsb })).json().length, 1);
  for (const [query, field] of [
    ['office=ro-mars', 'office'],
    ['from=2024-02-10&to=2024-02-01', 'to'],
    ['from=yesterday', 'from'],
    ['colour=red', 'colour'],
  ] as const) {
    const res = await app.inject({ url: `/api/audit?${query}`, headers: tsb });
    t.equal(res.statusCode, 400, query);
    t.equal(res.json().field, field, query);
  }
});
