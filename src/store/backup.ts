import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, servingProcesses } from './database.js';
import { SessionStore } from './sessions.js';

/** The tables whose rows a user entered or the service must not lose, counted to check a copy. */
const COUNTED = ['events', 'event_groups', 'attendance', 'reminders', 'tokens', 'audit'] as const;

export interface DatabaseCheck {
  /** 'ok', or what PRAGMA integrity_check found */
  integrity: string;
  rows: Record<(typeof COUNTED)[number], number>;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** PRAGMA integrity_check and the row counts of a database file, opened read-only. */
export function checkDatabase(file: string): DatabaseCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const rows = Object.fromEntries(COUNTED.map((table) => [table, db.prepare(`select count(*) from ${table}`).pluck().get() as number])) as DatabaseCheck['rows'];
    return { integrity, rows };
  } finally {
    db.close();
  }
}

const remove = (file: string) => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
};

/**
 * A consistent copy of a live database through SQLite's online backup API: the service and the
 * command-line tools go on reading and writing meanwhile. Written to a temporary file, checked,
 * then renamed into place, so a failed backup never leaves a half-written file under its name.
 */
export async function backupDatabase(source: string, target: string): Promise<DatabaseCheck> {
  if (!fs.existsSync(source)) throw new BackupError(`no database at ${source}`);
  if (path.resolve(source) === path.resolve(target)) throw new BackupError('the backup must be another file than the database');
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const temporary = `${target}.${process.pid}.partial`;
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(temporary);
  } finally {
    db.close();
  }
  // one self-contained file: a copy moved alone must not need a write-ahead log beside it
  const copy = new Database(temporary, { fileMustExist: true });
  copy.pragma('journal_mode = DELETE');
  copy.close();
  const check = checkDatabase(temporary);
  if (check.integrity !== 'ok') {
    remove(temporary);
    throw new BackupError(`the copy failed its integrity check: ${check.integrity}`);
  }
  fs.renameSync(temporary, target);
  return check;
}

/**
 * Puts a backup in place of the database, migrated to this version of the service. Refused
 * while a service runs on the database. The database it replaces is kept beside it, whole
 * (its write-ahead log checkpointed into it first), as `<file>.before-restore-<time>`.
 */
export function restoreDatabase(backup: string, target: string, now: Date): { check: DatabaseCheck; kept: string | null } {
  const running = servingProcesses(target);
  if (running.length) throw new BackupError(`the service (process ${running.join(', ')}) is using ${target}: stop it before restoring`);
  if (!fs.existsSync(backup)) throw new BackupError(`no backup at ${backup}`);
  const before = checkDatabase(backup);
  if (before.integrity !== 'ok') throw new BackupError(`the backup failed its integrity check: ${before.integrity}`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const incoming = `${target}.restoring`;
  remove(incoming);
  fs.copyFileSync(backup, incoming);
  // the migrations of this version, then everything folded back into the one file
  const migrated = openDatabase(incoming);
  // a session signed out after the backup was taken would be open again in it
  new SessionStore(migrated).deleteAll();
  migrated.$client.pragma('wal_checkpoint(TRUNCATE)');
  migrated.$client.close();
  const check = checkDatabase(incoming);
  // a read-only look may leave an empty write-ahead log and its index behind
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${incoming}${suffix}`, { force: true });
  let kept: string | null = null;
  if (fs.existsSync(target)) {
    const old = new Database(target, { fileMustExist: true });
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    kept = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, kept);
    remove(target);
  }
  fs.renameSync(incoming, target);
  return { check, kept };
}
