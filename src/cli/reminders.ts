import { compose } from '../compose.js';
import { loadConfig } from '../config.js';
import { OPERATOR } from '../domain/access.js';
import { escapeControls } from '../domain/text.js';
import { DatabaseUnavailable } from '../errors.js';
import { sendingFailure, type DispatchSummary } from '../mail/dispatcher.js';
import type { OutboxHealth, RecentSends, ReminderRow } from '../services/reminders.js';
import { english } from '../i18n/index.js';
import { lineLogger } from './log.js';
import { runAsProcess } from './entry.js';

/** The command line speaks English: its words are the English catalog's. */
const en = english();

const age = (fromIso: string, now: Date) => {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(fromIso)) / 1000));
  return seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
};

/** The same picture as /ready and /metrics, in words, for an operator with a cron setup. */
export function describeHealth(health: OutboxHealth, now: Date): string[] {
  const s = health.byStatus;
  return [
    en.t('cli.status.outbox', { ...s }),
    health.oldestDueAt
      ? en.t('cli.status.dueOldest', { due: health.due, age: age(health.oldestDueAt, now), since: health.oldestDueAt })
      : en.t('cli.status.due', { due: health.due }),
    health.nextDueAt ? en.t('cli.status.next', { at: health.nextDueAt }) : en.t('cli.status.nothingPlanned'),
    health.lastSentAt
      ? en.t('cli.status.lastSent', { at: health.lastSentAt, age: age(health.lastSentAt, now) })
      : en.t('cli.status.neverSent'),
    health.pause ? en.t('cli.status.paused', { ...health.pause }) : en.t('cli.status.active'),
    ...recentLines(health.recent),
  ];
}

/** The attempts to send of the last minutes, by every process, when there were any. */
function recentLines(recent: RecentSends): string[] {
  if (recent.attempts === 0) return [];
  const failing = sendingFailure(recent);
  if (failing) return [en.t('cli.status.failing', { failing })];
  const minutes = Math.round(recent.windowMs / 60_000);
  return [
    en.t(recent.failed ? 'cli.status.recentFailed' : 'cli.status.recent', {
      minutes,
      attempts: recent.attempts,
      failed: recent.failed,
      last: recent.lastError ?? '',
    }),
  ];
}

/** The failed reminders, the newest first, with their reasons: what an operator acts on. */
function failedLines(rows: ReminderRow[], total: number): string[] {
  if (total === 0) return [];
  return [
    en.t(total > rows.length ? 'cli.status.failedNewest' : 'cli.status.failed', { total, shown: rows.length }),
    ...rows.map(
      (r) =>
        `  ${en.t('cli.status.failedRow', { id: r.id, rule: r.rule, recipient: r.recipient, event: r.eventId, attempts: r.attempts, reason: r.lastError ?? en.t('cli.status.noReason') })}`,
    ),
  ];
}

/** `run-once`: the in-service dispatcher's work, for a cron job; `status`: the outbox's health. Returns the exit code. */
export async function runRemindersCommand(args: string[], env: NodeJS.ProcessEnv, printLine: (line: string) => void): Promise<number> {
  // a pause's reason and a failure's message are what a mail server answered, and an event id or
  // title comes from the database: text from outside, which must not act on the terminal
  const print = (line: string) => printLine(escapeControls(line));
  if (args[0] !== 'run-once' && args[0] !== 'status') {
    print(en.t('cli.reminders.usage'));
    return 2;
  }
  const config = loadConfig(env);
  const log = lineLogger(print);
  if (args[0] === 'status') {
    // a look at the outbox writes nothing, as the report does not
    let root;
    try {
      root = compose(config, { mode: 'read', log });
    } catch (error) {
      if (!(error instanceof DatabaseUnavailable)) throw error;
      print(error.message);
      return 2;
    }
    try {
      const now = config.clock();
      const health = root.services.reminders.health(OPERATOR);
      for (const line of describeHealth(health, now)) print(line);
      const failed = root.services.reminders.list(OPERATOR, { status: 'failed', limit: 10, offset: 0 });
      for (const line of failedLines(failed.items, failed.total)) print(line);
      return health.pause || sendingFailure(health.recent) ? 1 : 0;
    } finally {
      await root.close();
    }
  }
  // demo events are the service's to load at its start, not a cron run's
  const root = compose({ ...config, demoData: false }, { log });
  const { reminders } = root;
  try {
    for (const { event, error } of reminders.planner.planAll().failed)
      print(en.t('cli.reminders.planFailed', { event, reason: (error as Error).message }));
    const summary: DispatchSummary = await reminders.dispatcher.runOnce();
    print(en.t('cli.reminders.summary', { ...summary, target: reminders.mailer.target }));
    return reminders.dispatcher.paused ? 1 : 0;
  } finally {
    await root.close();
  }
}

/* c8 ignore next 3 -- the process entry point; the tests call runRemindersCommand */
if (import.meta.url === `file://${process.argv[1]}`) {
  await runAsProcess(() => runRemindersCommand(process.argv.slice(2), process.env, (line) => console.log(line)));
}
