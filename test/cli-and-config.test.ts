import { spawn } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import { runTokenCommand } from '../src/cli/token.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/store/database.js';
import { TokenStore } from '../src/store/tokens.js';
import { tempDir } from './support/helpers.js';
import { childEnv, SERVER } from './support/service.js';

t.test('configuration defaults and checks', async (t) => {
  const config = loadConfig({});
  t.match(config, {
    host: '127.0.0.1',
    port: 3000,
    demoData: true,
    publicBaseUrl: 'http://127.0.0.1:3000',
    databasePath: path.join('data', 'calendar.sqlite'),
  });
  const custom = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATABASE_PATH: '/tmp/x.sqlite',
    DEMO_DATA: '0',
    PUBLIC_BASE_URL: 'https://calendar.itu.example/',
    OFFICE_EMAILS: 'ro-africa=a@itu.example,b@itu.example; tsb=tsb@itu.example',
  });
  t.match(custom, {
    port: 8080,
    host: '0.0.0.0',
    databasePath: '/tmp/x.sqlite',
    demoData: false,
    publicBaseUrl: 'https://calendar.itu.example',
  });
  t.same(custom.officeEmails, { 'ro-africa': ['a@itu.example', 'b@itu.example'], tsb: ['tsb@itu.example'] });
  t.equal(loadConfig({ DEMO_DATA: 'yes' }).demoData, true);
  t.throws(() => loadConfig({ PORT: 'eighty' }), { name: 'ConfigError' });
  t.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
  t.throws(() => loadConfig({ DEMO_DATA: 'maybe' }), /DEMO_DATA/);
  t.throws(() => loadConfig({ PUBLIC_BASE_URL: 'calendar' }), /PUBLIC_BASE_URL/);
  t.throws(() => loadConfig({ OFFICE_EMAILS: 'ro-africa=not-an-address' }), /OFFICE_EMAILS/);
  t.equal(loadConfig({ AUTH_FAILURE_WINDOW_SECONDS: '60' }).authFailureWindowMs, 60_000);
});

t.test('npm run token: create prints a URL-safe token once, revoke ends it', async (t) => {
  const env = { DATABASE_PATH: path.join(tempDir(t), 'cli.sqlite') };
  const out: string[] = [];
  t.equal(
    runTokenCommand(['create', '--office', 'ro-africa', '--label', 'Addis desk'], env, (l) => out.push(l)),
    0,
  );
  const token = out[1]!;
  t.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{40,}$/, 'URL-safe characters only');
  const id = token.split('.')[0]!;
  const db = openDatabase(env.DATABASE_PATH);
  const store = new TokenStore(db);
  t.equal(store.verify(token), 'ro-africa');
  t.notMatch(JSON.stringify(db.$client.prepare('select * from tokens').all()), token.split('.')[1]!, 'only a hash is stored');
  out.length = 0;
  t.equal(
    runTokenCommand(['list'], env, (l) => out.push(l)),
    0,
  );
  t.match(out[0], new RegExp(`^${id}\\tro-africa\\tactive\\tAddis desk`));
  t.equal(
    runTokenCommand(['revoke', id], env, (l) => out.push(l)),
    0,
  );
  t.equal(store.verify(token), undefined, 'a revoked token no longer works');
  t.equal(
    runTokenCommand(['revoke', id], env, (l) => out.push(l)),
    1,
    'revoking twice says so',
  );
  t.equal(
    runTokenCommand(['create', '--office', 'tsb'], env, (l) => out.push(l)),
    0,
  );
  out.length = 0;
  runTokenCommand(['list'], env, (l) => out.push(l));
  t.match(out, [/\tro-africa\trevoked 20\d\d-/, /\ttsb\tactive\t$/]);
  t.equal(
    runTokenCommand(['create'], env, (l) => out.push(l)),
    2,
    'an office is required',
  );
  t.equal(
    runTokenCommand(['revoke'], env, (l) => out.push(l)),
    2,
    'an id is required',
  );
  t.equal(
    runTokenCommand(['create', '--office', 'ro-mars'], env, (l) => out.push(l)),
    2,
  );
  t.match(out.at(-1), /--office must be one of: .*ro-africa/);
  t.equal(
    runTokenCommand([], env, (l) => out.push(l)),
    2,
  );
  t.match(out.at(-1), /Usage/);
  db.$client.close();
});

t.test('npm start serves /health on the configured port with a fresh database', async (t) => {
  const dir = tempDir(t);
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [SERVER], {
    env: childEnv({ DEMO_DATA: '1', PORT: String(port), DATABASE_PATH: path.join(dir, 'db', 'start.sqlite'), LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let body: unknown;
  // a first start migrates, loads the demo data and plans it: allow for a busy machine
  for (let i = 0; i < 300 && body === undefined; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      body = await res.json();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  t.same(body, { status: 'ok' });
  const events = (await (await fetch(`http://127.0.0.1:${port}/api/events?limit=1`)).json()) as { total: number };
  t.ok(events.total > 30, 'demo data loaded on first start');
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'shuts down cleanly on SIGTERM');
});

t.test('a bad configuration stops the start with a message', async (t) => {
  const child = spawn(process.execPath, [SERVER], { env: childEnv({ PORT: 'eighty' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.equal(code, 2);
  t.match(stderr, /Configuration error: PORT must be a whole number/);
});

t.test('every command-line tool says a bad setting in one line and exits 2, as the service does', async (t) => {
  const tools: [string, string[]][] = [
    ['token.js', ['list']],
    ['reminders.js', ['status']],
    ['export-feeds.js', [tempDir(t)]],
    ['report.js', ['--from', '2025-01-01', '--to', '2025-12-31']],
    ['backup.js', ['backup', path.join(tempDir(t), 'copy.db')]],
  ];
  for (const [tool, args] of tools) {
    const child = spawn(process.execPath, [path.join(path.dirname(SERVER), 'cli', tool), ...args], {
      env: childEnv({ METRICS_TOKEN: 'short' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    t.equal(code, 2, `${tool}: exit code 2`);
    t.equal(
      stderr.trim(),
      'Configuration error: METRICS_TOKEN must be at least 24 URL-safe characters (letters, digits, . _ ~ -)',
      `${tool}: one line naming the setting`,
    );
  }
});
