import { loadConfig } from '../config.js';
import { escapeControls } from '../domain/text.js';
import { backup, BackupError, restore, type DatabaseCheck } from '../services/backup.js';

const usage = [
  'Usage: npm run backup -- <file>    a consistent copy of the live database (the service may run), checked',
  '       npm run restore -- <file>   puts a backup in place of DATABASE_PATH (the service must be stopped)',
].join('\n');

const describe = (check: DatabaseCheck) =>
  `integrity ${check.integrity}; ${Object.entries(check.rows)
    .map(([table, n]) => `${n} ${table.replace('_', ' ')}`)
    .join(', ')}`;

/** `backup <file>` and `restore <file>` on DATABASE_PATH; returns the exit code. */
export async function runBackupCommand(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const [command, file, ...rest] = args;
  if ((command !== 'backup' && command !== 'restore') || !file || rest.length) {
    print(usage);
    return 2;
  }
  const config = loadConfig(env);
  try {
    if (command === 'backup') {
      const check = await backup(config, file);
      print(`backed up ${config.databasePath} to ${file}: ${describe(check)}`);
    } else {
      const { check, kept, rerevoked, restoredTo } = restore(config, file);
      print(`restored ${file} to ${restoredTo}: ${describe(check)}`);
      if (kept) print(`the database it replaced is kept as ${kept}`);
      // what was revoked after the backup was taken stays revoked; the operator sees which
      for (const r of rerevoked) print(`revoked again: ${r.kind} ${r.id} (${r.label === null ? 'no label' : escapeControls(r.label)}), revoked ${r.revokedAt} after the backup`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    print(`${command} refused: ${error.message}`);
    return 1;
  }
}

/* c8 ignore next 3 -- the process entry point; the tests call runBackupCommand */
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runBackupCommand(process.argv.slice(2), process.env, (line) => console.log(line));
}
