import net from 'node:net';
import path from 'node:path';
import ICAL from 'ical.js';
import t from 'tap';
import { runTokenCommand } from '../src/cli/token.js';
import { uidOf } from '../src/calendar/render.js';
import { loggedPath } from '../src/plugins/request-log.js';
import { signInWith, startApp, tempDir, TestClock, workshopBody } from './support/helpers.js';
import { runCli, startService } from './support/service.js';

// A private feed link puts the internal events, with their join links, in an office's calendar
// app; a revoked or unknown link answers the same 404; the secret reaches no log and no feed line.

const JOIN = 'https://itu.zoom.us/j/private-call-link';
const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');

t.test('a private link: the public feeds and filters, internal events whole; revoked, a 404 like any unknown link', async (t) => {
  const clock = new TestClock(Date.parse('2024-01-15T08:00:00Z'));
  const { app, config, auth } = await startApp(t, { clock: clock.read, demoData: false });
  const tsb = auth('tsb');
  const internal = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: tsb,
      payload: { ...workshopBody, title: 'Coordination call', visibility: 'internal', venue: { url: JOIN } },
    })
  ).json();
  const open = (await app.inject({ method: 'POST', url: '/api/events', headers: tsb, payload: workshopBody })).json();

  const printed: string[] = [];
  t.equal(
    runTokenCommand(
      ['feed', 'create', '--office', 'ro-africa', '--label', 'Outlook, Addis desk'],
      { DATABASE_PATH: config.databasePath, PUBLIC_BASE_URL: 'https://calendar.itu.int' },
      (l) => printed.push(l),
    ),
    0,
  );
  const link = printed[1]!;
  t.match(link, /^https:\/\/calendar\.itu\.int\/feeds\/private\/[A-Za-z0-9_-]{43}\/all\.ics$/, 'URL-safe, 256 bits');
  const secret = link.split('/')[5]!;
  const base = `/feeds/private/${secret}`;

  const all = await app.inject(`${base}/all.ics`);
  t.equal(all.statusCode, 200);
  t.equal(all.headers['referrer-policy'], 'no-referrer');
  t.equal(all.headers['cache-control'], 'private, no-cache', 'no shared cache keeps internal events and their join links');
  t.equal((await app.inject('/feeds/all.ics')).headers['cache-control'], 'public, no-cache', 'a public feed is for every cache');
  const uids = vevents(all.body).map((v) => v.getFirstPropertyValue('uid'));
  t.ok(uids.includes(uidOf(internal.id)), 'the internal event, under the UID a public feed would give it');
  t.ok(uids.includes(uidOf(open.id)), 'and the public one');
  t.match(all.body, 'private-call-link', 'with its join link');
  t.notMatch(all.body, secret, 'the secret is in no line of the feed');
  t.notMatch((await app.inject('/feeds/all.ics')).body, 'Coordination call', 'not in the public feed');
  for (const url of [`${base}/regions/africa.ics`, `${base}/all.ics?region=africa&kind=workshop`, `${base}/offices/ro-africa.ics`]) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 200, url.replace(secret, '…'));
    t.ok(
      vevents(res.body).some((v) => v.getFirstPropertyValue('uid') === uidOf(internal.id)),
      `${url.replace(secret, '…')}: the internal event`,
    );
  }
  t.equal((await app.inject(`${base}/regions/mars.ics`)).statusCode, 404, 'an unknown feed under a good link');

  // ETag, 304 and compression as for public feeds
  const again = await app.inject({ url: `${base}/all.ics`, headers: { 'if-none-match': String(all.headers.etag) } });
  t.equal(again.statusCode, 304);
  t.equal(again.headers['cache-control'], 'private, no-cache', 'its 304 too');
  t.equal((await app.inject({ url: `${base}/all.ics`, headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'], 'gzip');

  const listed: string[] = [];
  runTokenCommand(['feed', 'list'], { DATABASE_PATH: config.databasePath }, (l) => listed.push(l));
  t.match(
    listed[0],
    new RegExp(
      `^${secret.slice(0, 8)}…\\tro-africa\\tlive\\tcreated \\S+\\tlast used 2024-01-15T08:00:00.000Z\\t7 uses\\tOutlook, Addis desk$`,
    ),
    'by its prefix, with its label, creation, last use and use count',
  );
  t.notMatch(listed.join('\n'), secret.slice(8), 'never the whole secret');

  t.equal(
    runTokenCommand(['feed', 'revoke', secret.slice(0, 8)], { DATABASE_PATH: config.databasePath }, () => {}),
    0,
  );
  const revoked = await app.inject(`${base}/all.ics`);
  const unknown = await app.inject(`/feeds/private/${'x'.repeat(43)}/all.ics`);
  const malformed = await app.inject('/feeds/private/short/all.ics');
  t.equal(revoked.statusCode, 404, 'revoked: 404');
  t.same(
    [unknown.statusCode, unknown.body, malformed.statusCode, malformed.body],
    [404, revoked.body, 404, revoked.body],
    'the same answer as an unknown or mistyped link',
  );
  t.equal(revoked.headers['cache-control'], 'no-store', 'kept by no cache');

  const audit = app.root.stores.db.$client.prepare("select * from audit where action like 'feed-link.%' order by id").all() as {
    action: string;
    subject: string;
    changes: string;
  }[];
  t.same(
    audit.map((a) => a.action),
    ['feed-link.created', 'feed-link.revoked'],
  );
  t.notMatch(JSON.stringify(audit), secret.slice(8), 'no secret in the audit log');
  t.equal(
    runTokenCommand(['feed', 'create', '--office', 'ro-mars'], { DATABASE_PATH: config.databasePath }, (l) => printed.push(l)),
    2,
  );
  t.match(printed.at(-1), /--office must be one of/);
});

t.test('the running service: the secret of a private link reaches neither the request log nor the output', async (t) => {
  const dir = tempDir(t);
  const env = { DATABASE_PATH: path.join(dir, 'db.sqlite'), MAIL_DIR: path.join(dir, 'mail'), DEMO_DATA: '1' };
  const made = await runCli('token', ['feed', 'create', '--office', 'ro-europe'], env);
  t.equal(made.code, 0, made.out);
  const secret = /\/feeds\/private\/([A-Za-z0-9_-]{43})\/all\.ics/.exec(made.out)![1]!;
  const service = await startService(t, { ...env, LOG_LEVEL: 'debug' });
  const res = await fetch(`${service.url}/feeds/private/${secret}/all.ics?region=europe`, {
    headers: { authorization: 'Bearer something-secret' },
  });
  t.equal(res.status, 200);
  t.match(await res.text(), 'TSB coordination call with the ITU Office for Europe', 'the internal demo call, for the link');
  await fetch(`${service.url}/feeds/private/${secret}/nothing-here`);
  t.equal((await fetch(`${service.url}/api/events?q=${secret}`)).status, 200);
  // revoked from the command line, another process, while the service runs: at once a 404
  const revoked = await runCli('token', ['feed', 'revoke', secret.slice(0, 8)], env);
  t.equal(revoked.code, 0, revoked.out);
  const after = await fetch(`${service.url}/feeds/private/${secret}/all.ics?region=europe`);
  t.equal(after.status, 404, 'the running service answers 404 for a link revoked elsewhere');
  await service.stop();
  t.notMatch(service.output(), secret, 'the secret is in no log line');
  t.notMatch(service.output(), 'something-secret', 'nor the Authorization header');
  t.equal(
    loggedPath(`/feeds/private/${secret}/all.ics?region=europe`),
    '/feeds/private/…/all.ics?…',
    'the request log keeps the path without the secret or the query',
  );
  for (const url of [
    `http://calendar.itu.int/feeds/private/${secret}/all.ics`,
    `//feeds//private/${secret}/all.ics`,
    `/feeds%2Fprivate%2F${secret}%2Fall.ics`,
    `/feeds/private/${escaped(secret)}/all.ics`,
    `/feeds%252Fprivate%252F${escaped(secret)}`,
  ]) {
    t.equal(
      loggedPath(url),
      '/feeds/private/…' + (url.endsWith('all.ics') ? '/all.ics' : ''),
      `logged without the secret: ${url.replace(secret, '<secret>')}`,
    );
  }
  t.equal(
    loggedPath('/events/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed?x=1'),
    '/events/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed?…',
    'an event id stays readable',
  );
});

t.test('a signed-in office makes, sees and revokes its own links on its page', async (t) => {
  const { app, token } = await startApp(t, { demoData: true, publicBaseUrl: 'https://calendar.itu.int' });
  const { cookie, csrf } = await signInWith(app, token('ro-africa'));
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  t.equal((await app.inject('/office/feeds')).statusCode, 303, 'signed out: to the sign-in page');
  const made = await app.inject({
    method: 'POST',
    url: '/office/feeds',
    headers: form,
    cookies: { session: cookie },
    payload: new URLSearchParams({ csrf, label: 'Addis events desk, Outlook' }).toString(),
  });
  t.equal(made.statusCode, 200);
  t.equal(made.headers['cache-control'], 'no-store', 'the page with the secret is kept by no cache');
  const link = /<code class="secret-link">https:\/\/calendar\.itu\.int(\/feeds\/private\/[A-Za-z0-9_-]{43}\/all\.ics)<\/code>/.exec(
    made.body,
  )?.[1];
  t.ok(link, 'the new link, shown once');
  const feed = await app.inject(link!);
  t.match(feed.body, 'TSB coordination call with the Regional Office for Africa', 'the internal calls in it');
  const page = await app.inject({ url: '/office/feeds', cookies: { session: cookie } });
  t.notMatch(page.body, link!.split('/')[3]!, 'afterwards only its prefix is shown');
  t.match(page.body, 'Addis events desk, Outlook');
  t.match(page.body, /<td>1<\/td>/, 'its use count');
  const id = link!.split('/')[3]!.slice(0, 8);
  t.equal(
    (
      await app.inject({
        method: 'POST',
        url: `/office/feeds/${id}/revoke`,
        headers: form,
        cookies: { session: cookie },
        payload: new URLSearchParams({ csrf: 'wrong' }).toString(),
      })
    ).statusCode,
    403,
    'no CSRF token, no revocation',
  );
  const europe = await signInWith(app, token('ro-europe'));
  t.notMatch(
    (await app.inject({ url: '/office/feeds', cookies: { session: europe.cookie } })).body,
    'Addis events desk, Outlook',
    'another office does not see our links',
  );
  t.equal(
    (
      await app.inject({
        method: 'POST',
        url: `/office/feeds/${id}/revoke`,
        headers: form,
        cookies: { session: europe.cookie },
        payload: new URLSearchParams({ csrf: europe.csrf }).toString(),
      })
    ).statusCode,
    403,
    'nor revokes them',
  );
  t.equal((await app.inject(link!)).statusCode, 200, 'still live');
  const revoked = await app.inject({
    method: 'POST',
    url: `/office/feeds/${id}/revoke`,
    headers: form,
    cookies: { session: cookie },
    payload: new URLSearchParams({ csrf }).toString(),
  });
  t.equal(revoked.statusCode, 303);
  t.equal((await app.inject(link!)).statusCode, 404, 'revoked');
});

/** One request written by hand, as a client or proxy may send it: the status line and headers of the answer. */
function rawRequest(url: string, line: string): Promise<{ status: number; head: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.write(`${line}\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
  });
}

const escaped = (text: string) => [...text].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('');

t.test('the request log never holds a secret, however the request target is written; each form is served or refused alike', async (t) => {
  const dir = tempDir(t);
  const env = { DATABASE_PATH: path.join(dir, 'db.sqlite'), MAIL_DIR: path.join(dir, 'mail'), DEMO_DATA: '1' };
  const made = await runCli('token', ['feed', 'create', '--office', 'ro-europe'], env);
  const secret = /\/feeds\/private\/([A-Za-z0-9_-]{43})\/all\.ics/.exec(made.out)![1]!;
  const service = await startService(t, { ...env, LOG_LEVEL: 'trace', LOG_FORMAT: 'json' });
  const host = new URL(service.url).host;
  const every = escaped(secret);
  const some = [...secret].map((c, i) => (i % 2 ? escaped(c) : c)).join('');
  const canonical = await rawRequest(service.url, `GET /feeds/private/${secret}/all.ics HTTP/1.1`);
  t.equal(canonical.status, 200);
  const targets: [string, number, string][] = [
    [`GET http://${host}/feeds/private/${secret}/all.ics HTTP/1.1`, 200, 'absolute-form, which a server must take: its path'],
    [
      `GET http://someone:${secret}@${host}/feeds/private/${secret}/all.ics?region=europe HTTP/1.1`,
      200,
      'absolute-form with a user and a query',
    ],
    [`GET /feeds/private/${every}/all.ics HTTP/1.1`, 200, 'every character of the secret percent-escaped: the same link'],
    [`GET /feeds/private/${some}/all.ics?region=europe&kind=coordination-call,meeting HTTP/1.1`, 200, 'some escaped, and a query'],
    [`GET /feeds/private/${secret}/all.ics?token=${secret} HTTP/1.1`, 200, 'the secret in the query as well'],
    [`GET //feeds/private/${secret}/all.ics HTTP/1.1`, 404, 'a doubled slash in front'],
    [`GET /feeds//private/${secret}/all.ics HTTP/1.1`, 404, 'a doubled slash after feeds'],
    [`GET /feeds/private//${secret}/all.ics HTTP/1.1`, 404, 'a doubled slash before the secret'],
    [`GET /feeds%2Fprivate%2F${secret}%2Fall.ics HTTP/1.1`, 404, 'encoded slashes'],
    [`GET /feeds/private%2F${secret}/all.ics HTTP/1.1`, 404, 'an encoded slash before the secret'],
    [`GET /feeds/private%2f${every}%2fall.ics?x=1 HTTP/1.1`, 404, 'encoded slashes and an escaped secret'],
    [`GET /Feeds/Private/${secret}/all.ics HTTP/1.1`, 404, 'another case'],
    [`GET /feeds/./private/${secret}/all.ics HTTP/1.1`, 404, 'a dot segment'],
    [`GET /feeds/private/${secret}/x%E0%A4%A.ics HTTP/1.1`, 404, 'an escape that decodes to no character'],
    [`GET /feeds/regions/%E0%A4%A.ics?link=${secret} HTTP/1.1`, 400, 'refused by the public path, the secret in its query'],
    [`POST /feeds/private/${secret}/all.ics HTTP/1.1`, 404, 'another method: Fastify refuses it'],
    [`HEAD http://${host}//feeds/private/${secret}/all.ics HTTP/1.1`, 404, 'absolute-form with a doubled slash'],
  ];
  for (const [line, status, what] of targets) {
    const res = await rawRequest(service.url, line);
    t.equal(res.status, status, `${what}: ${status}`);
    if (status !== 200) continue;
    t.match(res.body, 'TSB coordination call with the ITU Office for Europe', `${what}: the private feed, internal calls and all`);
    t.match(res.head, /^cache-control: private, no-cache$/im, `${what}: for no shared cache`);
  }
  // a request line node cannot parse: its raw bytes go to a trace line as a list of numbers at most
  await rawRequest(service.url, `GET /feeds/private/${secret}/all.ics HTTP/1.1\r\nBad Header`);
  await service.stop();
  const log = service.output();
  t.ok(log.includes('"url":"/feeds/private/…/all.ics"'), 'the odd forms were logged, without their secret');
  for (const [form, text] of [
    ['plain', secret],
    ['percent-escaped', every],
    ['percent-escaped in lower case', every.toLowerCase()],
    ['partly escaped', some],
    ['its first half', secret.slice(0, 22)],
    ['its second half', secret.slice(21)],
  ]) {
    t.notOk(log.includes(text!), `the secret ${form} is nowhere in the log`);
  }
});
