import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { eq, isNull } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as schema from '../../db/schema.js';
import { eventSearchText, SEARCH_FOLD_VERSION } from '../domain/search.js';

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
  foldSearchText(db);
  return db;
}

const SEARCH_FOLD_KEY = 'search_fold_version';

/**
 * Writes the search text of the events that lack it (stored before migration 0008), or of every
 * event when the folding changed (SEARCH_FOLD_VERSION): SQL cannot fold text as JavaScript does,
 * so this runs at open, not in the migration. Two processes opening at once fold once.
 */
function foldSearchText(db: Db): void {
  const { events, meta } = schema;
  const folded = () => db.select({ value: meta.value }).from(meta).where(eq(meta.key, SEARCH_FOLD_KEY)).get()?.value;
  const unfolded = () => db.select({ id: events.id }).from(events).where(isNull(events.searchText)).limit(1).get() !== undefined;
  if (folded() === SEARCH_FOLD_VERSION && !unfolded()) return;
  writeTransaction(db, () => {
    const all = folded() !== SEARCH_FOLD_VERSION;
    const rows = db
      .select({
        id: events.id,
        title: events.title,
        description: events.description,
        partners: events.partners,
        translations: events.translations,
        name: events.venueName,
        city: events.venueCity,
        country: events.venueCountry,
      })
      .from(events)
      .where(all ? undefined : isNull(events.searchText))
      .all();
    for (const { id, name, city, country, ...fields } of rows) {
      // not an edit of the event: its sequence and updated_at stay
      db.update(events)
        .set({ searchText: eventSearchText({ ...fields, venue: { name, city, country } }) })
        .where(eq(events.id, id))
        .run();
    }
    db.insert(meta)
      .values({ key: SEARCH_FOLD_KEY, value: SEARCH_FOLD_VERSION })
      .onConflictDoUpdate({ target: meta.key, set: { value: SEARCH_FOLD_VERSION } })
      .run();
  });
}

import { DatabaseUnavailable } from './errors.js';

export { DatabaseUnavailable };

/**
 * Opens an existing database that the service has migrated, for reading only: nothing is
 * created, migrated or written, and SQLite itself refuses any write. A read-only connection may
 * leave an empty write-ahead log and its index beside the file (the service's next start uses
 * them); the database file itself is not touched.
 */
export function openDatabaseForReading(file: string): Db {
  const where = path.resolve(file);
  const startOnce = 'start the service once with npm start';
  // checked first for the message; fileMustExist guarantees that nothing is created either way
  if (file === ':memory:' || !fs.existsSync(file)) throw new DatabaseUnavailable(`no database at ${where}: ${startOnce}`);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // a connection setting, not a write: the service may hold the lock for a moment
    sqlite.pragma('busy_timeout = 5000');
    const latest = readMigrationFiles({ migrationsFolder }).at(-1)!.folderMillis;
    const applied = lastMigration(sqlite);
    if (applied === null) throw new DatabaseUnavailable(`the database at ${where} is not migrated: ${startOnce}`);
    if (applied < latest)
      throw new DatabaseUnavailable(`the database at ${where} is not migrated to this version: ${startOnce} (it migrates)`);
  } catch (error) {
    sqlite.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new DatabaseUnavailable(`${where} is not an SQLite database`);
    throw error;
  }
  return drizzle(sqlite, { schema });
}

/** When the newest migration applied to the file was written (drizzle's record of it); null for a file never migrated. */
function lastMigration(sqlite: Database.Database): number | null {
  const recorded = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!recorded) return null;
  return Number(sqlite.prepare('select max(created_at) from __drizzle_migrations').pluck().get() ?? 0);
}

/**
 * Runs fn in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so two writers
 * queue instead of one failing half-way. fn must be synchronous (better-sqlite3 is).
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/**
 * The file a path names, symlinks resolved (those of its folder when the file does not exist
 * yet): a symlink and its target give one answer, so whichever path the service was started with
 * and whichever the operator types, they meet on the same file.
 */
export function realFile(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    const folder = path.dirname(path.resolve(file));
    try {
      return path.join(fs.realpathSync(folder), path.basename(file));
    } catch {
      return path.resolve(file);
    }
  }
}

/** True when both paths name one existing file (the same device and inode), however they are spelled. */
export function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** The file listing the processes that serve a database: `<database>.pids` beside the real file, one pid a line. */
const pidFile = (databaseFile: string) => `${realFile(databaseFile)}.pids`;

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
  // fixed now: a symlink re-pointed later must not make the service forget the file it has open
  const file = pidFile(databaseFile);
  fs.appendFileSync(file, `${process.pid}\n`);
  return () => {
    const others = livePids(file).filter((pid) => pid !== process.pid);
    if (others.length) fs.writeFileSync(file, others.map((pid) => `${pid}\n`).join(''));
    else fs.rmSync(file, { force: true });
  };
}

/** The live processes serving the database, by whichever path (a symlink or its target) they opened it. */
export function servingProcesses(databaseFile: string): number[] {
  return livePids(pidFile(databaseFile));
}

function livePids(file: string): number[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
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

/**
 * A real write, the smallest there is (one meta row, the time of the probe): a transaction opened
 * and rolled back writes nothing, so it would not notice a file that refuses writes. It waits for
 * another process's lock for a moment only, not the 5 s a change waits: /ready must answer.
 */
export function writeProbe(db: Db): () => void {
  const write = db.$client.prepare(
    "insert into meta (key, value) values ('write_probe', ?) on conflict (key) do update set value = excluded.value",
  );
  return () => {
    const wait = db.$client.pragma('busy_timeout', { simple: true }) as number;
    db.$client.pragma('busy_timeout = 200');
    try {
      write.run(new Date().toISOString());
    } finally {
      db.$client.pragma(`busy_timeout = ${wait}`);
    }
  };
}

/** SQLite's count of commits made by other connections; it changes when another process writes. */
export function dataVersion(db: Db): () => unknown {
  // prepared once: this runs on every feed request
  const statement = db.$client.prepare('PRAGMA data_version').pluck();
  return () => statement.get();
}
