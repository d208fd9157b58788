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
  t.ok(
    [past.id, ...before].every((id) => restoredIds.has(id)),
    'every event committed before the backup began is there',
  );
  t.same(
    rowsOf(restoredPath, 'select participants from attendance order by id').map((r) => r.participants),
    [42, 44],
    'figures and their history',
  );
  // the copy is one consistent moment: each of its events has exactly the reminders the live file has for it
  const key = (r: Record<string, unknown>) => `${r.event_id} ${r.occurrence} ${r.rule} ${r.recipient} ${r.message_id}`;
  const live = new Set(rowsOf(databasePath, 'select * from reminders').map(key));
  const copied = rowsOf(restoredPath, 'select * from reminders');
  t.ok(copied.length >= (before.length + 1) * 2, `${copied.length} reminders restored`);
  t.ok(
    copied.every((r) => live.has(key(r))),
    'every restored reminder is one the live database has',
  );
  t.same(
    new Set(copied.map((r) => r.event_id)),
    new Set([...restoredIds].filter((id) => id !== past.id)),
    'and every restored upcoming event has its reminders',
  );
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
  await t.rejects(
    runBackupCommand(['restore', garbage], env, print),
    /file is not a database/,
    'a file that is no database at all is not a BackupError to hide',
  );
  fs.writeFileSync(env.DATABASE_PATH, '');
  t.equal(await runBackupCommand(['backup', env.DATABASE_PATH], env, print), 1);
  t.match(out.at(-1), /another file than the database/);
});

const auditStatus = async (service: Service, token: string) =>
  (await fetch(`${service.url}/api/audit`, { headers: { authorization: `Bearer ${token}` } })).status;
const feedStatus = async (service: Service, link: string) => (await fetch(`${service.url}${new URL(link).pathname}`)).status;

t.test('a restore never brings back a token or a private feed link revoked after the backup was taken', async (t) => {
  const dir = tempDir(t);
  const databasePath = path.join(dir, 'live.sqlite');
  const env = {
    DATABASE_PATH: databasePath,
    DISPATCH_INTERVAL_SECONDS: '0',
    MAIL_DIR: path.join(dir, 'mail'),
    PUBLIC_BASE_URL: 'https://calendar.itu.int',
  };
  const kept = makeToken(databasePath, 'tsb');
  const doomed = makeToken(databasePath, 'ro-africa');
  const doomedId = doomed.split('.')[0]!;
  const link = async (label: string) => {
    const made = await runCli('token', ['feed', 'create', '--office', 'ro-africa', '--label', label], env);
    t.equal(made.code, 0, made.out);
    return /^(https:\S+)$/m.exec(made.out)![1]!;
  };
  const keptLink = await link('Outlook, Addis desk');
  const doomedLink = await link('Phone of a visitor');
  const doomedLinkId = new URL(doomedLink).pathname.split('/')[3]!.slice(0, 8);
  // a label stored before labels had rules: the restore prints it, escaped
  const db = new Database(databasePath);
  db.prepare('update tokens set label = ? where id = ?').run('desk \u001b]52;c;cm0gLXJmIH4K\u0007\u001b[2J', doomedId);
  db.close();

  const service = await startService(t, env);
  t.equal(await auditStatus(service, doomed), 403, 'the office token is accepted (TSB only reads the audit log)');
  t.equal(await feedStatus(service, doomedLink), 200);
  const backupFile = path.join(dir, 'backups', 'calendar.sqlite');
  const backup = await runCli('backup', ['backup', backupFile], env);
  t.equal(backup.code, 0, backup.out);

  // taken away after the backup, from the command line while the service runs
  const revoked = await runCli('token', ['revoke', doomedId], env);
  t.equal(revoked.code, 0, revoked.out);
  const revokedLink = await runCli('token', ['feed', 'revoke', doomedLinkId], env);
  t.equal(revokedLink.code, 0, revokedLink.out);
  // made and revoked after the backup: the backup has no such row to bring back
  const later = makeToken(databasePath, 'ro-asia-pacific');
  t.equal((await runCli('token', ['revoke', later.split('.')[0]!], env)).code, 0);
  t.equal(await auditStatus(service, doomed), 401);
  t.equal(await feedStatus(service, doomedLink), 404);
  await service.stop();

  const restore = await runCli('backup', ['restore', backupFile], env);
  t.equal(restore.code, 0, restore.out);
  const again = restore.out.split('\n').filter((line) => line.startsWith('revoked again: '));
  t.equal(again.length, 2, restore.out);
  t.match(
    again[0],
    new RegExp(
      `^revoked again: token ${doomedId} \\(desk \\\\x1b\\]52;c;cm0gLXJmIH4K\\\\x07\\\\x1b\\[2J\\), revoked \\S+ after the backup$`,
    ),
    'its id and label, the control characters written out',
  );
  t.match(again[1], new RegExp(`^revoked again: feed link ${doomedLinkId} \\(Phone of a visitor\\), revoked `));
  t.notMatch(restore.out, /\u001b|\u0007/, 'nothing raw reaches the terminal');
  const audit = rowsOf(databasePath, "select action, subject, office_id, token_id from audit where action like '%.revoked' order by id");
  t.same(
    audit,
    [
      { action: 'token.revoked', subject: doomedId, office_id: 'tsb', token_id: null },
      { action: 'feed-link.revoked', subject: doomedLinkId, office_id: 'tsb', token_id: null },
    ],
    'the restored audit log says who revoked them, as the replaced one did',
  );

  const restarted = await startService(t, env);
  t.equal(await auditStatus(restarted, doomed), 401, 'the token revoked after the backup is still refused');
  t.equal(await feedStatus(restarted, doomedLink), 404, 'and the link still answers 404');
  t.equal(await auditStatus(restarted, kept), 200, 'a token live in both is live');
  t.equal(await feedStatus(restarted, keptLink), 200, 'and so is a link');
  t.equal(await auditStatus(restarted, later), 401, 'a token made after the backup is not in it');
  await restarted.stop();

  // a second restore of the same backup finds them revoked in the database it replaces, again
  const twice = await runCli('backup', ['restore', backupFile], env);
  t.equal(twice.code, 0, twice.out);
  t.equal(twice.out.split('\n').filter((line) => line.startsWith('revoked again: ')).length, 2);
  t.same(
    rowsOf(databasePath, 'select id from tokens where revoked_at is null order by id').map((r) => r.id),
    [kept.split('.')[0]],
    'only the token never revoked is live',
  );
});

t.test('a restore is refused under a service that opened the file through a symlink, and the reverse', async (t) => {
  const dir = tempDir(t);
  const real = path.join(dir, 'data', 'calendar.sqlite');
  fs.mkdirSync(path.dirname(real));
  const link = path.join(dir, 'calendar.sqlite');
  fs.symlinkSync(real, link);
  const token = makeToken(real, 'ro-africa');
  const backupFile = path.join(dir, 'backup.sqlite');
  t.equal((await runCli('backup', ['backup', backupFile], { DATABASE_PATH: link })).code, 0);
  const env = { DISPATCH_INTERVAL_SECONDS: '0', MAIL_DIR: path.join(dir, 'mail') };

  for (const [served, restored] of [
    [link, real],
    [real, link],
  ] as const) {
    const service = await startService(t, { ...env, DATABASE_PATH: served });
    const refused = await runCli('backup', ['restore', backupFile], { DATABASE_PATH: restored });
    t.equal(refused.code, 1, `served as ${path.relative(dir, served)}, restored as ${path.relative(dir, restored)}: ${refused.out}`);
    t.match(refused.out, /restore refused: the service \(process \d+\) is using .*data\/calendar\.sqlite: stop it before restoring/);
    // the service goes on, and what it acknowledges is in the file it serves
    const { id } = await createDueEvent(service, token, {
      dueInMs: 3600_000,
      title: `Written after the refusal (${path.basename(path.dirname(served))})`,
    });
    t.equal(rowsOf(real, 'select count(*) as n from events where id = ?'.replace('?', `'${id}'`))[0]!.n, 1);
    await service.stop();
  }
  t.ok(fs.lstatSync(link).isSymbolicLink(), 'the symlink is left as it is');

  // stopped: a restore through the symlink swaps the file it points to, and the link keeps pointing at it
  const restore = await runCli('backup', ['restore', backupFile], { DATABASE_PATH: link });
  t.equal(restore.code, 0, restore.out);
  t.match(restore.out, new RegExp(`restored .* to ${real.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`));
  t.ok(fs.lstatSync(link).isSymbolicLink() && fs.realpathSync(link) === fs.realpathSync(real), 'the link still points at the real file');
  t.equal(rowsOf(real, 'select count(*) as n from events')[0]!.n, 0, 'the real file holds the backup');
  t.ok(
    fs.readdirSync(path.dirname(real)).some((f) => f.startsWith('calendar.sqlite.before-restore-')),
    'and the replaced one is kept beside it',
  );
  const self = await runCli('backup', ['restore', link], { DATABASE_PATH: real });
  t.equal(self.code, 1);
  t.match(self.out, /is the database itself/);
});
