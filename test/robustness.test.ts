import net, { type AddressInfo } from 'node:net';
import t from 'tap';
import { loadConfig } from '../src/config.js';
import { startApp, tempDir, TestClock, workshopBody } from './support/helpers.js';

/** What one client can do to the others (issue 11, in part): proxies, slow requests. */

t.test('behind a proxy, each office is its own client for the failure limit', async (t) => {
  const clock = new TestClock();
  const { app, auth } = await startApp(t, { clock: clock.read, authFailureLimit: 2, trustProxy: '127.0.0.1' });
  const post = (authorization: string, client: string) =>
    app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization, 'x-forwarded-for': client },
      payload: workshopBody,
      remoteAddress: '127.0.0.1',
    });
  for (let i = 0; i < 2; i++) t.equal((await post('Bearer wrong', '203.0.113.9')).statusCode, 401);
  t.equal((await post('Bearer wrong', '203.0.113.9')).statusCode, 429, 'the guessing client is limited');
  t.equal((await post('Bearer wrong', '198.51.100.7')).statusCode, 401, 'another client behind the same proxy is not');
  t.equal((await post(auth('ro-africa').authorization, '203.0.113.9')).statusCode, 201, 'and a valid token never is');
  // without TRUST_PROXY the header is not believed: a client cannot pick its own address
  const direct = await startApp(t, { clock: clock.read, authFailureLimit: 1 });
  const spoof = (client: string) =>
    direct.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: 'Bearer wrong', 'x-forwarded-for': client },
      payload: workshopBody,
    });
  t.equal((await spoof('192.0.2.1')).statusCode, 401);
  t.equal((await spoof('192.0.2.2')).statusCode, 429);
});

t.test('a request body sent a byte at a time is cut off at REQUEST_TIMEOUT_SECONDS', async (t) => {
  const { app, token } = await startApp(t, { requestTimeoutMs: 1500 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => (answer += d));
  socket.write(
    `POST /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token('ro-africa')}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
  );
  const drip = setInterval(() => socket.writable && socket.write(' '), 200);
  const started = Date.now();
  await new Promise<void>((resolve) => socket.on('close', () => resolve()));
  clearInterval(drip);
  const took = Date.now() - started;
  t.ok(took >= 1400 && took < 6000, `closed after ${took} ms`);
  t.match(answer, /^HTTP\/1\.1 408/, 'with 408 Request Timeout');
  t.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200, 'the service goes on');
});

t.test('TRUST_PROXY and REQUEST_TIMEOUT_SECONDS are read and checked', async (t) => {
  t.equal(loadConfig({}).trustProxy, false);
  t.equal(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy, '127.0.0.1,10.0.0.0/8');
  t.throws(() => loadConfig({ TRUST_PROXY: 'everyone' }), /TRUST_PROXY must be the proxies' addresses/);
  t.equal(loadConfig({}).requestTimeoutMs, 30_000);
  t.equal(loadConfig({ REQUEST_TIMEOUT_SECONDS: '5' }).requestTimeoutMs, 5000);
  t.throws(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '0' }), /REQUEST_TIMEOUT_SECONDS/);
});

t.test('values that broke the service are refused at the door: 400 naming the field, nothing written', async (t) => {
  const { app, auth } = await startApp(t, { clock: new TestClock(Date.parse('2027-01-04T08:00:00Z')).read, demoData: false });
  const { dumpData } = await import('./support/helpers.js');
  const call = {
    ...workshopBody,
    kind: 'coordination-call',
    start: '2027-01-12T14:00',
    end: '2027-01-12T15:00',
    timeZone: 'Europe/Zurich',
  };
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'two occurrences a day (the outbox key clash that kept the service down)',
      { ...call, recurrence: 'FREQ=DAILY;BYHOUR=9,14;COUNT=4' },
      'recurrence',
      /BYHOUR is not supported/,
    ],
    [
      'an interval that hung expansion',
      { ...call, recurrence: 'FREQ=DAILY;INTERVAL=999999999;COUNT=500' },
      'recurrence',
      /INTERVAL must be a whole number from 1 to 1000/,
    ],
    ['a negative interval', { ...call, recurrence: 'FREQ=DAILY;INTERVAL=-1;COUNT=5' }, 'recurrence', /INTERVAL/],
    [
      '30 February, which hung expansion',
      { ...call, recurrence: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5' },
      'recurrence',
      /need FREQ=MONTHLY or YEARLY/,
    ],
    ['30 February, monthly', { ...call, recurrence: 'FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;COUNT=5' }, 'recurrence', /match no date/],
    ['a week 53', { ...call, recurrence: 'FREQ=YEARLY;BYWEEKNO=53;COUNT=5' }, 'recurrence', /BYWEEKNO is not supported/],
    ['day 0 of the month', { ...call, recurrence: 'FREQ=MONTHLY;BYMONTHDAY=0;COUNT=5' }, 'recurrence', /BYMONTHDAY takes days/],
    ['UNTIL before the start', { ...call, recurrence: 'FREQ=WEEKLY;UNTIL=20260101' }, 'recurrence', /matches no date/],
    ['UNTIL in 9999', { ...call, recurrence: 'FREQ=YEARLY;UNTIL=99991231' }, 'recurrence', /UNTIL must be within the years 1900 to 2200/],
    [
      '500 years',
      { ...call, recurrence: 'FREQ=YEARLY;COUNT=500' },
      'recurrence',
      /only 174 of its 500 occurrences fall on dates up to 2200/,
    ],
    [
      'a daily rule with an UNTIL years away, past the 500 occurrences the service expands',
      { ...call, recurrence: 'FREQ=DAILY;UNTIL=20301231' },
      'recurrence',
      /more than 500 occurrences before its UNTIL/,
    ],
    ['COUNT twice', { ...call, recurrence: 'FREQ=DAILY;COUNT=5;COUNT=9' }, 'recurrence', /COUNT is given twice/],
    ['an embedded DTSTART', { ...call, recurrence: 'FREQ=DAILY;COUNT=5;DTSTART=20270101' }, 'recurrence', /DTSTART is not supported/],
    ['RSCALE', { ...call, recurrence: 'RSCALE=HEBREW;FREQ=YEARLY;COUNT=5' }, 'recurrence', /RSCALE is not supported/],
    ['a position with a weekly rule', { ...call, recurrence: 'FREQ=WEEKLY;BYDAY=2TU;COUNT=5' }, 'recurrence', /without a position/],
    ['a sixth Tuesday', { ...call, recurrence: 'FREQ=MONTHLY;BYDAY=6TU;COUNT=5' }, 'recurrence', /from 1 to 5/],
    [
      'the last day of 9999, which looped the month grid',
      { ...workshopBody, start: '9999-12-31', end: '9999-12-31' },
      'start',
      /outside the years 1900 to 2200/,
    ],
    [
      '9998, which failed every feed',
      { ...workshopBody, start: '9998-06-01T10:00', end: '9998-06-01T11:00' },
      'start',
      /outside the years/,
    ],
    ['year 1', { ...workshopBody, start: '0001-06-01', end: '0001-06-01' }, 'start', /outside the years/],
    [
      '1820, local mean time',
      { ...workshopBody, timeZone: 'Africa/Abidjan', start: '1820-06-01', end: '1820-06-01' },
      'start',
      /outside the years/,
    ],
    ['an end past 2200', { ...workshopBody, start: '2200-12-31', end: '2201-01-01' }, 'end', /outside the years/],
    ['24:00', { ...workshopBody, start: '2027-03-05T09:00', end: '2027-03-05T24:00' }, 'end', /neither a date/],
    [
      '110,000 reminders from one request',
      {
        ...call,
        recurrence: 'FREQ=DAILY;COUNT=500',
        reminders: ['P1D', 'PT1H', 'PT2H', 'PT3H', 'PT4H', 'PT5H', 'PT6H', 'PT7H', 'PT8H', 'PT9H'],
        notify: Array.from({ length: 20 }, (_, i) => `p${i}@example.org`),
      },
      'reminders',
      /500 occurrences × 10 reminders × 22 recipients would plan 110000 reminders, more than the 2000/,
    ],
    ['a NUL in a title', { ...workshopBody, title: 'SG13\u0000 workshop' }, 'title', /one line without control characters/],
    ['a new line in a title (a new list item in the Markdown report)', { ...workshopBody, title: 'SG13\n# Heading' }, 'title', /one line/],
    ['a lone surrogate', { ...workshopBody, title: 'SG13 \uD800 workshop' }, 'title', /half of a surrogate pair/],
    ['a right-to-left override', { ...workshopBody, title: 'SG13 \u202Egnihsihp' }, 'title', /bidirectional override/],
    ['an invisible title', { ...workshopBody, title: '\u200B\u200B' }, 'title', /visible character/],
    ['a control character in a description', { ...workshopBody, description: 'Day one\u0007' }, 'description', /control characters/],
    ['a tab in a city', { ...workshopBody, venue: { city: 'Arusha\t', country: 'Tanzania', virtual: false } }, 'venue.city', /one line/],
    ['a partner with an isolate', { ...workshopBody, partners: ['ATU', 'EACO\u2066'] }, 'partners.1', /bidirectional/],
    [
      'a reminder to anyone outside ITU',
      { ...workshopBody, notify: ['ro-africa@example.org', 'someone@gmail.com'] },
      'notify.1',
      /'someone@gmail.com' is not at a domain reminders may go to \(example.org\)/,
    ],
    ['a look-alike domain', { ...workshopBody, notify: ['x@notexample.org'] }, 'notify.0', /not at a domain/],
  ];
  const tsb = auth('tsb');
  const before = dumpData(app);
  for (const [name, payload, field, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload });
    t.equal(res.statusCode, 400, `${name}: 400`);
    t.match(res.json(), { field, message }, `${name}: names ${field}`);
  }
  t.equal(dumpData(app), before, 'nothing written');
  // an occurrence moved to 9999
  const series = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('tsb'),
      payload: { ...call, recurrence: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3' },
    })
  ).json() as { id: string };
  const moved = await app.inject({
    method: 'PUT',
    url: `/api/events/${series.id}/occurrences/2027-02-09`,
    headers: auth('tsb'),
    payload: { start: '9999-02-09T14:00', end: '9999-02-09T15:00' },
  });
  t.equal(moved.statusCode, 400);
  t.match(moved.json(), { field: 'start', message: /outside the years/ });
  // the edges themselves are fine
  for (const [start, end] of [
    ['1900-01-01', '1900-01-01'],
    ['2200-12-31', '2200-12-31'],
    ['2027-03-05T23:59', '2027-03-06T00:00'],
  ]) {
    t.equal(
      (await app.inject({ method: 'POST', url: '/api/events', headers: auth('tsb'), payload: { ...workshopBody, start, end } })).statusCode,
      201,
      `${start} to ${end}`,
    );
  }
  t.equal(
    (
      await app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth('tsb'),
        payload: { ...call, recurrence: 'FREQ=MONTHLY;BYMONTHDAY=-1;BYMONTH=2,8;INTERVAL=1;WKST=MO;COUNT=4' },
      })
    ).statusCode,
    201,
    'a rule with every supported part',
  );
  const arabic = { ...workshopBody, title: 'ورشة عمل \u200Fلجنة الدراسات 13', description: 'Day one\n\tDay two\r\nDay three' };
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/events', headers: auth('tsb'), payload: arabic })).statusCode,
    201,
    'Arabic with a right-to-left mark, a description over lines',
  );
  t.equal((await app.inject('/feeds/all.ics')).statusCode, 200, 'and the feeds serve them');
});

t.test('a rule is stored, served and published in one canonical form', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const { unfold } = await import('./support/ics.js');
  const call = {
    ...workshopBody,
    kind: 'coordination-call',
    start: '2027-01-06T14:00',
    end: '2027-01-06T15:00',
    timeZone: 'Europe/Zurich',
  };
  const spellings: [string, string][] = [
    ['COUNT=3;BYDAY=+1WE;FREQ=MONTHLY;INTERVAL=01', 'FREQ=MONTHLY;BYDAY=1WE;COUNT=3'],
    ['FREQ=WEEKLY;BYDAY=TH,WE,TU,WE;UNTIL=20270131;WKST=MO', 'FREQ=WEEKLY;BYDAY=TU,WE,TH;UNTIL=20270131'],
    ['FREQ=YEARLY;BYMONTH=12,01,1;BYMONTHDAY=-1,6;COUNT=5', 'FREQ=YEARLY;BYMONTH=1,12;BYMONTHDAY=-1,6;COUNT=5'],
    ['FREQ=DAILY;INTERVAL=2;WKST=SU;COUNT=007', 'FREQ=DAILY;INTERVAL=2;WKST=SU;COUNT=7'],
  ];
  for (const [i, [sent, canonical]] of spellings.entries()) {
    const created = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('tsb'),
      payload: { ...call, title: `Rule ${i}`, recurrence: sent },
    });
    t.equal(created.statusCode, 201, sent);
    t.equal(created.json().recurrence, canonical, `${sent} is stored as ${canonical}`);
    const lines = unfold((await app.inject('/feeds/all.ics')).body);
    const from = lines.indexOf(`SUMMARY:Rule ${i}`);
    const block = lines.slice(lines.lastIndexOf('BEGIN:VEVENT', from), lines.indexOf('END:VEVENT', from));
    // RFC 5545 wants a zoned series' UNTIL in UTC: 31 January 23:59:59 in Geneva
    t.same(
      block.filter((l) => l.startsWith('RRULE:')),
      [`RRULE:${canonical.replace('UNTIL=20270131', 'UNTIL=20270131T225959Z')}`],
      'and published in the same form',
    );
  }
  // a PATCH with the same rule spelled otherwise is no change: the moved occurrence stays
  const series = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('tsb'),
      payload: { ...call, recurrence: 'FREQ=MONTHLY;BYDAY=1WE;COUNT=3' },
    })
  ).json() as { id: string };
  const movedOne = await app.inject({
    method: 'PUT',
    url: `/api/events/${series.id}/occurrences/2027-02-03`,
    headers: auth('tsb'),
    payload: { start: '2027-02-04T14:00', end: '2027-02-04T15:00' },
  });
  t.equal(movedOne.statusCode, 200);
  const sequence = (await app.inject(`/api/events/${series.id}`)).json().sequence as number;
  const same = await app.inject({
    method: 'PATCH',
    url: `/api/events/${series.id}`,
    headers: auth('tsb'),
    payload: { recurrence: 'COUNT=3;FREQ=MONTHLY;BYDAY=+1WE;INTERVAL=1' },
  });
  t.equal(same.statusCode, 200);
  t.equal(same.json().recurrence, 'FREQ=MONTHLY;BYDAY=1WE;COUNT=3');
  t.equal(same.json().sequence, sequence, 'nothing changed, so no new sequence');
  t.equal(same.json().overrides.length, 1, 'the move is kept');
});

t.test("notify takes the offices' and TSB's domains, or NOTIFY_DOMAINS", async (t) => {
  const defaults = await startApp(t, { demoData: false, officeEmails: { 'ro-africa': ['africa@itu.int'] } });
  const post = (app: typeof defaults.app, authorization: string, notify: string[]) =>
    app.inject({ method: 'POST', url: '/api/events', headers: { authorization }, payload: { ...workshopBody, notify } });
  t.equal(
    (await post(defaults.app, defaults.auth('ro-africa').authorization, ['colleague@itu.int', 'x@sub.itu.int', 'focal@example.org']))
      .statusCode,
    201,
    "an office's domain, its subdomains, TSB's focal point's",
  );
  t.equal((await post(defaults.app, defaults.auth('ro-africa').authorization, ['a@un.org'])).statusCode, 400);
  const configured = await startApp(t, { demoData: false, notifyDomains: ['un.org'] });
  t.equal(
    (await post(configured.app, configured.auth('ro-africa').authorization, ['a@UN.org'])).statusCode,
    201,
    'a configured domain, in any case',
  );
  t.match(
    (await post(configured.app, configured.auth('ro-africa').authorization, ['ro-africa@example.org'])).json(),
    { field: 'notify.0', message: /\(un.org\)/ },
    'only those',
  );
  t.same(loadConfig({ NOTIFY_DOMAINS: ' itu.int, UN.org,itu.int' }).notifyDomains, ['itu.int', 'un.org']);
  t.equal(loadConfig({}).notifyDomains, null);
  t.throws(
    () => loadConfig({ NOTIFY_DOMAINS: 'itu.int,@un.org' }),
    /NOTIFY_DOMAINS must be domains separated by commas \(itu.int,un.org\), got '@un.org'/,
  );
});

t.test('public replies carry no e-mail addresses; staff see them', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const created = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, notify: ['secretariat@example.org'] },
    })
  ).json();
  t.same(created.notify, ['secretariat@example.org'], 'the writer sees what it wrote');
  const anonymous = await app.inject({ url: `/api/events/${created.id}` });
  t.notMatch(anonymous.body, /@/, 'one event, anonymously');
  t.notMatch((await app.inject({ url: '/api/events' })).body, /@/, 'the list, anonymously');
  t.same(
    (await app.inject({ url: `/api/events/${created.id}`, headers: auth('ro-cis') })).json().notify,
    ['secretariat@example.org'],
    'any office token sees it',
  );
  t.same((await app.inject({ url: '/api/events', headers: auth('tsb') })).json().items[0].notify, ['secretariat@example.org']);
  t.notMatch(
    (await app.inject({ url: `/api/events/${created.id}`, headers: { authorization: 'Bearer not.valid' } })).body,
    /@/,
    'a wrong token reads as anyone',
  );
});

t.test('a row from before the rules (dated 9998) is left out of the feeds, which go on serving', async (t) => {
  const { app, auth, config } = await startApp(t, { demoData: false });
  const good = (await app.inject({ method: 'POST', url: '/api/events', headers: auth('ro-africa'), payload: workshopBody })).json();
  const bad = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, title: 'From long ago' },
    })
  ).json();
  // what the API let through before the years were bounded: it used to fail every feed
  app.root.stores.db.$client
    .prepare(
      "update events set start_local = '9998-06-01T10:00', end_local = '9998-06-01T11:00', start_date = '9998-06-01', end_date = '9998-06-01', start_at = '9998-06-01T10:00:00.000Z', end_at = '9998-06-01T11:00:00.000Z' where id = ?",
    )
    .run(bad.id);
  app.root.feedCache.invalidate(Date.now());
  for (const url of ['/feeds/all.ics', '/feeds/regions/africa.ics', '/feeds/offices/ro-africa.ics', '/feeds/kinds/workshop.ics']) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 200, `${url} is served`);
    t.match(res.body, good.id, 'with the good event');
    t.notMatch(res.body, bad.id, 'without the bad one');
  }
  const metrics = await app.inject({ url: '/metrics', headers: auth('tsb') });
  t.match(metrics.body, /^feed_render_failures_total [1-9]\d*$/m, 'counted');
  const { exportFeeds } = await import('../src/cli/export-feeds.js');
  const exported = exportFeeds({ DATABASE_PATH: config.databasePath, DEMO_DATA: '0' }, tempDir(t));
  t.match(exported.leftOut.get(bad.id), /outside the years 1900 to 2200/, 'the static export says what it left out');
  t.ok(exported.written.length > 10, 'and writes the rest');
});

t.test('TSB sees the events that fail, in GET /api/health/events, and the metrics count them', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  const post = (payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/events', headers: auth('tsb'), payload }).then((r) => r.json() as { id: string });
  const good = await post(workshopBody);
  const old = await post({ ...workshopBody, title: 'Dated 9998' });
  const twice = await post({
    ...workshopBody,
    title: 'Twice a day',
    kind: 'coordination-call',
    start: '2027-01-12T09:00',
    end: '2027-01-12T10:00',
    recurrence: 'FREQ=DAILY;COUNT=4',
  });
  const sqlite = app.root.stores.db.$client;
  // rows an older release let through
  sqlite
    .prepare(
      "update events set start_local = '9998-06-01T10:00', end_local = '9998-06-01T11:00', start_at = '9998-06-01T10:00:00.000Z', end_at = '9998-06-01T11:00:00.000Z' where id = ?",
    )
    .run(old.id);
  sqlite.prepare("update events set recurrence = 'FREQ=DAILY;BYHOUR=9,14;COUNT=4' where id = ?").run(twice.id);
  sqlite.prepare('delete from reminders where event_id = ?').run(twice.id);
  t.equal((await app.inject({ url: '/api/health/events' })).statusCode, 401);
  t.equal((await app.inject({ url: '/api/health/events', headers: auth('ro-africa') })).statusCode, 403, 'TSB only');
  const res = await app.inject({ url: '/api/health/events', headers: auth('tsb') });
  t.equal(res.statusCode, 200);
  const { checked, problems } = res.json() as {
    checked: number;
    problems: { event: string; title: string; part: string; message: string }[];
  };
  t.equal(checked, 3);
  t.notOk(
    problems.some((p) => p.event === good.id),
    'the good event is not listed',
  );
  t.match(
    problems.filter((p) => p.event === old.id),
    [
      { title: 'Dated 9998', part: 'rules', message: /^start: .*outside the years 1900 to 2200/ },
      { part: 'feeds', message: /left out of the feeds: an occurrence \(9998-06-01T10:00\) lies outside the years/ },
    ],
  );
  t.match(
    problems.filter((p) => p.event === twice.id),
    [
      { part: 'rules', message: /^recurrence: BYHOUR is not supported/ },
      { part: 'reminders', message: /two occurrences fall on 2027-01-12/ },
    ],
  );
  // planning every event (a start, a cron run) goes on past the broken one and counts it
  const { failed } = app.root.reminders.planner.planAll();
  t.same(
    failed.map((f) => f.event),
    [twice.id],
  );
  t.match((await app.inject({ url: '/metrics', headers: auth('tsb') })).body, /^reminder_plan_failures_total 1$/m);
  t.ok(
    (sqlite.prepare('select count(*) n from reminders where event_id = ?').get(good.id) as { n: number }).n > 0,
    'the good event is planned',
  );
});

t.test('the month grid of December 9999 ends', async (t) => {
  const { daysBetween } = await import('../src/ui/time.js');
  t.same(daysBetween('9999-12-30', '9999-12-31'), ['9999-12-30', '9999-12-31'], 'no string comparison with +010000-01-01');
  const { app } = await startApp(t, { demoData: false });
  const page = await app.inject('/?view=month&month=9999-12');
  t.equal(page.statusCode, 200);
  t.match(page.body, /December 9999/);
});

t.test('an offset past any page is a 400, not a 500', async (t) => {
  const { app, auth } = await startApp(t, { demoData: false });
  for (const url of ['/api/events?offset=99999999999999999999', '/api/reminders?offset=99999999999999999999']) {
    const res = await app.inject({ url, headers: auth('tsb') });
    t.equal(res.statusCode, 400, url);
    t.match(res.json(), { field: 'offset' });
  }
  t.equal((await app.inject('/api/events?offset=1000000')).statusCode, 200, 'the largest offset is fine');
});

t.test('every answer carries nosniff and no-referrer; HTML documents a strict policy', async (t) => {
  const { app } = await startApp(t, { demoData: false });
  for (const url of [
    '/api/events',
    '/api/events/none',
    '/feeds/all.ics',
    '/feeds/nothing.ics',
    '/api/reports/activity?from=2024-01-01&to=2024-12-31&format=html',
    '/health',
    '/docs',
    '/openapi.json',
    '/',
    '/sign-in',
    '/subscribe',
    '/no-such-page',
  ]) {
    const res = await app.inject(url);
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`);
    // a page's links and a feed's address never travel on in a Referer
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${url}: no-referrer`);
  }
  const report = await app.inject('/api/reports/activity?from=2024-01-01&to=2024-12-31&format=html');
  t.match(report.headers['content-security-policy'], /default-src 'none'.*frame-ancestors 'none'/, 'the HTML report runs no script');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const missing = await fetch(`http://127.0.0.1:${port}/feeds/nothing.ics`);
  t.equal(missing.status, 404);
  t.equal(missing.headers.get('x-content-type-options'), 'nosniff', 'the fast path too');
  t.equal(missing.headers.get('referrer-policy'), 'no-referrer');
});
