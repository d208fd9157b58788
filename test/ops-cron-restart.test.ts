import path from 'node:path';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { startSmtp } from './support/smtp.js';
import { tempDir } from './support/helpers.js';
import { addresses, createDueEvent, makeToken, outboxRows, runRemindersCli, startService, until, untilPast } from './support/service.js';

/**
 * The ways the README offers to run the reminders, as real processes on a real SQLite file with
 * a real SMTP server, in real time: reminders fall due a few seconds after they are planned.
 */

async function setup(t: Test, smtpOptions: Parameters<typeof startSmtp>[0] = {}) {
  const smtp = await startSmtp(smtpOptions);
  t.teardown(() => smtp.stop());
  const databasePath = path.join(tempDir(t), 'ops.sqlite');
  const env = {
    DATABASE_PATH: databasePath,
    SMTP_URL: smtp.url,
    TSB_FOCAL_POINT: 'focal@itu.example',
    REMINDER_LEASE_SECONDS: '10',
    REMINDER_RETRY_SECONDS: '1',
  };
  const token = makeToken(databasePath, 'ro-africa');
  const messageIds = () => smtp.received.map((m) => m.messageId!);
  return { smtp, databasePath, env, token, messageIds };
}

t.test('cron: a reminder due between two run-once runs is sent once, by the second', async (t) => {
  const { smtp, databasePath, env, token, messageIds } = await setup(t);
  const service = await startService(t, { ...env, DISPATCH_INTERVAL_SECONDS: '0' });
  const event = await createDueEvent(service, token, { dueInMs: 6000, notify: ['secretariat@itu.example'] });
  const before = await runRemindersCli(['run-once'], env);
  t.equal(before.code, 0, before.out);
  t.match(before.out, /^0 sent, 0 to retry, 0 failed, 0 skipped/m, 'nothing due yet');
  await untilPast(event.dueAt);
  t.equal(smtp.received.length, 0, 'the service itself sends nothing in cron mode');
  const after = await runRemindersCli(['run-once'], env);
  t.equal(after.code, 0, after.out);
  t.match(
    after.out,
    /^3 sent, 0 to retry, 0 failed, 0 skipped/m,
    'the run after the due time plans, then sends: planning no longer drops what is due',
  );
  const again = await runRemindersCli(['run-once'], env);
  t.match(again.out, /^0 sent/m, 'a third run sends nothing again');
  const rows = outboxRows(databasePath).filter((r) => r.event_id === event.id && r.rule === 'before:PT1M');
  t.same(
    rows.map((r) => r.status),
    ['sent', 'sent', 'sent'],
  );
  t.same(messageIds().sort(), rows.map((r) => r.message_id).sort(), 'each reminder arrived once, with its Message-ID');
  const status = await runRemindersCli(['status'], env);
  t.equal(status.code, 0);
  t.match(status.out, /outbox: \d+ pending, 0 sending, 3 sent, 0 failed, 0 skipped/);
  t.match(status.out, /due now: 0/);
  t.match(status.out, /last sent: 20\d\d-/);
  t.match(status.out, /sending: active/);
  await service.stop();
});

t.test('restart: stopped before the due time, started after it, the reminder goes once, late, with its Message-ID', async (t) => {
  const { databasePath, env, token, messageIds } = await setup(t);
  const first = await startService(t, { ...env, DISPATCH_INTERVAL_SECONDS: '1' });
  const event = await createDueEvent(first, token, { dueInMs: 5000 });
  const broken = await createDueEvent(first, token, { dueInMs: 3600_000, title: 'A series to break' });
  t.equal(await first.stop('SIGTERM'), 0, 'a deploy stops the service cleanly');
  const planned = outboxRows(databasePath).filter((r) => r.event_id === event.id && r.rule === 'before:PT1M');
  t.equal(planned.length, 2, 'the office and TSB were planned before the stop');
  t.ok(planned.every((r) => r.status === 'pending'));
  await untilPast(event.dueAt, 1500);
  // and a row that cannot be planned (two occurrences a day) does not keep the service down
  const db = new Database(databasePath);
  db.prepare("update events set recurrence = 'FREQ=DAILY;BYHOUR=9,14;COUNT=4' where id = ?").run(broken.id);
  db.prepare('delete from reminders where event_id = ?').run(broken.id);
  db.close();
  const second = await startService(t, { ...env, DISPATCH_INTERVAL_SECONDS: '30' });
  await until('the late reminders', () => messageIds().length >= 2, 20_000);
  const lateRows = () => outboxRows(databasePath).filter((r) => r.event_id === event.id && r.rule === 'before:PT1M');
  // the SMTP server has the messages a moment before the dispatcher records them as sent
  await until('their outcome recorded', () => lateRows().every((r) => r.status !== 'sending'), 5_000);
  const rows = lateRows();
  t.same(
    rows.map((r) => r.status),
    ['sent', 'sent'],
    'sent at start, not an interval later, and not skipped by the planning at start',
  );
  t.ok(
    rows.every((r) => Date.parse(r.sent_at!) > Date.parse(r.due_at) + 1000),
    'late: after the due time',
  );
  t.same(messageIds().sort(), planned.map((r) => r.message_id).sort(), 'with the Message-IDs planned before the restart');
  t.ok(
    second.logs.some((l) => l.msg === 'sending a reminder late'),
    'the log says it went late',
  );
  t.ok(
    second.logs.some((l) => l.msg.startsWith('could not plan the reminders of an event') && l.event === broken.id),
    'the broken event is logged with its id',
  );
  // the request log keeps the path, not the query (what someone searched for, a secret in a link)
  await fetch(`${second.url}/api/events?q=private-words`, { headers: { authorization: `Bearer ${token}` } });
  await until('the request in the log', () => second.logs.some((l) => l.url === '/api/events?…'), 5000, 20);
  t.notMatch(second.output(), /private-words/, 'no query in the log');
  t.notMatch(second.output(), new RegExp(token.split('.')[1]!), 'no token in the log');
  t.equal(await second.stop('SIGTERM'), 0);
  t.equal(messageIds().length, 2, 'once each');
});

t.test(
  'SIGTERM while sending: the message in flight finishes, the process exits in seconds, nothing is marked sent that was not',
  async (t) => {
    const { smtp, databasePath, env, token, messageIds } = await setup(t, { delayMs: 100 });
    const service = await startService(t, { ...env, DISPATCH_INTERVAL_SECONDS: '1' });
    const event = await createDueEvent(service, token, { dueInMs: 4000, notify: addresses(10) });
    await untilPast(event.dueAt, 0);
    await until('the first messages', () => smtp.received.length >= 2, 15_000, 20);
    const signalledAt = Date.now();
    const code = await service.stop('SIGTERM');
    const took = Date.now() - signalledAt;
    t.equal(code, 0, 'a clean exit');
    t.ok(took < 8000, `exited ${took} ms after SIGTERM`);
    t.ok(service.logs.some((l) => /^shutting down/.test(l.msg)));
    const rows = outboxRows(databasePath).filter((r) => r.event_id === event.id && r.rule === 'before:PT1M');
    const received = new Set(messageIds());
    const sent = rows.filter((r) => r.status === 'sent');
    t.ok(
      sent.every((r) => received.has(r.message_id)),
      'every row marked sent reached the server',
    );
    t.equal(sent.length, received.size, 'and the message in flight at the signal finished and was recorded');
    t.ok(sent.length < 12, `stopped at a message boundary: ${sent.length} of 12 sent`);
    t.same(
      rows.filter((r) => r.status !== 'sent').map((r) => r.status),
      rows.filter((r) => r.status !== 'sent').map(() => 'pending'),
      'the rest wait, none left half-claimed',
    );
    // the next start sends the rest
    const next = await startService(t, { ...env, DISPATCH_INTERVAL_SECONDS: '1' });
    await until('the rest', () => new Set(messageIds()).size === 12, 20_000);
    t.equal(await next.stop('SIGTERM'), 0);
    t.equal(messageIds().length, 12, 'the messages in flight at the signal finished, so none goes twice');
  },
);

t.test('a second signal exits at once', async (t) => {
  const { env, token } = await setup(t, { delayMs: 4000 });
  const service = await startService(t, { ...env, DISPATCH_INTERVAL_SECONDS: '1' });
  const event = await createDueEvent(service, token, { dueInMs: 3000 });
  await untilPast(event.dueAt, 500);
  service.child.kill('SIGTERM');
  await until('the shutdown to begin', () => service.logs.some((l) => /^shutting down/.test(l.msg)), 5000, 20);
  const at = Date.now();
  t.equal(await service.stop('SIGTERM'), 1, 'the second signal ends it with code 1');
  t.ok(Date.now() - at < 2000, 'at once, not after the grace period');
});
