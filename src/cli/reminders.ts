import { openReminders, openServices } from '../app.js';
import { loadConfig } from '../config.js';
import type { DispatchSummary } from '../mail/dispatcher.js';

const usage = 'Usage: npm run reminders -- run-once   (plans reminders, then sends what is due; for cron)';

/** `run-once`: the in-service dispatcher's work, for a cron job. Returns the exit code. */
export async function runRemindersCommand(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  if (args[0] !== 'run-once') {
    print(usage);
    return 2;
  }
  const config = loadConfig(env);
  const services = openServices({ ...config, demoData: false });
  const log = {
    info: (obj: object, msg?: string) => print(`${msg ?? ''} ${JSON.stringify(obj)}`.trim()),
    warn: (obj: object, msg?: string) => print(`warning: ${msg ?? ''} ${JSON.stringify(obj)}`.trim()),
    error: (obj: object, msg?: string) => print(`error: ${msg ?? ''} ${JSON.stringify(obj)}`.trim()),
  };
  const reminders = openReminders(services, config, log as never);
  try {
    reminders.planner.planAll();
    const summary: DispatchSummary = await reminders.dispatcher.runOnce();
    print(`${summary.sent} sent, ${summary.retrying} to retry, ${summary.failed} failed, ${summary.skipped} skipped (mail: ${reminders.mailer.target})`);
    return reminders.dispatcher.paused ? 1 : 0;
  } finally {
    reminders.mailer.close();
    services.db.$client.close();
  }
}

/* c8 ignore next 3 -- the process entry point; the tests call runRemindersCommand */
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runRemindersCommand(process.argv.slice(2), process.env, (line) => console.log(line));
}
