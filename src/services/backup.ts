import type { AppConfig } from '../config.js';
import { backupDatabase, restoreDatabase, type DatabaseCheck, type Rerevoked } from '../store/backup.js';

export { BackupError, type DatabaseCheck, type Rerevoked } from '../store/backup.js';

/*
 * Backups and restores work on the database file itself, never through an open service: a backup
 * copies the live file through SQLite's online backup API, a restore replaces the file of a
 * stopped service. So they take the configuration, not a composed root.
 */

/** A consistent, checked copy of the live database into `target`. */
export function backup(config: Pick<AppConfig, 'databasePath'>, target: string): Promise<DatabaseCheck> {
  return backupDatabase(config.databasePath, target);
}

/** Puts a backup in place of the database (the service stopped), the revocations made since carried over. */
export function restore(
  config: Pick<AppConfig, 'databasePath' | 'clock'>,
  file: string,
): { check: DatabaseCheck; kept: string | null; rerevoked: Rerevoked[]; restoredTo: string } {
  return restoreDatabase(file, config.databasePath, config.clock());
}
