import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { createDueEvent, runCli, serviceFiles, startService, type Service } from './support/service.js';

/**
 * The database refusing writes, with the real service: the file made immutable (chattr +i, as
 * the issue found it; needs root and a file system with the attribute, which this project's
 * machines and CI have) and, wherever it runs, another process holding the write lock past the
 * service's busy_timeout (SQLITE_BUSY). Reads go on, private feeds included; every change and
 * sign-in is answered 503 and writes nothing; /ready says so; all of it undone when writes return.
 */

const METRICS_TOKEN = 'metrics-secret-for-the-test';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`))!;

const count = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

/** A way to make SQLite refuse the service's writes; returns the way back. */
type Refusal = (databasePath: string) => () => void;

const immutable: Refusal = (databasePath) => {
  const files = ['', '-wal', '-shm'].map((s) => `${databasePath}${s}`).filter((f) => fs.existsSync(f));
  execFileSync('chattr', ['+i', ...files]);
  return () => execFileSync('chattr', ['-i', ...files]);
};

const locked: Refusal = (databasePath) => {
  const holder = new Database(databasePath, { fileMustExist: true });
  holder.exec('BEGIN EXCLUSIVE');
  return () => {
    holder.exec('ROLLBACK');
    holder.close();
  };
};

async function refusedWrites(t: Test, refuse: Refusal, code: RegExp) {
  const { databasePath, token, base } = serviceFiles(t);
  const env = { ...base, DISPATCH_INTERVAL_SECONDS: '0', METRICS_TOKEN, PUBLIC_BASE_URL: 'https://calendar.itu.int' };
  const made = await runCli('token', ['feed', 'create', '--office', 'ro-africa', '--label', 'Outlook, Addis desk'], env);
  const feed = new URL(/^(https:\S+)$/m.exec(made.out)![1]!).pathname;
  const service: Service = await startService(t, env);
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${service.url}${path}`, { headers });
  const metric = async (name: string) =>
    Number(
      new RegExp(`^${name} (\\d+)`, 'm').exec(await (await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` })).text())?.[1],
    );

  await createDueEvent(service, token, { dueInMs: 3600_000, title: 'Written before' });
  t.equal((await get(feed)).status, 200);
  t.equal((await get('/ready')).status, 200);
  // a signed-in office, and a sign-in form, from before
  const form = await get('/sign-in');
  const signInCookie = cookieOf(form, 'sign_in');
  const signInCsrf = csrfOf(await form.text());
  const signIn = (value: string) =>
    fetch(`${service.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...FORM, cookie: signInCookie },
      body: new URLSearchParams({ csrf: signInCsrf, token: value }),
    });
  const signedIn = await signIn(token);
  t.equal(signedIn.status, 303);
  const session = cookieOf(signedIn, 'session');
  const officeCsrf = csrfOf(await (await get('/office/feeds', { cookie: session })).text());
  const before = {
    events: count(databasePath, 'select count(*) from events'),
    sessions: count(databasePath, 'select count(*) from sessions'),
    links: count(databasePath, 'select count(*) from feed_tokens'),
  };
  const uses = count(databasePath, 'select use_count from feed_tokens');

  const restore = refuse(databasePath);
  let restored = false;
  t.teardown(() => {
    if (!restored) restore();
  });

  // reads go on, a private feed's included, though counting its use is a write
  const served = await get(feed);
  t.equal(served.status, 200, 'the private feed is served');
  t.match(await served.text(), /^BEGIN:VCALENDAR/);
  t.equal((await get('/api/events')).status, 200, 'the API reads');
  t.equal((await get('/')).status, 200, 'the pages read');
  t.equal((await get('/office', { cookie: session })).status, 200, 'a signed-in office still sees its page');
  t.equal(await metric('feed_link_uses_uncounted_total'), 1, 'the uncounted use is counted in /metrics');
  t.ok(
    service.logs.some(
      (l) => l.level >= 50 && /its use could not be counted: the feed was served/.test(l.msg) && code.test(String(l.sqlite)),
    ),
    'and logged with the reason',
  );
  t.equal((await get(feed)).status, 200, 'and served again, without trying to count it for a while');
  t.equal(await metric('feed_link_uses_uncounted_total'), 2);

  // every write: 503 in people's words, never a 500
  const api = await fetch(`${service.url}/api/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  }).catch(() => null);
  t.equal(api?.status, 400, 'a request that is wrong is still told so: validation comes first');
  const refused = await createDueEvent(service, token, { dueInMs: 3600_000, title: 'Refused' }).catch((error: Error) => error.message);
  t.match(
    refused,
    /^event refused: 503 The calendar cannot save changes or sign anyone in at the moment: its database refuses writes\. Nothing was changed/,
  );
  const page = await fetch(`${service.url}/office/feeds`, {
    method: 'POST',
    headers: { ...FORM, cookie: session },
    body: new URLSearchParams({ csrf: officeCsrf, label: 'Phone' }),
  });
  t.equal(page.status, 503, 'a change on a page');
  t.match(await page.text(), /cannot save changes or sign anyone in at the moment/);
  t.equal(page.headers.get('retry-after'), '60');
  const refusedSignIn = await signIn(token);
  t.equal(refusedSignIn.status, 503, 'signing in writes a session: 503');
  t.match(await refusedSignIn.text(), /its database refuses writes/);
  t.equal((await signIn('abc.wrong')).status, 401, 'a wrong token is still a wrong token');
  t.equal(await metric('database_writes_refused_total'), 3);

  const ready = await get('/ready');
  t.equal(ready.status, 503);
  const reason = ((await ready.json()) as { reason: string }).reason;
  t.match(reason, /^the database refuses writes \(SQLITE_[A-Z_]+: .+\): reads are served, changes and sign-ins are answered 503$/);
  t.match(reason, code);
  t.equal(service.logs.filter((l) => l.level >= 50 && /500|request failed|page failed/.test(l.msg)).length, 0, 'no 500 anywhere');

  restore();
  restored = true;
  t.equal((await get('/ready')).status, 200, '/ready probes again at once, and writes go through');
  t.same(
    {
      events: count(databasePath, 'select count(*) from events'),
      sessions: count(databasePath, 'select count(*) from sessions'),
      links: count(databasePath, 'select count(*) from feed_tokens'),
    },
    before,
    'nothing was written, half or whole',
  );
  t.equal(count(databasePath, "select count(*) from events where title = 'Refused'"), 0);
  t.equal(
    count(databasePath, 'select use_count from feed_tokens'),
    uses,
    'the uses served meanwhile are not counted (the metric has them)',
  );
  t.equal((await signIn(token)).status, 303, 'signing in works again');
  await createDueEvent(service, token, { dueInMs: 3600_000, title: 'Written after' });
  t.equal(await service.stop(), 0, 'and the service stops cleanly');
}

t.test('another process holds the write lock (SQLITE_BUSY)', (t) => refusedWrites(t, locked, /SQLITE_BUSY/));

t.test('the database files made immutable (chattr +i: SQLITE_IOERR)', (t) =>
  refusedWrites(t, immutable, /SQLITE_IOERR|SQLITE_READONLY|SQLITE_PERM|SQLITE_CANTOPEN/),
);
