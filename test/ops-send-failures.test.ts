import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { createDueEvent, makeToken, outboxRows, runRemindersCli, serviceFiles, startService, until, untilPast } from './support/service.js';

/**
 * A failure of the mail itself, on the compiled service, in real time: the mail folder is a file.
 * Every attempt throws EEXIST; nothing may wait in 'sending' for its lease to run out.
 */

interface ApiReminder {
  id: number;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

t.test(
  'MAIL_DIR is a file: each reminder leaves sending at once with the reason, is retried, then failed; /ready, the API, the metrics and status say so',
  async (t) => {
    const { databasePath, token, base } = serviceFiles(t);
    const mailDir = path.join(path.dirname(databasePath), 'mail');
    fs.writeFileSync(mailDir, 'a file where the mail folder should be\n');
    const tsb = makeToken(databasePath, 'tsb');
    // a lease far longer than the test: a row left in 'sending' would stay there, and it would fail
    const env = {
      ...base,
      MAIL_DIR: mailDir,
      MAIL_FROM: 'calendar@itu.int',
      REMINDER_LEASE_SECONDS: '3600',
      REMINDER_RETRY_SECONDS: '3',
      REMINDER_MAX_ATTEMPTS: '3',
    };
    // the sender, and a second service on the same file that sends nothing (cron mode): /ready is the database's answer
    const [service, watcher] = await Promise.all([startService(t, env), startService(t, { ...env, DISPATCH_INTERVAL_SECONDS: '0' })]);
    const get = (url: string) => fetch(`${service.url}${url}`, { headers: { authorization: `Bearer ${tsb}` } });
    t.equal((await fetch(`${watcher.url}/ready`)).status, 200, 'ready before any attempt');

    const event = await createDueEvent(service, token, { dueInMs: 2000 });
    await untilPast(event.dueAt, 0);
    const listed = await until(
      'both reminders waiting for their retry, with the reason',
      async () => {
        const body = (await (await get(`/api/reminders?event=${event.id}`)).json()) as { items: (ApiReminder & { rule: string })[] };
        const due = body.items.filter((r) => r.rule === 'before:PT1M');
        return due.length === 2 && due.every((r) => r.status === 'pending' && r.attempts >= 1 && r.lastError) ? due : null;
      },
      20_000,
      50,
    );
    for (const r of listed)
      t.match(r.lastError, /^could not send: EEXIST: file already exists, mkdir '.*mail'$/, `${r.recipient}: the reason, in the API`);
    for (const ready of [await fetch(`${service.url}/ready`), await fetch(`${watcher.url}/ready`)]) {
      t.equal(ready.status, 503, 'not ready: nothing can be sent');
      t.match(await ready.json(), {
        status: 'unavailable',
        reason: /^every reminder send in the last 15 minutes failed \(\d+ attempts?\): could not send: EEXIST/,
      });
    }

    const rows = await until(
      'both reminders failed after their third attempt',
      () => {
        const mine = outboxRows(databasePath).filter((r) => r.event_id === event.id && r.rule === 'before:PT1M');
        return mine.every((r) => r.status === 'failed') ? mine : null;
      },
      30_000,
    );
    t.same(
      rows.map((r) => r.attempts),
      [3, 3],
      'three attempts each, none lost to a lease',
    );
    for (const r of rows) t.match(r.last_error, /^gave up after 3 attempts: could not send: EEXIST: file already exists/);
    const failed = (await (await get(`/api/reminders?status=failed`)).json()) as { items: ApiReminder[] };
    t.same(failed.items.map((r) => r.id).sort(), rows.map((r) => r.id).sort(), 'listed as failed in the API, with the reason');
    const attempts = service.logs.filter((l) => l.msg === 'sending a reminder threw: it is retried');
    t.equal(attempts.length, 6, 'each attempt logged');
    t.ok(
      attempts.every((l) => /EEXIST/.test(String(l.reason))),
      'with its reason',
    );
    const metrics = await (await get('/metrics')).text();
    t.match(metrics, /^reminder_send_failures_total\{kind="exception"\} 6$/m, 'each failure counted by kind');
    t.match(metrics, /^reminders_dispatched_total\{outcome="retrying"\} 4$/m);
    t.match(metrics, /^reminders_dispatched_total\{outcome="failed"\} 2$/m);
    t.match(metrics, /^reminders_sending_failing 1$/m);
    t.match(metrics, /^reminders_outbox\{status="sending"\} 0$/m, 'nothing left in sending');

    const status = await runRemindersCli(['status'], env);
    t.equal(status.code, 1, `status exits 1 while sending fails:\n${status.out}`);
    t.match(
      status.out,
      /^sending: FAILING: every reminder send in the last 15 minutes failed \(6 attempts\): gave up after 3 attempts: could not send: EEXIST/m,
    );
    t.match(status.out, /^failed: 2 /m);
    for (const r of rows)
      t.match(
        status.out,
        new RegExp(
          `^  #${r.id} before:PT1M to ${r.recipient.replace(/\./g, '\\.')} of event ${r.event_id}, 3 attempts: gave up after 3 attempts: could not send: EEXIST`,
          'm',
        ),
      );

    // the folder is made: the next reminder goes, and /ready is green again in both processes
    fs.rmSync(mailDir);
    fs.mkdirSync(mailDir);
    const next = await createDueEvent(service, token, { dueInMs: 2000, title: 'After the mail folder was made' });
    await until('the next reminders written', () => fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).length === 2, 20_000);
    t.ok(
      outboxRows(databasePath)
        .filter((r) => r.event_id === next.id && r.rule === 'before:PT1M')
        .every((r) => r.status === 'sent'),
    );
    await until(
      'the sent reminders recorded',
      () => outboxRows(databasePath).filter((r) => r.event_id === next.id && r.status === 'sent').length === 2,
    );
    t.same(await (await fetch(`${watcher.url}/ready`)).json(), { status: 'ready' }, 'ready again after a success');
    t.equal((await fetch(`${service.url}/ready`)).status, 200);
    const after = await runRemindersCli(['status'], env);
    t.equal(after.code, 0, after.out);
    t.match(after.out, /^last 15 minutes: 8 attempts to send, 6 failed \(the last: gave up after 3 attempts: could not send: EEXIST/m);
    t.match(after.out, /^failed: 2 /m, 'the failed ones stay listed until retried');
    await Promise.all([service.stop(), watcher.stop()]);
  },
);
