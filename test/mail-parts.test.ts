import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { loadConfig } from '../src/config.js';
import { classify } from '../src/mail/transport.js';
import { startSmtp } from './support/smtp.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

t.test('failures are sorted by reply code, then by kind of error', async (t) => {
  const error = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'failed')), fields);
  t.match(classify(error({ responseCode: 421, response: '421 busy' })), { outcome: 'transient', detail: '421 busy' });
  t.match(classify(error({ responseCode: 452 })), { outcome: 'transient' });
  t.match(classify(error({ responseCode: 550, response: '550 no such user' })), { outcome: 'permanent', detail: '550 no such user' });
  t.match(classify(error({ code: 'EAUTH', responseCode: 535, response: '535 bad login' })), {
    outcome: 'configuration',
    detail: /authentication failed: 535/,
  });
  t.match(classify(error({ code: 'ESOCKET', message: 'self-signed certificate in certificate chain' })), {
    outcome: 'configuration',
    detail: /TLS failed/,
  });
  t.match(classify(error({ code: 'ETLS', message: 'Error initiating TLS' })), { outcome: 'configuration' });
  t.match(classify(error({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })), {
    outcome: 'transient',
    detail: 'ECONNREFUSED: connect ECONNREFUSED',
  });
  t.match(classify(error({ message: 'Connection closed unexpectedly' })), {
    outcome: 'transient',
    detail: 'error: Connection closed unexpectedly',
  });
});

t.test('mail configuration is checked at start, and refuses half a login', async (t) => {
  t.equal(loadConfig({}).mail.smtpUrl, null);
  t.match(loadConfig({ SMTP_URL: 'smtps://user:pass@mail.itu.example:465', MAIL_FROM: 'Calendar <cal@itu.example>' }).mail, {
    smtpUrl: 'smtps://user:pass@mail.itu.example:465',
    from: 'Calendar <cal@itu.example>',
  });
  t.throws(() => loadConfig({ SMTP_URL: 'mail.itu.example' }), /SMTP_URL must look like/);
  t.throws(() => loadConfig({ SMTP_URL: 'http://mail.itu.example' }), /SMTP_URL must look like/);
  t.throws(() => loadConfig({ SMTP_URL: 'smtp://user@mail.itu.example' }), /a user without a password/);
  t.throws(() => loadConfig({ SMTP_URL: 'smtp://:secret@mail.itu.example' }), /a password without a user/);
  t.notMatch(
    String(
      (() => {
        try {
          loadConfig({ SMTP_URL: 'ftp://user:secret@x' });
        } catch (e) {
          return e;
        }
      })(),
    ),
    /secret/,
    'the password is not echoed',
  );
  t.throws(() => loadConfig({ MAIL_FROM: 'nobody' }), /MAIL_FROM/);
  for (const from of [
    'calendar@itu.int',
    'ITU-T events <calendar@itu.int>',
    '"Union internationale des télécommunications, UIT-T" <calendar@itu.int>',
    'calendar@bücher.example',
    ' <calendar@itu.int> ',
  ]) {
    t.equal(loadConfig({ MAIL_FROM: from }).mail.from, from.trim(), `MAIL_FROM '${from}' is taken`);
  }
  const refusals: [string, RegExp][] = [
    ['ITU-T events calendar@itu.int', /only 'calendar@itu\.int' of it is an address: put a name before it as 'Name <calendar@itu\.int>'/],
    ['calendar@itu', /'itu' is not a domain name/],
    ['calendar@-itu-.int', /'-itu-\.int' is not a domain name/],
    ['kalender.büro@itu.int', /the part before @ .* must be/],
    ['events: a@itu.int, b@itu.int;', /a group of addresses/],
    ['Name\n<calendar@itu.int>', /on one line/],
    ['@itu.int', /'@itu\.int' is not an address/],
  ];
  for (const [from, why] of refusals)
    t.throws(() => loadConfig({ MAIL_FROM: from }), { name: 'ConfigError', message: why }, `MAIL_FROM '${from}' is refused`);
  t.throws(() => loadConfig({ TSB_FOCAL_POINT: 'tsb' }), /TSB_FOCAL_POINT/);
  t.throws(() => loadConfig({ REMINDER_LEASE_SECONDS: '5' }), /REMINDER_LEASE_SECONDS/);
  t.match(loadConfig({ REMINDER_LEASE_SECONDS: '40', DISPATCH_INTERVAL_SECONDS: '0' }).mail, {
    leaseMs: 40_000,
    timeoutMs: 20_000,
    dispatchIntervalMs: 0,
  });
});

t.test('the in-service dispatcher sends on its own, and stops with the service', async (t) => {
  const smtp = await startSmtp();
  const clock = new TestClock(Date.parse('2027-01-04T08:00:00Z'));
  const { app, auth } = await startApp(t, { clock: clock.read, demoData: false, mail: { smtpUrl: smtp.url, dispatchIntervalMs: 50 } });
  await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, start: '2027-01-06T09:00', end: '2027-01-06T10:00' },
  });
  clock.set('2027-01-05T06:00:00Z');
  app.root.reminders.dispatcher.start();
  app.root.reminders.dispatcher.start(); // a second start does not add a second timer
  for (let i = 0; i < 100 && smtp.received.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(smtp.received.length, 2, 'sent without anyone calling it');
  await app.close();
  await smtp.stop();
  const quiet = await startApp(t, { demoData: false, mail: { dispatchIntervalMs: 0 } });
  quiet.app.root.reminders.dispatcher.start();
  t.equal((quiet.app.root.reminders.dispatcher as unknown as { timer: unknown }).timer, null, 'an interval of 0 leaves sending to cron');
});

t.test('a change committed by another process shows in the next feed', async (t) => {
  const { app, config } = await startApp(t, { demoData: false });
  const token = app.root.stores.tokens.create('tsb', null, new Date().toISOString()).token;
  const created = (
    await app.inject({ method: 'POST', url: '/api/events', headers: { authorization: `Bearer ${token}` }, payload: workshopBody })
  ).json();
  const before = await app.inject({ url: '/feeds/all.ics' });
  t.match(before.body, 'SUMMARY:ITU-T SG13 workshop');
  // another process, as a command-line tool or a second service process would be
  const write =
    "const Database = require('better-sqlite3'); const db = new Database(process.argv[1]); db.prepare(\"update events set title = 'Renamed elsewhere', sequence = sequence + 1 where id = ?\").run(process.argv[2]); db.close();";
  await promisify(execFile)(process.execPath, ['-e', write, config.databasePath, created.id], {
    env: { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' },
  });
  const after = await app.inject({ url: '/feeds/all.ics', headers: { 'if-none-match': before.headers.etag as string } });
  t.equal(after.statusCode, 200);
  t.match(after.body, 'SUMMARY:Renamed elsewhere');
  t.equal(path.extname(config.databasePath), '.sqlite');
});
