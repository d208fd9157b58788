import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../../db/schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/**
 * Opens (creating if needed) and migrates the SQLite file. Every pragma the service relies on
 * is set here and nowhere else.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // a second process (a cron run of the reminders, a feed export) waits instead of failing
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return db;
}

/**
 * Runs fn in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so two writers
 * queue instead of one failing half-way. fn must be synchronous (better-sqlite3 is).
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/** The file listing the processes that serve a database: `<database>.pids`, one pid a line. */
const pidFile = (databaseFile: string) => `${path.resolve(databaseFile)}.pids`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Says that this process serves the database, so `npm run restore` can refuse to replace it
 * under a running service; returns the function that takes it back. A crash leaves a stale
 * line, which `servingProcesses` passes over because its process is gone.
 */
export function registerServingProcess(databaseFile: string): () => void {
  const file = pidFile(databaseFile);
  fs.appendFileSync(file, `${process.pid}\n`);
  return () => {
    const others = servingProcesses(databaseFile).filter((pid) => pid !== process.pid);
    if (others.length) fs.writeFileSync(file, others.map((pid) => `${pid}\n`).join(''));
    else fs.rmSync(file, { force: true });
  };
}

/** The live processes serving the database. */
export function servingProcesses(databaseFile: string): number[] {
  let text: string;
  try {
    text = fs.readFileSync(pidFile(databaseFile), 'utf8');
  } catch {
    return [];
  }
  return [...new Set(text.split('\n').filter(Boolean).map(Number))].filter((pid) => Number.isInteger(pid) && pid > 0 && alive(pid));
}

/** A cheap read that fails when the database cannot be read: prepared once, as a load balancer may ask every second. */
export function readinessProbe(db: Db): () => void {
  const probe = db.$client.prepare('select count(*) from meta').pluck();
  return () => void probe.get();
}

/** SQLite's count of commits made by other connections; it changes when another process writes. */
export function dataVersion(db: Db): () => unknown {
  // prepared once: this runs on every feed request
  const statement = db.$client.prepare('PRAGMA data_version').pluck();
  return () => statement.get();
}
