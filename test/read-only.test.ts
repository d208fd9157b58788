import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { compose } from '../src/compose.js';

/** The stores over a database opened as a process would (the root's other parts are not started). */
const storesOf = (...args: Parameters<typeof compose>) => compose(...args).stores;
import { exportFeeds } from '../src/cli/export-feeds.js';
import { runReportCommand } from '../src/cli/report.js';
import { loadConfig } from '../src/config.js';
import { startApp, tempDir, workshopBody } from './support/helpers.js';
import { runCli } from './support/service.js';

// `npm run report` and `npm run feeds:export` read: run from cron against the live database they
// must not migrate it, rewrite the reference rows, load the demo events or plan reminders. The
// tests below run the compiled commands too: `npm run build` first.

const TABLES = [
  'events',
  'event_groups',
  'occurrence_overrides',
  'attendance',
  'regions',
  'offices',
  'groups',
  'tokens',
  'sessions',
  'reminders',
  'meta',
  '__drizzle_migrations',
];

/** A database as the service leaves it: migrated, reference data, one event, no demo events, closed. */
async function serviceDatabase(): Promise<string> {
  const databasePath = path.join(tempDir(t), 'calendar.sqlite');
  const { app, auth } = await startApp(t, { databasePath, demoData: false });
  const res = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth('tsb'),
    payload: { ...workshopBody, start: '2024-03-05T09:00', end: '2024-03-06T00:00' },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  await app.close();
  return databasePath;
}

/** Everything a write would change: the file's bytes and time, the rows, and SQLite's own count of commits. */
function watch(file: string) {
  const bytes = fs.readFileSync(file);
  const mtimeMs = fs.statSync(file).mtimeMs;
  const observer = new Database(file, { readonly: true, fileMustExist: true });
  const dataVersion = () => observer.pragma('data_version', { simple: true }) as number;
  const dump = () => JSON.stringify(TABLES.map((table) => observer.prepare(`select * from "${table}" order by rowid`).all()));
  const before = { version: dataVersion(), dump: dump() };
  return {
    counts: () => Object.fromEntries(TABLES.map((table) => [table, observer.prepare(`select count(*) from "${table}"`).pluck().get()])),
    check(t: Test, what: string) {
      t.equal(dataVersion(), before.version, `${what}: no commit by any connection (PRAGMA data_version)`);
      t.equal(dump(), before.dump, `${what}: the same rows`);
      t.ok(fs.readFileSync(file).equals(bytes), `${what}: the same bytes`);
      t.equal(fs.statSync(file).mtimeMs, mtimeMs, `${what}: the same modification time`);
      const wal = `${file}-wal`;
      t.equal(fs.existsSync(wal) ? fs.statSync(wal).size : 0, 0, `${what}: nothing in the write-ahead log`);
    },
    close: () => observer.close(),
  };
}

const period = ['--from', '2024-01-01', '--to', '2024-12-31'];

t.test('the report, the feed export and the outbox status write nothing, with DEMO_DATA on', async (t) => {
  const databasePath = await serviceDatabase();
  const watcher = watch(databasePath);
  t.teardown(() => watcher.close());
  t.equal(watcher.counts().events, 1);
  const env = { DATABASE_PATH: databasePath, DEMO_DATA: '1' };

  const out: string[] = [];
  const err: string[] = [];
  t.equal(
    runReportCommand(
      [...period, '--format', 'csv'],
      env,
      (s) => out.push(s),
      (s) => err.push(s),
    ),
    0,
    err.join('\n'),
  );
  t.match(out.join(''), /ITU-T SG13 workshop on future networks,2024-03-05,2024-03-05,5 March 2024,"AICC, Arusha, Tanzania"/);
  watcher.check(t, 'npm run report, in process');

  const exported = exportFeeds(env, tempDir(t));
  t.ok(exported.written.includes('all.ics'));
  watcher.check(t, 'feeds:export, in process');

  const report = await runCli('report', [...period, '--format', 'md'], env);
  t.equal(report.code, 0, report.out);
  t.match(report.out, /ITU-T SG13 workshop on future networks 5 March 2024, AICC, Arusha, Tanzania/);
  const feeds = await runCli('export-feeds', [tempDir(t)], env);
  t.equal(feeds.code, 0, feeds.out);
  const status = await runCli('reminders', ['status'], env);
  t.equal(status.code, 0, status.out);
  t.match(status.out, /^outbox: \d+ pending/m);
  watcher.check(t, 'the compiled commands');
  t.equal(watcher.counts().events, 1, 'no demo events loaded');

  // the check sees a write: opening for serving loads the demo events into the same file
  storesOf(loadConfig(env)).db.$client.close();
  t.not(watcher.counts().events, 1, 'opening to serve writes, and the check would see it');
});

t.test('a read-only open refuses to write', async (t) => {
  const databasePath = await serviceDatabase();
  const services = storesOf(loadConfig({ DATABASE_PATH: databasePath }), { mode: 'read' });
  t.teardown(() => services.db.$client.close());
  t.throws(() => services.db.$client.prepare('delete from events').run(), /readonly/);
});

t.test('a database that is missing, not migrated or not a database: a message and exit code 2, nothing created', async (t) => {
  const dir = tempDir(t);
  const missing = path.join(dir, 'data', 'calendar.sqlite');
  const report = (databasePath: string) => {
    const err: string[] = [];
    const code = runReportCommand(
      period,
      { DATABASE_PATH: databasePath },
      () => {},
      (s) => err.push(s),
    );
    return { code, message: err.join('\n') };
  };

  t.same(report(missing), { code: 2, message: `no database at ${missing}: start the service once with npm start` });
  t.throws(() => exportFeeds({ DATABASE_PATH: missing }, path.join(dir, 'out')), {
    message: `no database at ${missing}: start the service once with npm start`,
  });
  for (const name of ['report', 'export-feeds', 'reminders'] as const) {
    const args = name === 'report' ? period : name === 'reminders' ? ['status'] : [path.join(dir, 'out')];
    const run = await runCli(name, args, { DATABASE_PATH: missing });
    t.equal(run.code, 2, `${name}: ${run.out}`);
    t.match(run.out, `no database at ${missing}: start the service once with npm start`);
    t.notMatch(run.out, /at .*\.js:\d+/, `${name}: no stack trace`);
  }
  t.same(fs.readdirSync(dir), [], 'neither the file nor its folder is created, nor an export');

  const empty = path.join(dir, 'empty.sqlite');
  fs.writeFileSync(empty, '');
  t.same(report(empty), { code: 2, message: `the database at ${empty} is not migrated: start the service once with npm start` });
  t.equal(fs.statSync(empty).size, 0, 'and stays empty');

  const older = await serviceDatabase();
  const downgrade = new Database(older);
  downgrade.prepare('delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)').run();
  downgrade.close();
  t.same(report(older), {
    code: 2,
    message: `the database at ${older} is not migrated to this version: start the service once with npm start (it migrates)`,
  });

  const junk = path.join(dir, 'junk.sqlite');
  fs.writeFileSync(junk, 'not a database '.repeat(40));
  t.same(report(junk), { code: 2, message: `${junk} is not an SQLite database` });
});

t.test('buildApp plans no reminders: the service plans them when it starts (server.ts)', async (t) => {
  const { app } = await startApp(t, { demoData: true });
  t.ok(app.root.stores.events.all({}).length > 10, 'the demo events are loaded');
  t.equal(app.root.stores.db.$client.prepare('select count(*) from reminders').pluck().get(), 0, 'and none of their reminders planned');
  app.root.reminders.planner.planAll();
  t.ok((app.root.stores.db.$client.prepare('select count(*) from reminders').pluck().get() as number) > 0, 'until the start plans them');
});
