import { compose } from '../compose.js';
import { loadConfig } from '../config.js';
import { OPERATOR } from '../domain/access.js';
import { escapeControls } from '../domain/text.js';
import { DatabaseUnavailable } from '../errors.js';
import { sendingFailure, type DispatchSummary } from '../mail/dispatcher.js';
import type { OutboxHealth, RecentSends, ReminderRow } from '../services/reminders.js';
import { lineLogger } from './log.js';

const usage = [
  'Usage: npm run reminders -- run-once   plans reminders, then sends what is due (for cron); exits 1 when sending is paused',
  '       npm run reminders -- status     the outbox at a glance, and the failed reminders with their reasons;',
  '                                       exits 1 when sending is paused or every attempt of the last 15 minutes failed',
].join('\n');

const age = (fromIso: string, now: Date) => {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(fromIso)) / 1000));
  return seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
};

/** The same picture as /ready and /metrics, in words, for an operator with a cron setup. */
export function describeHealth(health: OutboxHealth, now: Date): string[] {
  const s = health.byStatus;
  return [
    `outbox: ${s.pending} pending, ${s.sending} sending, ${s.sent} sent, ${s.failed} failed, ${s.skipped} skipped`,
    `due now: ${health.due}${health.oldestDueAt ? ` (the oldest due for ${age(health.oldestDueAt, now)}, since ${health.oldestDueAt})` : ''}`,
    `next due: ${health.nextDueAt ?? 'nothing planned'}`,
    `last sent: ${health.lastSentAt ? `${health.lastSentAt} (${age(health.lastSentAt, now)} ago)` : 'never'}`,
    health.pause ? `sending: PAUSED since ${health.pause.since} until ${health.pause.until}: ${health.pause.reason}` : 'sending: active',
    ...recentLines(health.recent),
  ];
}

/** The attempts to send of the last minutes, by every process, when there were any. */
function recentLines(recent: RecentSends): string[] {
  if (recent.attempts === 0) return [];
  const failing = sendingFailure(recent);
  if (failing) return [`sending: FAILING: ${failing}`];
  const failed = recent.failed ? `, ${recent.failed} failed (the last: ${recent.lastError})` : '';
  return [`last ${Math.round(recent.windowMs / 60_000)} minutes: ${recent.attempts} attempts to send${failed}`];
}

/** The failed reminders, the newest first, with their reasons: what an operator acts on. */
function failedLines(rows: ReminderRow[], total: number): string[] {
  if (total === 0) return [];
  return [
    `failed: ${total} (retry one with POST /api/reminders/<id>/retry)${total > rows.length ? `, the ${rows.length} newest:` : ':'}`,
    ...rows.map((r) => `  #${r.id} ${r.rule} to ${r.recipient} of event ${r.eventId}, ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}: ${r.lastError ?? 'no reason recorded'}`),
  ];
}

/** `run-once`: the in-service dispatcher's work, for a cron job; `status`: the outbox's health. Returns the exit code. */
export async function runRemindersCommand(args: string[], env: NodeJS.ProcessEnv, printLine: (line: string) => void): Promise<number> {
  // a pause's reason and a failure's message are what a mail server answered, and an event id or
  // title comes from the database: text from outside, which must not act on the terminal
  const print = (line: string) => printLine(escapeControls(line));
  if (args[0] !== 'run-once' && args[0] !== 'status') {
    print(usage);
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
    for (const { event, error } of reminders.planner.planAll().failed) print(`error: could not plan the reminders of event ${event}: ${(error as Error).message}`);
    const summary: DispatchSummary = await reminders.dispatcher.runOnce();
    print(`${summary.sent} sent, ${summary.retrying} to retry, ${summary.failed} failed, ${summary.skipped} skipped (mail: ${reminders.mailer.target})`);
    return reminders.dispatcher.paused ? 1 : 0;
  } finally {
    await root.close();
  }
}

/* c8 ignore next 3 -- the process entry point; the tests call runRemindersCommand */
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runRemindersCommand(process.argv.slice(2), process.env, (line) => console.log(line));
}
