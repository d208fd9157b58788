import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { runReportCommand } from '../src/cli/report.js';
import { runTokenCommand } from '../src/cli/token.js';
import { escapeControls } from '../src/domain/text.js';
import { signInWith, startApp, tempDir, workshopBody } from './support/helpers.js';
import { makeToken, runCli } from './support/service.js';

// Text from users (token and link labels, titles, a mail server's answer) reaches the operator's
// terminal through the command-line tools: it must not be able to act on it.

// ESC ] 52 writes the clipboard; ESC [ 2J clears the screen; BEL ends the OSC sequence
const HOSTILE = 'desk\u001b]52;c;cm0gLXJmIH4K\u0007\u001b[2J\u202e';
const SHOWN = 'desk\\x1b]52;c;cm0gLXJmIH4K\\x07\\x1b[2J\\u202e';
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

t.test('escapeControls writes out what a terminal would act on, and nothing else', async (t) => {
  t.equal(escapeControls(HOSTILE), SHOWN);
  t.equal(escapeControls('line\nnext\r\n\ttab\u0085'), 'line\\nnext\\r\\n\\ttab\\x85');
  t.equal(
    escapeControls('line\nnext\r\n\ttab\u0085\rx', { lines: true }),
    'line\nnext\r\n\ttab\\x85\\rx',
    'a document keeps its lines and tabs; a lone CR does not',
  );
  t.equal(escapeControls('"a\u009b\u2066"', { json: true }), '"a\\u009b\\u2066"');
  t.equal(
    escapeControls('Addis Ababa – 東京 \u200f عربي ✓'),
    'Addis Ababa – 東京 \u200f عربي ✓',
    'ordinary text, marks and scripts as they are',
  );
});

t.test('token and feed link labels follow the rules of event text', async (t) => {
  const dir = tempDir(t);
  const env = { DATABASE_PATH: path.join(dir, 'cal.sqlite') };
  makeToken(env.DATABASE_PATH, 'tsb');
  const out: string[] = [];
  const count = () => {
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    try {
      return db.prepare('select (select count(*) from tokens) + (select count(*) from feed_tokens)').pluck().get();
    } finally {
      db.close();
    }
  };
  const before = count();
  for (const [label, problem] of [
    [HOSTILE, 'must be one line without control characters'],
    ['two\nlines', 'must be one line without control characters'],
    ['evil\u202etxt.exe', 'must not contain bidirectional override'],
    ['\u200b', 'must contain a visible character'],
  ]) {
    for (const args of [['create'], ['feed', 'create']]) {
      t.equal(
        runTokenCommand([...args, '--office', 'ro-africa', '--label', label!], env, (l) => out.push(l)),
        2,
        `${args.join(' ')} ${JSON.stringify(label)}`,
      );
      t.match(out.at(-1), `--label ${problem}`);
    }
  }
  t.equal(count(), before, 'nothing made');
  t.equal(
    runTokenCommand(['create', '--office', 'ro-africa', '--label', 'Addis Ababa – bureau régional'], env, (l) => out.push(l)),
    0,
    'an ordinary label',
  );

  // the page that makes links
  const { app, token } = await startApp(t, { demoData: false });
  const session = await signInWith(app, token('ro-africa'));
  const post = (label: string) =>
    app.inject({
      method: 'POST',
      url: '/office/feeds',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: { session: session.cookie },
      payload: new URLSearchParams({ csrf: session.csrf, label }).toString(),
    });
  const refused = await post('Outlook\u001b[2J');
  t.equal(refused.statusCode, 400);
  t.match(refused.body, 'label: must be one line without control characters');
  t.equal(app.root.stores.feedTokens.list().length, 0, 'no link made');
  t.equal((await post('Outlook, Addis desk')).statusCode, 200);
});

t.test('the command-line tools print stored text with its control characters written out', async (t) => {
  const dir = tempDir(t);
  const env = { DATABASE_PATH: path.join(dir, 'cal.sqlite'), DEMO_DATA: '0' };
  const { app, config, auth } = await startApp(t, { databasePath: env.DATABASE_PATH, demoData: false });
  const created = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('ro-africa'),
    payload: { ...workshopBody, partners: ['ATU'] },
  });
  t.equal(created.statusCode, 201);
  await app.close();
  t.equal(
    runTokenCommand(['feed', 'create', '--office', 'ro-africa', '--label', 'Outlook'], env, () => {}),
    0,
  );
  // rows stored before the rules, or by hand
  const db = new Database(config.databasePath);
  db.prepare('update tokens set label = ?').run(HOSTILE);
  db.prepare('update feed_tokens set label = ?').run(HOSTILE);
  db.prepare('update events set title = ?').run(`Workshop ${HOSTILE}`);
  const until = new Date(Date.now() + 3600_000).toISOString();
  db.prepare("insert into meta (key, value) values ('dispatch_pause', ?) on conflict (key) do update set value = excluded.value").run(
    JSON.stringify({ reason: `535 ${HOSTILE}`, since: new Date().toISOString(), until }),
  );
  db.close();

  for (const args of [['list'], ['feed', 'list']]) {
    const run = await runCli('token', args, env);
    t.equal(run.code, 0, run.out);
    t.match(run.out, SHOWN, `token ${args.join(' ')}: the label, escaped`);
    t.notMatch(run.out, raw, 'nothing raw reaches the terminal');
  }
  const report = await runCli('report', ['--from', '2024-01-01', '--to', '2024-12-31'], env);
  t.equal(report.code, 0, report.out);
  // Markdown's own escapes (of [ and ]) first, then the terminal's
  t.match(report.out, 'Workshop desk\\x1b\\]52;c;cm0gLXJmIH4K\\x07\\x1b\\[2J\\u202e', 'the Markdown report, its title escaped');
  t.notMatch(report.out, raw);
  const out: string[] = [];
  t.equal(
    runReportCommand(
      ['--from', '2024-01-01', '--to', '2024-12-31', '--format', 'json'],
      env,
      (s) => out.push(s),
      () => {},
    ),
    0,
  );
  t.notMatch(out.join(''), raw);
  t.match(JSON.stringify(JSON.parse(out.join(''))), 'Workshop desk\\u001b]52', 'JSON stays JSON, the title readable back whole');
  out.length = 0;
  t.equal(
    runReportCommand(
      ['--from', '2024-01-01', '--to', '2024-12-31', '--format', 'csv'],
      env,
      (s) => out.push(s),
      () => {},
    ),
    0,
  );
  t.match(out.join(''), /\r\n$/, 'CSV keeps its CRLF rows');
  t.notMatch(out.join('').replaceAll('\r\n', ''), raw);

  const status = await runCli('reminders', ['status'], env);
  t.equal(status.code, 1, status.out);
  t.match(status.out, `sending: PAUSED since`);
  t.match(status.out, `: 535 ${SHOWN}`, "the mail server's answer, escaped");
  t.notMatch(status.out, raw);
});
