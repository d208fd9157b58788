import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { runBackupCommand } from '../src/cli/backup.js';
import { tempDir } from './support/helpers.js';
import { createDueEvent, makeToken, runCli, startService, type Service } from './support/service.js';

/** npm run backup while the service runs and writes, and npm run restore, as real processes. */

const rowsOf = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

async function registerFigures(service: Service, token: string, id: string, participants: number) {
  const res = await fetch(`${service.url}/api/events/${id}/attendance`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ participants, countries: 5 }),
  });
  if (res.status !== 200) throw new Error(`figures refused: ${res.status} ${await res.text()}`);
}

t.test('a backup taken during a burst of writes restores every committed event, figure and reminder', async (t) => {
  const dir = tempDir(t);
  const databasePath = path.join(dir, 'live.sqlite');
  const token = makeToken(databasePath, 'ro-africa');
  const env = { DATABASE_PATH: databasePath, DISPATCH_INTERVAL_SECONDS: '0', MAIL_DIR: path.join(dir, 'mail') };
  const service = await startService(t, env);
  // an event that has taken place, with figures
  const past = await createDueEvent(service, token, { dueInMs: 0, start: '2026-01-05T09:00:00', title: 'Regional forum' });
  await registerFigures(service, token, past.id, 42);
  await registerFigures(service, token, past.id, 44);

  const committedBefore: string[] = [];
  let writing = true;
  let written = 0;
  const burst = (async () => {
    while (writing && written < 400) {
      const { id } = await createDueEvent(service, token, { dueInMs: 3600_000, title: `Workshop ${written}` });
      written++;
      committedBefore.push(id);
    }
  })();
  while (written < 20) await new Promise((resolve) => setTimeout(resolve, 20));
  const before = [...committedBefore];
  const backupFile = path.join(dir, 'backups', 'calendar.sqlite');
  const backup = await runCli('backup', ['backup', backupFile], env);
  writing = false;
  await burst;
  t.equal(backup.code, 0, backup.out);
  t.match(backup.out, /backed up .* integrity ok; \d+ events, \d+ event groups, 2 attendance, \d+ reminders, 1 tokens/);
  t.ok(written > before.length, `writes went on during the backup: ${before.length} events before it, ${written} by the end`);

  const refused = await runCli('backup', ['restore', backupFile], env);
  t.equal(refused.code, 1, 'restoring under the running service is refused');
  t.match(refused.out, /restore refused: the service \(process \d+\) is using/);

  const restoredPath = path.join(tempDir(t), 'restored', 'calendar.sqlite');
  const restore = await runCli('backup', ['restore', backupFile], { DATABASE_PATH: restoredPath });
  t.equal(restore.code, 0, restore.out);
  t.match(restore.out, /restored .* integrity ok/);
  const restoredIds = new Set(rowsOf(restoredPath, 'select id from events').map((r) => r.id));
  t.ok([past.id, ...before].every((id) => restoredIds.has(id)), 'every event committed before the backup began is there');
  t.same(rowsOf(restoredPath, 'select participants from attendance order by id').map((r) => r.participants), [42, 44], 'figures and their history');
  // the copy is one consistent moment: each of its events has exactly the reminders the live file has for it
  const key = (r: Record<string, unknown>) => `${r.event_id} ${r.occurrence} ${r.rule} ${r.recipient} ${r.message_id}`;
  const live = new Set(rowsOf(databasePath, 'select * from reminders').map(key));
  const copied = rowsOf(restoredPath, 'select * from reminders');
  t.ok(copied.length >= (before.length + 1) * 2, `${copied.length} reminders restored`);
  t.ok(copied.every((r) => live.has(key(r))), 'every restored reminder is one the live database has');
  t.same(new Set(copied.map((r) => r.event_id)), new Set([...restoredIds].filter((id) => id !== past.id)), 'and every restored upcoming event has its reminders');
  await service.stop();

  // the restored file serves
  const again = await startService(t, { ...env, DATABASE_PATH: restoredPath });
  const events = (await (await fetch(`${again.url}/api/events?limit=1`)).json()) as { total: number };
  t.equal(events.total, restoredIds.size);
  await again.stop();
  // and restoring over a stopped service keeps the database it replaces
  const over = await runCli('backup', ['restore', backupFile], env);
  t.equal(over.code, 0, over.out);
  const kept = /kept as (.+)$/m.exec(over.out)?.[1];
  t.ok(kept && fs.existsSync(kept), 'the replaced database is kept');
  t.equal(rowsOf(kept!, 'select count(*) as n from events')[0]!.n, written + 1, 'whole, every write of the burst in it');
});

t.test('backup and restore say what is wrong', async (t) => {
  const dir = tempDir(t);
  const out: string[] = [];
  const print = (line: string) => out.push(line);
  const env = { DATABASE_PATH: path.join(dir, 'none.sqlite') };
  t.equal(await runBackupCommand([], env, print), 2);
  t.match(out.at(-1), /Usage: npm run backup -- <file>/);
  t.equal(await runBackupCommand(['backup', path.join(dir, 'copy.sqlite')], env, print), 1);
  t.match(out.at(-1), /backup refused: no database at/);
  t.equal(await runBackupCommand(['restore', path.join(dir, 'missing.sqlite')], env, print), 1);
  t.match(out.at(-1), /restore refused: no backup at/);
  const garbage = path.join(dir, 'garbage.sqlite');
  fs.writeFileSync(garbage, 'not a database');
  await t.rejects(runBackupCommand(['restore', garbage], env, print), /file is not a database/, 'a file that is no database at all is not a BackupError to hide');
  fs.writeFileSync(env.DATABASE_PATH, '');
  t.equal(await runBackupCommand(['backup', env.DATABASE_PATH], env, print), 1);
  t.match(out.at(-1), /another file than the database/);
});
