// The web pages' sessions are server-side ids: signing out, revoking the token, the end of their
// lifetime and a restore end them for every copy of the cookie, and neither the cookie nor the
// database holds anything a browser could present as the token or the session.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { runTokenCommand } from '../src/cli/token.js';
import { backupDatabase, restoreDatabase } from '../src/store/backup.js';
import { SESSION_SECONDS } from '../src/store/sessions.js';
import { dumpData, startApp, tempDir, TestClock, type TestApp, workshopBody } from './support/helpers.js';

const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
const SECRET = 'a session secret of at least thirty-two characters';
// one app for the file, built before the first test and closed after the last
let main: TestApp;
let app: FastifyInstance;
t.before(async () => {
  main = await startApp(t, { clock: clock.read, authFailureLimit: 1000, sessionSecret: SECRET });
  ({ app } = main);
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const encode = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in through the form with a token, as a browser would; an earlier session's cookie may come along. */
async function signIn(on: TestApp, token: string, current?: Session): Promise<Session> {
  const form = await on.app.inject('/sign-in');
  const cookies: Record<string, string> = { sign_in: form.cookies.find((c) => c.name === 'sign_in')!.value };
  if (current) cookies.session = current.cookie;
  const res = await on.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: FORM,
    cookies,
    payload: encode({ csrf: csrfOf(form.body), token }),
  });
  if (res.statusCode !== 303) throw new Error(`sign-in answered ${res.statusCode}`);
  const cookie = res.cookies.find((c) => c.name === 'session')!.value;
  const page = await on.app.inject({ url: '/office', cookies: { session: cookie } });
  return { cookie, csrf: csrfOf(page.body) };
}

const officePage = (session: Session, on = app) => on.inject({ url: '/office', cookies: { session: session.cookie } });
const postNewEvent = (session: Session, title: string) =>
  app.inject({
    method: 'POST',
    url: '/events/new',
    headers: FORM,
    cookies: { session: session.cookie },
    payload: encode({
      csrf: session.csrf,
      title,
      kind: 'workshop',
      status: 'confirmed',
      office: 'ro-africa',
      region: 'africa',
      groups: 'sg13',
      'venue.city': 'Abidjan',
      'venue.country': 'Côte d’Ivoire',
      timeZone: 'Africa/Abidjan',
      // a day nothing collides with (the demo events end in 2027): saved at once, without warnings
      start: '2030-03-05T09:00',
      end: '2030-03-05T17:00',
    }),
  });
/** The office page answers as the office (200) or sends to the sign-in page (303). */
async function signedIn(t: Test, session: Session, expected: boolean, message: string, on = app): Promise<void> {
  const res = await officePage(session, on);
  if (expected) {
    t.equal(res.statusCode, 200, message);
    t.match(res.body, '<h1>ITU Regional Office for Africa</h1>');
  } else {
    t.equal(res.statusCode, 303, message);
    t.equal(res.headers.location, '/sign-in?next=%2Foffice');
    t.match(String(res.headers['set-cookie']), /session=;/, 'the stale cookie is cleared');
  }
}
const rowOf = (session: Session, on = app) =>
  on.root.stores.db.$client.prepare('select * from sessions where id_hash = ?').get(sha256(app.unsignCookie(session.cookie).value!)) as
    Record<string, string | null> | undefined;

t.test('signing out ends the session on the server: a replayed cookie is signed out', async (t) => {
  const session = await signIn(main, main.token('ro-africa'));
  await signedIn(t, session, true, 'signed in');
  const created = await postNewEvent(session, 'Made while signed in');
  t.equal(created.statusCode, 303, 'an office-only action works through the session');
  t.match(created.headers.location, /^\/events\/.+\?notice=created$/);

  const out = await app.inject({
    method: 'POST',
    url: '/sign-out',
    headers: FORM,
    cookies: { session: session.cookie },
    payload: encode({ csrf: session.csrf }),
  });
  t.equal(out.statusCode, 303);
  t.match(String(out.headers['set-cookie']), /session=;/);
  t.ok(rowOf(session)?.ended_at, 'the row records the end');

  // a copy of the cookie taken before signing out
  await signedIn(t, session, false, 'the old cookie no longer opens the office page');
  const home = await app.inject({ url: '/', cookies: { session: session.cookie } });
  t.match(home.body, 'Office sign-in', 'the pages show the signed-out view');
  t.notMatch(home.body, 'Sign out');
  t.equal((await app.inject({ url: '/events/new', cookies: { session: session.cookie } })).statusCode, 303, 'nor the new-event form');
  const before = dumpData(app);
  const replayed = await postNewEvent(session, 'Made after signing out');
  t.equal(replayed.statusCode, 401, 'a post with the old cookie and its CSRF token is refused');
  t.match(replayed.body, 'Your session has ended');
  t.equal(dumpData(app), before, 'and writes nothing');
  const again = await app.inject({
    method: 'POST',
    url: '/sign-out',
    headers: FORM,
    cookies: { session: session.cookie },
    payload: encode({ csrf: session.csrf }),
  });
  t.equal(again.statusCode, 303, 'signing out with the old cookie is harmless');
});

t.test('revoking the token ends its open sessions, from the service or the command line', async (t) => {
  const tokenService = main.app.root.services.tokens;
  const viaStore = tokenService.create({ office: 'tsb', tokenId: null }, { office: 'ro-africa', label: 'service' });
  const first = await signIn(main, viaStore.token);
  const second = await signIn(main, viaStore.token);
  const other = await signIn(main, main.token('ro-africa'));
  t.throws(
    () => tokenService.revoke({ office: 'ro-europe', tokenId: null }, viaStore.info.id),
    /ro-europe token cannot revoke a token of ro-africa/,
    'another office cannot',
  );
  t.ok(tokenService.revoke({ office: 'ro-africa', tokenId: null }, viaStore.info.id));
  t.ok(rowOf(first)?.ended_at, 'ended explicitly, not only refused through the token');
  t.ok(rowOf(second)?.ended_at);
  await signedIn(t, first, false, 'the first session has ended');
  await signedIn(t, second, false, 'and the second');
  await signedIn(t, other, true, 'another token’s session of the same office goes on');

  const out: string[] = [];
  t.equal(
    runTokenCommand(['create', '--office', 'ro-africa'], { DATABASE_PATH: main.config.databasePath }, (l) => out.push(l)),
    0,
  );
  const viaCli = await signIn(main, out[1]!);
  await signedIn(t, viaCli, true, 'signed in with a token made by the CLI');
  t.equal(
    runTokenCommand(['revoke', out[1]!.split('.')[0]!], { DATABASE_PATH: main.config.databasePath }, (l) => out.push(l)),
    0,
  );
  t.ok(rowOf(viaCli)?.ended_at, 'npm run token -- revoke ends the session too');
  await signedIn(t, viaCli, false, 'the service sees the revocation of another process');
});

t.test('a session ends when its lifetime is over, used or not', async (t) => {
  const session = await signIn(main, main.token('ro-africa'));
  const createdAt = clock.read().getTime();
  clock.set(new Date(createdAt + SESSION_SECONDS * 1000 - 1000).toISOString());
  await signedIn(t, session, true, 'a second before the end');
  clock.set(new Date(createdAt + SESSION_SECONDS * 1000).toISOString());
  await signedIn(t, session, false, 'twelve hours after signing in');
  t.ok(rowOf(session), 'the row stays until a purge');
  await signIn(main, main.token('ro-africa'));
  t.notOk(rowOf(session), 'the next sign-in purges it');
  const expired = app.root.stores.db.$client
    .prepare('select count(*) from sessions where expires_at <= ?')
    .pluck()
    .get(clock.read().toISOString());
  t.equal(expired, 0, 'no run-out session is kept');
});

t.test('the cookie holds a random session id, the database only its hash', async (t) => {
  const token = main.token('ro-africa');
  const [tokenId, secret] = token.split('.') as [string, string];
  const session = await signIn(main, token);
  const id = app.unsignCookie(session.cookie).value!;
  t.ok(app.unsignCookie(session.cookie).valid, 'signed');
  t.notMatch(session.cookie, secret, 'the cookie does not carry the token’s secret');
  t.notMatch(session.cookie, tokenId, 'nor its id');
  t.ok(Buffer.from(id, 'base64url').length >= 16, 'at least 128 random bits');

  const rows = app.root.stores.db.$client.prepare('select * from sessions').all() as Record<string, string | null>[];
  const row = rows.find((r) => r.id_hash === sha256(id));
  t.ok(row, 'the row is found by the hash of the id');
  t.match(row, { token_id: tokenId, office_id: 'ro-africa', ended_at: null });
  t.equal(Date.parse(row!.expires_at!) - Date.parse(row!.created_at!), SESSION_SECONDS * 1000);
  const everything = JSON.stringify(
    app.root.stores.db.$client
      .prepare("select * from sqlite_master where type = 'table'")
      .all()
      .map((table) => app.root.stores.db.$client.prepare(`select * from "${(table as { name: string }).name}"`).all()),
  );
  t.notMatch(everything, id, 'the session id itself is nowhere in the database');
  t.notMatch(everything, secret, 'nor the token’s secret');

  const twin = await signIn(main, token);
  t.not(twin.cookie, session.cookie, 'each sign-in is its own session');
  t.not(twin.csrf, session.csrf, 'with its own CSRF token, derived from the session id');
  const crossed = await postNewEvent({ cookie: twin.cookie, csrf: session.csrf }, 'Crossed CSRF');
  t.equal(crossed.statusCode, 403, 'one session’s CSRF token does not work in another');
});

t.test('signing in again replaces the session instead of leaving it open', async (t) => {
  const first = await signIn(main, main.token('ro-africa'));
  const second = await signIn(main, main.token('ro-africa'), first);
  await signedIn(t, second, true, 'the new session works');
  await signedIn(t, first, false, 'the one it replaced has ended');
});

t.test('the pages call the services, not the API: no header but a bearer token opens a write route', async (t) => {
  for (const authorization of ['InProcess ' + 'A'.repeat(43), 'InProcess', `Session ${'a'.repeat(43)}`]) {
    const res = await app.inject({ method: 'POST', url: '/api/events', headers: { authorization }, payload: workshopBody });
    t.equal(res.statusCode, 401, authorization);
  }
});

t.test('a restore ends every session, as the backup cannot know which were signed out after it', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'live.sqlite');
  const first = await startApp(t, { clock: clock.read, databasePath: file, sessionSecret: SECRET });
  const session = await signIn(first, first.token('ro-africa'));
  await backupDatabase(file, path.join(dir, 'backup.sqlite'));
  await first.app.inject({
    method: 'POST',
    url: '/sign-out',
    headers: FORM,
    cookies: { session: session.cookie },
    payload: encode({ csrf: session.csrf }),
  });
  await first.app.close();

  restoreDatabase(path.join(dir, 'backup.sqlite'), file, clock.read());
  const second = await startApp(t, { clock: clock.read, databasePath: file, sessionSecret: SECRET });
  await signedIn(t, session, false, 'the signed-out session stays ended after the restore', second.app);
  t.equal(second.app.root.stores.db.$client.prepare('select count(*) from sessions').pluck().get(), 0);
  const fresh = await signIn(second, second.token('ro-africa'));
  await signedIn(t, fresh, true, 'signing in works again', second.app);
});
