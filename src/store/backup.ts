import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TSB } from '../domain/vocabulary.js';
import { AuditStore, type AuditRecord } from './audit.js';
import { openDatabase, realFile, sameFile, servingProcesses, writeTransaction, type Db } from './database.js';
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
    const integrity = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    const rows = Object.fromEntries(
      COUNTED.map((table) => [table, db.prepare(`select count(*) from ${table}`).pluck().get() as number]),
    ) as DatabaseCheck['rows'];
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
  if (realFile(source) === realFile(target) || sameFile(source, target))
    throw new BackupError('the backup must be another file than the database');
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

/** A token or a private feed link that the database being replaced had revoked and the backup had not. */
export interface Rerevoked {
  kind: 'token' | 'feed link';
  id: string;
  label: string | null;
  revokedAt: string;
}

/** The tables of what can be revoked (sessions are deleted whole), as each restore carries their revocations over. */
const REVOCABLE = [
  { table: 'tokens', kind: 'token', action: 'token.revoked' },
  { table: 'feed_tokens', kind: 'feed link', action: 'feed-link.revoked' },
] as const;

interface Revocation extends Rerevoked {
  /** the audit row that recorded it, when the replaced database has one */
  audit: { at: string; office_id: string; token_id: string | null; changes: string } | undefined;
}

/** What the database about to be replaced has revoked, with the audit rows saying who and when. */
function revocationsOf(file: string): Revocation[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const has = (table: string) => db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table) !== undefined;
    const audit = has('audit')
      ? db.prepare('select at, office_id, token_id, changes from audit where action = ? and subject = ? order by id desc limit 1')
      : null;
    return REVOCABLE.filter(({ table }) => has(table)).flatMap(({ table, kind, action }) =>
      (
        db.prepare(`select id, label, revoked_at from ${table} where revoked_at is not null order by revoked_at, id`).all() as {
          id: string;
          label: string | null;
          revoked_at: string;
        }[]
      ).map((r) => ({ kind, id: r.id, label: r.label, revokedAt: r.revoked_at, audit: audit?.get(action, r.id) as Revocation['audit'] })),
    );
  } finally {
    db.close();
  }
}

/**
 * Revokes in the incoming copy what the replaced database had revoked and the copy still holds
 * live (the same id), and records each in the audit log as the original revocation was; returns
 * those it revoked. One transaction: all of them or, on a failure, no restore.
 */
function carryRevocations(db: Db, revocations: Revocation[]): Rerevoked[] {
  const audit = new AuditStore(db);
  return writeTransaction(db, () =>
    revocations.flatMap((r) => {
      const { table, action } = REVOCABLE.find((x) => x.kind === r.kind)!;
      const changed = db.$client
        .prepare(`update ${table} set revoked_at = ? where id = ? and revoked_at is null`)
        .run(r.revokedAt, r.id).changes;
      if (!changed) return [];
      audit.record({
        at: r.audit?.at ?? r.revokedAt,
        action,
        event: null,
        subject: r.id,
        office: r.audit?.office_id ?? TSB,
        token: r.audit?.token_id ?? null,
        changes: r.audit ? (JSON.parse(r.audit.changes) as AuditRecord['changes']) : [{ field: 'revokedAt', from: null, to: r.revokedAt }],
      });
      return [{ kind: r.kind, id: r.id, label: r.label, revokedAt: r.revokedAt }];
    }),
  );
}

/**
 * Puts a backup in place of the database, migrated to this version of the service. Refused
 * while a service runs on the database, by whichever path (a symlink or its target) either was
 * given. The database it replaces is kept beside it, whole (its write-ahead log checkpointed into
 * it first), as `<file>.before-restore-<time>`. What it had revoked after the backup was taken
 * stays revoked: a restore never brings back a token or a link that was taken away.
 */
export function restoreDatabase(
  backup: string,
  target: string,
  now: Date,
): { check: DatabaseCheck; kept: string | null; rerevoked: Rerevoked[]; restoredTo: string } {
  // a symlink's target is what the service opens: the files are swapped there, not the link
  const real = realFile(target);
  const running = servingProcesses(real);
  if (running.length) throw new BackupError(`the service (process ${running.join(', ')}) is using ${real}: stop it before restoring`);
  if (!fs.existsSync(backup)) throw new BackupError(`no backup at ${backup}`);
  if (sameFile(backup, real)) throw new BackupError(`${backup} is the database itself: give the backup file`);
  const before = checkDatabase(backup);
  if (before.integrity !== 'ok') throw new BackupError(`the backup failed its integrity check: ${before.integrity}`);
  let revocations: Revocation[] = [];
  if (fs.existsSync(real)) {
    try {
      revocations = revocationsOf(real);
    } catch (error) {
      throw new BackupError(
        `cannot read which tokens and feed links ${real} has revoked (${(error as Error).message}); restoring without them would bring revoked ones back. ` +
          'If that file is beyond reading, move it aside, restore, then revoke again what had been revoked (npm run token -- list, feed list)',
      );
    }
  }
  fs.mkdirSync(path.dirname(real), { recursive: true });
  const incoming = `${real}.restoring`;
  remove(incoming);
  fs.copyFileSync(backup, incoming);
  let rerevoked: Rerevoked[];
  try {
    // the migrations of this version, then everything folded back into the one file
    const migrated = openDatabase(incoming);
    try {
      // a session signed out after the backup was taken would be open again in it
      new SessionStore(migrated).deleteAll();
      rerevoked = carryRevocations(migrated, revocations);
      migrated.$client.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      migrated.$client.close();
    }
  } catch (error) {
    // the database in place is untouched; no half-prepared copy is left beside it
    remove(incoming);
    throw error;
  }
  const check = checkDatabase(incoming);
  // a read-only look may leave an empty write-ahead log and its index behind
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${incoming}${suffix}`, { force: true });
  let kept: string | null = null;
  if (fs.existsSync(real)) {
    const old = new Database(real, { fileMustExist: true });
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    kept = `${real}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(real, kept);
    remove(real);
  }
  fs.renameSync(incoming, real);
  return { check, kept, rerevoked, restoredTo: real };
}
