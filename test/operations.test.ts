import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import t, { type Test } from 'tap';
import { runBackupCommand } from '../src/cli/backup.js';
import { runRemindersCommand } from '../src/cli/reminders.js';
import { loadConfig, type MailConfig } from '../src/config.js';
import { registerServingProcess, servingProcesses } from '../src/store/database.js';
import { startSmtp } from './support/smtp.js';
import { startApp, TestClock, tempDir, workshopBody } from './support/helpers.js';

/** The outbox as operators see and run it, in one process with an injected clock. */

async function setup(t: Test, options: { smtpUrl?: string | null; mail?: Partial<MailConfig>; metricsToken?: string | null } = {}) {
  const clock = new TestClock(Date.parse('2027-01-04T08:00:00Z'));
  const app = await startApp(t, {
    clock: clock.read,
    demoData: false,
    metricsToken: options.metricsToken ?? null,
    mail: { smtpUrl: options.smtpUrl ?? null, tsbFocalPoint: 'focal@itu.example', timeoutMs: 5000, ...options.mail },
  });
  const create = async (payload: Record<string, unknown> = {}) =>
    (
      await app.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: app.auth('ro-africa'),
        payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00', ...payload },
      })
    ).json() as { id: string };
  const rows = (eventId?: string) => app.app.root.stores.outbox.list({ eventId }, 500, 0).items;
  const sqlite = app.app.root.stores.db.$client;
  return { ...app, clock, create, rows, sqlite, dispatcher: app.app.root.reminders.dispatcher };
}

t.test('planning again keeps what is due: only the dispatcher decides whether it still goes late', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const { app, clock, create, rows, dispatcher } = await setup(t, { smtpUrl: smtp.url });
  const event = await create();
  clock.set('2027-01-05T06:30:00Z'); // the 1-day reminder fell due at 06:00 while nothing was sending
  app.root.reminders.planner.planAll(); // what a restart or a cron run does first
  const due = rows(event.id).filter((r) => r.rule === 'before:P1D');
  t.same(
    due.map((r) => r.status),
    ['pending', 'pending'],
    'not skipped by planning',
  );
  t.equal((await dispatcher.runOnce()).sent, 2, 'sent late');
  t.equal(smtp.received.length, 2);
});

t.test('one event that cannot be planned stops neither the planning of the others nor a write', async (t) => {
  const { app, auth, create, rows, sqlite } = await setup(t);
  const broken = await create({ title: 'Broken' });
  const fine = await create({ title: 'Fine' });
  // two occurrences on one local day share an outbox key: planning this series fails
  sqlite.prepare("update events set recurrence = 'FREQ=DAILY;BYHOUR=9,14;COUNT=4' where id = ?").run(broken.id);
  sqlite.prepare('delete from reminders').run();
  const { failed } = app.root.reminders.planner.planAll();
  t.same(
    failed.map((f) => f.event),
    [broken.id],
  );
  t.match(String(failed[0]!.error), /UNIQUE constraint failed/);
  t.equal(rows(fine.id).length, 5, 'the other event is planned');
  const before = sqlite.prepare('select count(*) from events').pluck().get();
  const refused = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00', recurrence: 'FREQ=DAILY;BYHOUR=9,14;COUNT=4' },
  });
  t.equal(refused.statusCode, 400, 'refused at the door now');
  t.match(refused.json(), { field: 'recurrence', message: /BYHOUR is not supported/ });
  t.equal(sqlite.prepare('select count(*) from events').pluck().get(), before, 'nothing saved');
});

t.test('a skipped reminder says what really changed', async (t) => {
  const { app, auth, create, rows, clock } = await setup(t);
  const reasons = (id: string) =>
    Object.fromEntries(
      rows(id)
        .filter((r) => r.status === 'skipped')
        .map((r) => [`${r.rule} ${r.recipient}`, r.lastError]),
    );
  const patch = (id: string, payload: object) =>
    app.inject({ method: 'PATCH', url: `/api/events/${id}`, headers: auth('ro-africa'), payload });

  const moved = await create({ start: '2027-03-05T09:00', end: '2027-03-05T12:00' });
  await patch(moved.id, { start: '2027-03-12T09:00', end: '2027-03-12T12:00' });
  t.match(Object.values(reasons(moved.id)), Array(8).fill('the event moved to another day'));

  const fewer = await create({ start: '2027-03-05T09:00', end: '2027-03-05T12:00', notify: ['secretariat@itu.example'] });
  await patch(fewer.id, { reminders: ['P1D'], notify: [] });
  const r = reasons(fewer.id);
  t.equal(r['before:P30D focal@itu.example'], 'the event no longer has a reminder P30D before its start');
  t.equal(r['before:P1D secretariat@itu.example'], 'the recipient is no longer told about the event');
  t.equal(r['follow-up:1 ro-africa@example.org'], undefined, 'follow-ups stay');

  const series = (
    await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: auth('tsb'),
      payload: {
        ...workshopBody,
        kind: 'coordination-call',
        office: 'ro-africa',
        start: '2027-02-02T14:00',
        end: '2027-02-02T15:00',
        recurrence: 'FREQ=MONTHLY;BYDAY=1TU;COUNT=4',
        reminders: ['P1D'],
      },
    })
  ).json() as { id: string };
  await app.inject({
    method: 'PUT',
    url: `/api/events/${series.id}/occurrences/2027-03-02`,
    headers: auth('tsb'),
    payload: { cancelled: true },
  });
  await app.inject({
    method: 'PATCH',
    url: `/api/events/${series.id}`,
    headers: auth('tsb'),
    payload: { recurrence: 'FREQ=MONTHLY;BYDAY=1TU;COUNT=2' },
  });
  const skipped = rows(series.id).filter((x) => x.status === 'skipped');
  t.same([...new Set(skipped.map((x) => `${x.occurrence} ${x.lastError}`))].sort(), [
    '2027-04-06 the occurrence is no longer part of the series',
    '2027-05-04 the occurrence is no longer part of the series',
  ]);
  t.ok(
    rows(series.id).some((x) => x.occurrence === '2027-03-02' && x.status === 'pending'),
    'shortening the rule dropped the skip of March: its reminders are back',
  );

  const later = await create({ start: '2027-01-06T09:00', end: '2027-01-06T10:00', reminders: ['PT1H'] });
  clock.set('2027-01-06T06:30:00Z'); // 09:30 in Dar es Salaam
  await patch(later.id, { start: '2027-01-06T08:00', end: '2027-01-06T10:00' }); // an hour earlier, the same day
  t.match(
    rows(later.id)
      .filter((x) => x.rule === 'before:PT1H')
      .map((x) => x.lastError),
    ['the event moved, and its new reminder time had already passed', 'the event moved, and its new reminder time had already passed'],
  );
});

t.test('a reminder planned while the service runs is sent when it falls due, not an interval later', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const { clock, create, dispatcher } = await setup(t, { smtpUrl: smtp.url, mail: { dispatchIntervalMs: 3600_000 } });
  clock.set('2027-01-05T05:59:59.900Z');
  dispatcher.start();
  dispatcher.start(); // once is enough
  await create({ start: '2027-01-06T09:00', end: '2027-01-06T10:00', reminders: ['P1D'] }); // due in 100 ms
  clock.set('2027-01-05T06:00:00Z');
  const started = Date.now();
  while (smtp.received.length < 2 && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(smtp.received.length, 2, 'woken by the planning');
  await dispatcher.stop();
});

/** A server that greets, then answers every command one byte at a time, forever: no socket timeout notices. */
async function tricklingSmtp(t: Test) {
  const server = net.createServer((socket) => {
    socket.write('220 slow ESMTP\r\n');
    socket.on('data', () => {
      const timer = setInterval(() => socket.write('2'), 100);
      socket.on('close', () => clearInterval(timer));
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.unref();
  return `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test('a send that outlasts its hard deadline is abandoned and retried later', async (t) => {
  const url = await tricklingSmtp(t);
  const { clock, create, rows, dispatcher } = await setup(t, { smtpUrl: url, mail: { sendTimeoutMs: 600, retryDelaysMs: [60_000] } });
  const event = await create({ notify: [] });
  clock.set('2027-01-05T06:00:00Z');
  const started = Date.now();
  const summary = await dispatcher.runOnce();
  t.ok(Date.now() - started < 5000, 'both sends given up at their deadline');
  t.equal(summary.retrying, 2);
  const due = rows(event.id).filter((r) => r.rule === 'before:P1D');
  t.ok(
    due.every(
      (r) =>
        r.status === 'pending' &&
        r.attempts === 1 &&
        /no answer within 0.6 s/.test(r.lastError!) &&
        r.nextAttemptAt === '2027-01-05T06:01:00.000Z',
    ),
  );
});

t.test('a lease lost while sending abandons the send; one lost before the outcome is recorded is said and counted', async (t) => {
  const smtp = await startSmtp({ delayMs: 800 });
  t.teardown(() => smtp.stop());
  const { app, clock, create, sqlite, dispatcher } = await setup(t, { smtpUrl: smtp.url, mail: { leaseMs: 3000 } });
  await create({ notify: [] });
  clock.set('2027-01-05T06:00:00Z');
  // another dispatcher takes the row over while the slow server holds ours: renewal finds out
  const steal = setInterval(() => sqlite.prepare("update reminders set lease_token = 'someone-else' where status = 'sending'").run(), 200);
  const summary = await dispatcher.runOnce();
  clearInterval(steal);
  t.equal(summary.retrying, 2, 'both abandoned');
  t.equal(summary.sent, 0);
  t.ok(
    (sqlite.prepare("select count(*) from reminders where lease_token = 'someone-else' and status = 'sending'").pluck().get() as number) ===
      2,
    'and left to their holder',
  );

  // a fast server: the lease goes between the data and the answer, before renewal could notice
  smtp.delayMs = 0;
  smtp.onMessage = () => sqlite.prepare("update reminders set lease_token = 'a-third' where status = 'sending'").run();
  clock.advance(3001);
  const again = await dispatcher.runOnce();
  t.equal(again.sent, 2, 'the messages went');
  const metrics = await app.inject({
    url: '/metrics',
    headers: { authorization: `Bearer ${app.root.stores.tokens.create('tsb', 'metrics', clock.read().toISOString()).token}` },
  });
  t.match(
    metrics.body,
    /^reminders_dispatched_total\{outcome="lease_lost"\} 4$/m,
    'two abandoned sends and two outcomes that found the lease gone',
  );
  t.equal(
    sqlite.prepare("select count(*) from reminders where status = 'sent'").pluck().get(),
    0,
    'the outcome of a lost lease is not written',
  );
});

t.test('a reminder claimed from expired leases more often than allowed is failed, not sent forever', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const { clock, create, rows, sqlite, dispatcher } = await setup(t, { smtpUrl: smtp.url, mail: { maxAttempts: 3 } });
  const event = await create({ notify: [] });
  sqlite
    .prepare(
      "update reminders set status = 'sending', attempts = 3, lease_token = 'gone', lease_until = '2027-01-05T05:00:00.000Z', last_error = null where rule = 'before:P1D'",
    )
    .run();
  clock.set('2027-01-05T06:00:00Z');
  t.equal((await dispatcher.runOnce()).failed, 2);
  t.match(
    rows(event.id)
      .filter((r) => r.rule === 'before:P1D')
      .map((r) => r.lastError),
    [/^gave up after 3 attempts: no send of it ever finished$/, /^gave up after 3 attempts/],
  );
  t.equal(smtp.received.length, 0);
});

t.test('stopping abandons a send that outlasts the grace period and puts it back, due at once', async (t) => {
  const smtp = await startSmtp({ delayMs: 2000 });
  t.teardown(() => smtp.stop());
  const { clock, create, rows, dispatcher } = await setup(t, { smtpUrl: smtp.url });
  const event = await create({ notify: [] });
  clock.set('2027-01-05T06:00:00Z');
  const run = dispatcher.runOnce();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  await dispatcher.stop(300);
  t.ok(Date.now() - started < 1500, 'stopped after the grace period');
  t.same((await run).retrying, 2, 'both in flight, abandoned; none claimed after the stop');
  const due = rows(event.id).filter((r) => r.rule === 'before:P1D');
  t.same(
    due.map((r) => r.status),
    ['pending', 'pending'],
  );
  t.ok(
    due.every((r) => r.lastError === 'interrupted: the dispatcher stopped while sending' && r.nextAttemptAt === '2027-01-05T06:00:00.000Z'),
  );
});

t.test('/health, /ready and /metrics', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const metricsToken = 'prometheus-scrape-token-0123456789';
  const { app, auth, clock, create, dispatcher, sqlite } = await setup(t, { smtpUrl: smtp.url, metricsToken });
  t.same((await app.inject({ url: '/health' })).json(), { status: 'ok' });
  t.same((await app.inject({ url: '/ready' })).json(), { status: 'ready' });
  await create({ title: 'Confidential bilateral preparation', notify: ['secret.person@itu.example'] });
  clock.set('2027-01-05T06:00:10Z');
  const read = async () => (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${metricsToken}` } })).body;
  let text = await read();
  t.match(text, /^reminders_due 3$/m);
  t.match(text, /^reminders_oldest_due_age_seconds 10$/m);
  t.match(text, /^reminders_last_sent_timestamp_seconds 0$/m);
  await dispatcher.runOnce();
  await app.inject({ url: '/api/events?limit=1' });
  text = await read();
  t.match(text, /^reminders_outbox\{status="sent"\} 3$/m);
  t.match(text, /^reminders_due 0$/m);
  t.match(text, new RegExp(`^reminders_last_sent_timestamp_seconds ${Date.parse('2027-01-05T06:00:10Z') / 1000}$`, 'm'));
  t.match(text, /^reminders_dispatched_total\{outcome="sent"\} 3$/m);
  t.match(text, /^http_requests_total\{method="GET",route="\/api\/events",status="200"\} 1$/m);
  t.match(text, /^http_request_duration_seconds_count\{method="GET",route="\/api\/events"\} 1$/m);
  t.notMatch(text, /Confidential|@|secret/i, 'no title, address or token');

  // the feed fast path is counted too, under its template
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  t.equal((await fetch(`http://127.0.0.1:${port}/feeds/regions/africa.ics`)).status, 200);
  t.match(await read(), /^http_requests_total\{method="GET",route="\/feeds\/\*",status="200"\} 1$/m);

  t.equal((await app.inject({ url: '/metrics' })).statusCode, 401, 'protected');
  t.equal(
    (await app.inject({ url: '/metrics', headers: { authorization: 'Bearer prometheus-scrape-token-0123456788' } })).statusCode,
    401,
    'a near miss is no token',
  );
  t.equal((await app.inject({ url: '/metrics', headers: auth('ro-africa') })).statusCode, 403, "an office's token is not enough");
  const tsb = await app.inject({ url: '/metrics', headers: auth('tsb') });
  t.equal(tsb.statusCode, 200, 'a TSB token is');
  t.match(tsb.headers['content-type'], /^text\/plain; version=0\.0\.4/);

  app.root.stores.outbox.setPause({
    reason: 'authentication failed: 535',
    since: '2027-01-05T06:00:00.000Z',
    until: '2027-01-05T06:10:00.000Z',
  });
  const paused = await app.inject({ url: '/ready' });
  t.equal(paused.statusCode, 503);
  t.same(paused.json(), {
    status: 'unavailable',
    reason: 'sending reminders is paused until 2027-01-05T06:10:00.000Z: authentication failed: 535',
  });
  t.match(await read(), /^reminders_sending_paused 1$/m);
  clock.set('2027-01-05T06:10:00Z');
  t.equal((await app.inject({ url: '/ready' })).statusCode, 200, 'a pause that ran out is over');

  sqlite.exec('alter table meta rename to meta_gone');
  const broken = await app.inject({ url: '/ready' });
  t.equal(broken.statusCode, 503);
  t.match(broken.json().reason, /^the database cannot be read: /);
  sqlite.exec('alter table meta_gone rename to meta');
});

t.test('npm run reminders -- status: the outbox in words, exit 1 while paused', async (t) => {
  const { app, create, clock, config } = await setup(t);
  await create();
  const env = { DATABASE_PATH: config.databasePath };
  const out: string[] = [];
  t.equal(await runRemindersCommand(['status'], env, (l) => out.push(l)), 0);
  t.match(out[0], /^outbox: 5 pending, 0 sending, 0 sent, 0 failed, 0 skipped$/);
  t.match(out[1], /^due now: \d+/);
  t.match(out, [/./, /./, /^next due: (20\d\d-|nothing planned)/, /^last sent: never$/, /^sending: active$/]);
  app.root.stores.outbox.setPause({
    reason: 'TLS failed: wrong version number',
    since: clock.read().toISOString(),
    until: '2999-01-01T00:00:00.000Z',
  });
  out.length = 0;
  t.equal(await runRemindersCommand(['status'], env, (l) => out.push(l)), 1);
  t.match(out.at(-1), /^sending: PAUSED since .* until 2999-01-01T00:00:00.000Z: TLS failed: wrong version number$/);
  const health = app.root.stores.outbox.health(new Date('2027-01-05T06:00:30Z'));
  const { describeHealth } = await import('../src/cli/reminders.js');
  t.match(
    describeHealth(health, new Date('2027-01-05T06:00:30Z'))[1],
    /^due now: 2 \(the oldest due for 30 s, since 2027-01-05T06:00:00.000Z\)$/,
  );
  t.match(describeHealth({ ...health, lastSentAt: '2027-01-05T04:00:00.000Z' }, new Date('2027-01-05T06:00:30Z'))[3], /\(2 h ago\)$/);
  t.match(describeHealth({ ...health, lastSentAt: '2027-01-05T05:50:00.000Z' }, new Date('2027-01-05T06:00:30Z'))[3], /\(11 min ago\)$/);
});

t.test('configuration of the dispatcher and the metrics', async (t) => {
  const config = loadConfig({});
  t.same(config.mail.retryDelaysMs, [60_000, 300_000, 900_000, 3_600_000, 14_400_000]);
  t.equal(config.mail.sendTimeoutMs, 120_000);
  t.equal(config.mail.timeoutMs, 30_000);
  t.equal(config.metricsToken, null);
  t.equal(config.mail.sendConcurrency, 3);
  t.equal(loadConfig({ REMINDER_SEND_CONCURRENCY: '1' }).mail.sendConcurrency, 1);
  t.throws(() => loadConfig({ REMINDER_SEND_CONCURRENCY: '0' }), /REMINDER_SEND_CONCURRENCY/);
  t.same(loadConfig({ REMINDER_RETRY_SECONDS: '5,30' }).mail.retryDelaysMs, [5000, 30_000]);
  t.equal(loadConfig({ REMINDER_LEASE_SECONDS: '10' }).mail.timeoutMs, 5000, 'a reply waits at most half a lease');
  t.throws(() => loadConfig({ REMINDER_RETRY_SECONDS: '5,,30' }), /REMINDER_RETRY_SECONDS must be whole numbers/);
  t.throws(() => loadConfig({ REMINDER_RETRY_SECONDS: '0' }), /REMINDER_RETRY_SECONDS/);
  t.throws(() => loadConfig({ REMINDER_SEND_TIMEOUT_SECONDS: '1' }), /REMINDER_SEND_TIMEOUT_SECONDS must be a whole number from 5/);
  t.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN must be at least 24/);
  t.equal(loadConfig({ METRICS_TOKEN: 'a'.repeat(24) }).metricsToken, 'a'.repeat(24));
});

t.test('the processes serving a database are known, stale ones passed over', async (t) => {
  const file = path.join(tempDir(t), 'served.sqlite');
  t.same(servingProcesses(file), []);
  fs.writeFileSync(`${path.resolve(file)}.pids`, '999999999\nnot-a-pid\n');
  const unregister = registerServingProcess(file);
  const second = registerServingProcess(file);
  t.same(servingProcesses(file), [process.pid], 'a crashed process leaves a line that counts for nothing');
  unregister();
  second();
  t.same(servingProcesses(file), []);
  t.notOk(fs.existsSync(`${path.resolve(file)}.pids`));
});

t.test('backup and restore in one process: a copy that serves, the replaced database kept', async (t) => {
  const { app, create, config } = await setup(t);
  await create();
  const dir = tempDir(t);
  const out: string[] = [];
  const env = { DATABASE_PATH: config.databasePath };
  t.equal(await runBackupCommand(['backup', path.join(dir, 'copy.sqlite')], env, (l) => out.push(l)), 0);
  t.match(out.at(-1), /integrity ok; 1 events, 1 event groups, 0 attendance, 5 reminders, 1 tokens/);
  t.same(fs.readdirSync(dir), ['copy.sqlite'], 'one self-contained file');
  await app.close();
  t.equal(await runBackupCommand(['restore', path.join(dir, 'copy.sqlite')], env, (l) => out.push(l)), 0);
  t.match(out.at(-1), /^the database it replaced is kept as .*before-restore-/);
  const target = path.join(dir, 'fresh', 'calendar.sqlite');
  t.equal(await runBackupCommand(['restore', path.join(dir, 'copy.sqlite')], { DATABASE_PATH: target }, (l) => out.push(l)), 0);
  t.match(out.at(-1), /^restored .* integrity ok; 1 events/);
  t.same(fs.readdirSync(path.dirname(target)).sort(), ['calendar.sqlite'], 'nothing left beside it');
});
