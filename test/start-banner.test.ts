import { spawn } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import { startBanner } from '../src/banner.js';
import { tempDir } from './support/helpers.js';
import { childEnv, freePort, SERVER, startService, until } from './support/service.js';

t.test('the banner says where everything is, in plain words', async (t) => {
  const files = startBanner({
    baseUrl: 'http://127.0.0.1:3000',
    databasePath: '/srv/cal/data/calendar.sqlite',
    mailTarget: 'files in /srv/cal/data/mail',
    dispatchIntervalMs: 30_000,
    demoData: true,
  });
  t.match(files, /Calendar +http:\/\/127\.0\.0\.1:3000\/\n/);
  t.match(files, /API and docs +http:\/\/127\.0\.0\.1:3000\/docs/);
  t.match(files, /feeds\/regions\/africa\.ics/);
  t.match(files, /Database +\/srv\/cal\/data\/calendar\.sqlite +\(with the demo events/);
  t.match(files, /Reminders +written as \.eml files, not sent: \/srv\/cal\/data\/mail \(set SMTP_URL to send them\); checked every 30 s/);
  const smtp = startBanner({
    baseUrl: 'https://cal.itu.int',
    databasePath: '/d.sqlite',
    mailTarget: 'smtp://mail.itu.int:587',
    dispatchIntervalMs: 0,
    demoData: false,
  });
  t.match(
    smtp,
    /Reminders +sent through SMTP at smtp:\/\/mail\.itu\.int:587; not sent by this service: run `npm run reminders -- run-once` from cron/,
  );
  t.notMatch(smtp, /demo events/);
});

t.test('npm start in a terminal: the banner with the real address, then readable log lines', async (t) => {
  const dir = tempDir(t);
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER], {
    env: childEnv({
      PORT: String(port),
      DATABASE_PATH: path.join(dir, 'db.sqlite'),
      MAIL_DIR: path.join(dir, 'mail'),
      LOG_FORMAT: 'pretty',
      LOG_LEVEL: 'info',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk));
  await until(
    'the banner and the first log line',
    () => out.includes('Stop with Ctrl+C.') && /INFO: Server listening at/.test(out),
    45_000,
    50,
  );
  t.match(out, new RegExp(`Calendar +http://127\\.0\\.0\\.1:${port}/`));
  t.match(out, `Database        ${path.join(dir, 'db.sqlite')}`);
  t.match(out, `written as .eml files, not sent: ${path.join(dir, 'mail')}`);
  t.notMatch(out, /^\{"level"/m, 'no JSON in a terminal');
});

t.test('npm start under a service manager or in a pipe: JSON lines, the same facts in one of them', async (t) => {
  const dir = tempDir(t);
  const service = await startService(t, { DATABASE_PATH: path.join(dir, 'db.sqlite'), MAIL_DIR: path.join(dir, 'mail') });
  const started = await until('the start line', () => service.logs.find((l) => l.msg === 'service started'), 10_000, 50);
  t.equal(started.baseUrl, service.url, 'the real address, PORT=0 included');
  t.equal(started.databasePath, path.join(dir, 'db.sqlite'));
  t.equal(started.mailTarget, `files in ${path.join(dir, 'mail')}`);
  t.notMatch(service.output(), /Stop with Ctrl\+C/, 'no banner in a log');
});

t.test('LOG_FORMAT other than pretty or json is a configuration error', async (t) => {
  const child = spawn(process.execPath, [SERVER], {
    env: childEnv({ LOG_FORMAT: 'xml', DATABASE_PATH: path.join(tempDir(t), 'db.sqlite') }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  t.equal(code, 2);
  t.match(err, /LOG_FORMAT must be pretty or json, got 'xml'/);
});
