import t from 'tap';
import { FailureLimiter } from '../src/services/access.js';
import { dumpData, startApp, TestClock, workshopBody } from './support/helpers.js';

t.test('who may write what', async (t) => {
  // the failure limit has its own test below
  const { app, auth, token } = await startApp(t, { authFailureLimit: 1000 });
  const create = (headers: Record<string, string>, body: object = workshopBody) =>
    app.inject({ method: 'POST', url: '/api/events', headers, payload: body });
  const african = (await create(auth('ro-africa'))).json();

  t.test('no, bad, unknown and revoked tokens: 401, the same answer', async (t) => {
    const revoked = app.root.stores.tokens.create('ro-africa', null, new Date().toISOString());
    app.root.stores.tokens.revoke(revoked.info.id, new Date().toISOString());
    const before = dumpData(app);
    const answers = [];
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: 'Bearer nonsense' },
      { authorization: 'Bearer AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      { authorization: `Bearer ${revoked.token}` },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: `Bearer ${token('ro-africa')}x` },
    ]) {
      const res = await create(headers);
      t.equal(res.statusCode, 401);
      t.equal(res.headers['www-authenticate'], 'Bearer realm="itu-regional-calendar"');
      answers.push(res.body);
      const patch = await app.inject({ method: 'PATCH', url: `/api/events/${african.id}`, headers, payload: { title: 'x' } });
      t.equal(patch.statusCode, 401);
      const cancel = await app.inject({ method: 'POST', url: `/api/events/${african.id}/cancel`, headers });
      t.equal(cancel.statusCode, 401);
    }
    t.equal(new Set(answers).size, 1, 'unknown and revoked tokens get the same answer');
    // token rows aside, nothing changed
    t.equal(JSON.parse(dumpData(app))[0].length, JSON.parse(before)[0].length);
    t.same(JSON.parse(dumpData(app)).slice(0, 3), JSON.parse(before).slice(0, 3));
  });

  t.test("another office's event: 403 and nothing changes", async (t) => {
    const before = dumpData(app);
    const americas = auth('ro-americas');
    const c = await create(americas);
    t.equal(c.statusCode, 403, 'cannot create for another office');
    t.match(c.json().message, /ro-americas/);
    const p = await app.inject({ method: 'PATCH', url: `/api/events/${african.id}`, headers: americas, payload: { title: 'Taken over' } });
    t.equal(p.statusCode, 403);
    const x = await app.inject({ method: 'POST', url: `/api/events/${african.id}/cancel`, headers: americas });
    t.equal(x.statusCode, 403);
    const handOver = await app.inject({
      method: 'PATCH',
      url: `/api/events/${african.id}`,
      headers: auth('ro-africa'),
      payload: { office: 'ro-americas' },
    });
    t.equal(handOver.statusCode, 403, 'an office cannot give its event away');
    const tables = (s: string) => JSON.parse(s).slice(0, 3);
    t.same(tables(dumpData(app)), tables(before));
  });

  t.test('the organizing office and TSB may change it', async (t) => {
    const own = await app.inject({
      method: 'PATCH',
      url: `/api/events/${african.id}`,
      headers: auth('ro-africa'),
      payload: { title: 'Renamed by the office' },
    });
    t.equal(own.statusCode, 200);
    const tsb = await app.inject({
      method: 'PATCH',
      url: `/api/events/${african.id}`,
      headers: auth('tsb'),
      payload: { office: 'ao-dakar' },
    });
    t.equal(tsb.statusCode, 200);
    t.equal(tsb.json().office, 'ao-dakar');
    const dakar = await app.inject({ method: 'POST', url: `/api/events/${african.id}/cancel`, headers: auth('ao-dakar') });
    t.equal(dakar.json().status, 'cancelled', 'the new organizer now may');
  });

  t.test('reads stay public', async (t) => {
    for (const url of ['/api/events', `/api/events/${african.id}`, '/api/regions', '/api/offices', '/api/groups']) {
      t.equal((await app.inject({ url })).statusCode, 200, url);
    }
  });
});

t.test('repeated failures from one client get 429 with Retry-After, for a while', async (t) => {
  const clock = new TestClock();
  const { app, auth } = await startApp(t, { clock: clock.read, authFailureLimit: 3, authFailureWindowMs: 60_000 });
  const attempt = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/events', headers, payload: workshopBody });
  for (let i = 0; i < 3; i++) t.equal((await attempt({ authorization: 'Bearer wrong' })).statusCode, 401);
  const limited = await attempt({ authorization: 'Bearer wrong' });
  t.equal(limited.statusCode, 429);
  t.equal(limited.headers['retry-after'], '60');
  const good = await attempt(auth('ro-africa'));
  t.equal(good.statusCode, 201, "a valid token is never refused for failures from its address (behind a proxy, everyone's)");
  t.equal((await attempt({ authorization: 'Bearer wrong' })).statusCode, 429, 'and a success does not reset the count of failures');
  const other = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: workshopBody,
    remoteAddress: '10.1.1.1',
  });
  t.equal(other.statusCode, 201, 'other clients are not affected');
  clock.advance(30_000);
  t.equal((await attempt({ authorization: 'Bearer wrong' })).headers['retry-after'], '30');
  clock.advance(30_001);
  t.equal((await attempt(auth('ro-africa'))).statusCode, 201, 'after the window the client may try again');
  t.equal((await attempt({ authorization: 'Bearer wrong' })).statusCode, 401);
});

t.test('the failure limiter stays bounded and still holds a client that keeps failing', async (t) => {
  const clock = new TestClock();
  const limiter = new FailureLimiter(3, 60_000, clock.read);
  // as requireToken does: a refused attempt is not counted
  const attempt = (client: string) => {
    const wait = limiter.retryAfter(client);
    if (wait === 0) limiter.fail(client);
    return wait;
  };
  const guesser = '203.0.113.9';
  for (let i = 0; i < 3; i++) t.equal(attempt(guesser), 0);
  let refused = 0;
  for (let i = 0; i < 20_000; i++) {
    attempt(`10.0.${i >> 8}.${i & 255}`);
    if (i % 1000 === 999 && attempt(guesser) === 60) refused++;
  }
  t.equal(limiter.tracked, 10_000, '20,000 addresses failing once: at most 10,000 tracked');
  t.equal(refused, 20, 'the guesser, trying again between every 1,000 of them, is refused each time');
  t.equal(limiter.retryAfter(guesser), 60);
  clock.advance(60_000);
  limiter.fail('198.51.100.7');
  t.equal(limiter.tracked, 1, 'after the window, a new failure forgets the ones whose failures all left it');
  t.equal(limiter.retryAfter(guesser), 0, 'the guesser too, its failures being old');
  for (let i = 0; i < 2; i++) t.equal(attempt('198.51.100.7'), 0);
  t.equal(attempt('198.51.100.7'), 60, 'and the limit holds as before');
});

t.test('the failure limiter’s trade-off: a client gone quiet while maxClients others fail is forgotten', async (t) => {
  const clock = new TestClock();
  const limiter = new FailureLimiter(2, 60_000, clock.read, 5);
  const fill = (from: number) => {
    for (let i = from; i < from + 5; i++) limiter.fail(`10.0.0.${i}`);
  };
  limiter.fail('203.0.113.9');
  limiter.fail('203.0.113.9');
  fill(0);
  t.equal(limiter.retryAfter('203.0.113.9'), 0, 'pushed out by 5 other addresses: a fresh 2 tries (see the why-comment)');
  limiter.fail('203.0.113.9');
  limiter.fail('203.0.113.9');
  fill(10);
  t.equal(limiter.tracked, 5);
  t.equal(limiter.retryAfter('203.0.113.9'), 0);
  limiter.fail('203.0.113.9');
  limiter.fail('203.0.113.9');
  for (let i = 20; i < 25; i++) {
    limiter.fail(`10.0.0.${i}`);
    t.equal(limiter.retryAfter('203.0.113.9'), 60, 'but not while it keeps trying');
  }
  t.equal(limiter.tracked, 5);
});

t.test('a read with a wrong bearer token counts as a failed sign-in: 429 past the limit, a valid token never refused', async (t) => {
  const clock = new TestClock();
  const { app, auth, token } = await startApp(t, { clock: clock.read, authFailureLimit: 3, authFailureWindowMs: 60_000 });
  const event = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('ro-africa'),
      payload: { ...workshopBody, notify: ['focal@example.org'] },
    })
  ).json();
  const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
  const read = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
  const wrong = { authorization: 'Bearer abcdef.guess' };
  const reads = [
    '/api/events',
    `/api/events/${event.id}`,
    `/api/events/${event.id}/attendance`,
    '/api/reports/activity?from=2024-01-01&to=2024-12-31',
  ];
  // below the limit a wrong token reads as nobody: the public answer, without the addresses
  t.equal((await read(reads[0]!, wrong)).statusCode, 200);
  const publicEvent = await read(reads[1]!, wrong);
  t.equal(publicEvent.statusCode, 200);
  t.notMatch(publicEvent.body, 'focal@example.org', 'answered as an anonymous read');
  // the third failure is a sign-in on the page: one budget for both
  const form = await app.inject('/sign-in');
  const signIn = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: { sign_in: form.cookies.find((c) => c.name === 'sign_in')!.value },
    payload: new URLSearchParams({ csrf: csrfOf(form.body), token: 'abcdef.guess' }).toString(),
  });
  t.equal(signIn.statusCode, 401);
  for (const url of reads) {
    const limited = await read(url, wrong);
    t.equal(limited.statusCode, 429, url);
    t.equal(limited.headers['retry-after'], '60');
  }
  t.equal((await read(reads[0]!, { authorization: 'Bearer' })).statusCode, 429, 'a bearer header without a token is a failed check too');
  t.equal((await read(reads[0]!)).statusCode, 200, 'a read without a token is not a failed check: it is answered');
  t.equal((await read(reads[0]!, { authorization: 'Basic dXNlcjpwYXNz' })).statusCode, 200, "nor is another scheme's header (a proxy's)");
  const staff = await read(reads[1]!, { authorization: `Bearer ${token('ro-africa')}` });
  t.equal(staff.statusCode, 200, 'a valid token is never refused for the failures of its address');
  t.match(staff.body, 'focal@example.org', 'and reads as staff');
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/events', headers: wrong, payload: workshopBody })).statusCode,
    429,
    'writes share the budget',
  );
  t.equal((await read(reads[0]!, wrong)).statusCode, 429);
  t.equal(
    (await app.inject({ url: reads[0]!, headers: wrong, remoteAddress: '10.1.1.1' })).statusCode,
    200,
    'other clients are not affected',
  );
  clock.advance(60_001);
  t.equal((await read(reads[0]!, wrong)).statusCode, 200, 'after the window, answered again');
});
