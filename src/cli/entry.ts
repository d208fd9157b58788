import { ConfigError } from '../config.js';
import { english } from '../i18n/index.js';

/**
 * Runs a command-line tool as a process: its exit code, or, for a setting that is wrong, the one
 * line naming it and exit code 2, as the service says it at its start (a stack trace tells an
 * operator nothing they can act on).
 */
export async function runAsProcess(run: () => number | Promise<number>): Promise<void> {
  try {
    process.exitCode = await run();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(english().t('cli.configError', { reason: error.message }));
    process.exitCode = 2;
  }
}
