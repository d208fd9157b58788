import { loadConfig } from '../config.js';
import { escapeControls } from '../domain/text.js';
import { english } from '../i18n/index.js';
import { backup, BackupError, restore, type DatabaseCheck } from '../services/backup.js';
import { runAsProcess } from './entry.js';

/** The command line speaks English: its words are the English catalog's. */
const en = english();

const describe = (check: DatabaseCheck) =>
  en.t('cli.backup.check', {
    integrity: check.integrity,
    rows: Object.entries(check.rows)
      .map(([table, n]) => `${n} ${table.replace('_', ' ')}`)
      .join(', '),
  });

/** `backup <file>` and `restore <file>` on DATABASE_PATH; returns the exit code. */
export async function runBackupCommand(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const [command, file, ...rest] = args;
  if ((command !== 'backup' && command !== 'restore') || !file || rest.length) {
    print(en.t('cli.backup.usage'));
    return 2;
  }
  const config = loadConfig(env);
  try {
    if (command === 'backup') {
      const check = await backup(config, file);
      print(en.t('cli.backup.done', { database: config.databasePath, file, check: describe(check) }));
    } else {
      const { check, kept, rerevoked, restoredTo } = restore(config, file);
      print(en.t('cli.backup.restored', { file, database: restoredTo, check: describe(check) }));
      if (kept) print(en.t('cli.backup.kept', { file: kept }));
      // what was revoked after the backup was taken stays revoked; the operator sees which
      for (const r of rerevoked)
        print(
          en.t('cli.backup.rerevoked', {
            kind: r.kind,
            id: r.id,
            label: r.label === null ? en.t('cli.backup.noLabel') : escapeControls(r.label),
            at: r.revokedAt,
          }),
        );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    print(en.t('cli.backup.refused', { command, reason: error.message }));
    return 1;
  }
}

/* c8 ignore next 3 -- the process entry point; the tests call runBackupCommand */
if (import.meta.url === `file://${process.argv[1]}`) {
  await runAsProcess(() => runBackupCommand(process.argv.slice(2), process.env, (line) => console.log(line)));
}
