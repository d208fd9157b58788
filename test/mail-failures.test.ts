import fs from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { describeHealth } from '../src/cli/reminders.js';
import type { MailConfig } from '../src/config.js';
import { startSmtp } from './support/smtp.js';
import { startApp, TestClock, tempDir, workshopBody } from './support/helpers.js';

/**
 * Whatever throws between the claim of a reminder and the record of its outcome is an outcome: a
 * message that cannot be built is failed at once with the reason, a mailer that throws is retried,
 * and /ready answers 503 while every attempt of the last 15 minutes failed. In one process, with
 * an injected clock.
 */

async function setup(t: Test, mail: Partial<MailConfig> = {}) {
  const clock = new TestClock(Date.parse('2027-01-04T08:00:00Z'));
  const app = await startApp(t, {
    clock: clock.read,
    demoData: false,
    mail: { tsbFocalPoint: 'focal@itu.example', from: 'calendar@itu.int', ...mail },
  });
  // one hour before a start at 10:00 UTC: due at 09:00, within a day, so no planning of every event moves it
  const create = async (title: string, payload: Record<string, unknown> = {}) =>
    (
      await app.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: app.auth('ro-africa'),
        payload: {
          ...workshopBody,
          title,
          timeZone: 'UTC',
          start: '2027-01-04T10:00',
          end: '2027-01-04T11:00',
          reminders: ['PT1H'],
          ...payload,
        },
      })
    ).json() as { id: string };
  // the reminders of the first (or only) occurrence
  const due = (eventId: string) =>
    app.app.root.stores.outbox.list({ eventId }, 500, 0).items.filter((r) => r.rule === 'before:PT1H' && r.occurrence === '2027-01-04');
  const ready = async () => {
    const res = await app.app.inject({ url: '/ready' });
    return { code: res.statusCode, ...(res.json() as { status: string; reason?: string }) };
  };
  const metrics = async () => (await app.app.inject({ url: '/metrics', headers: app.auth('tsb') })).body;
  return {
    ...app,
    clock,
    create,
    due,
    ready,
    metrics,
    dispatch: () => app.app.root.reminders.dispatcher.runOnce(),
    sqlite: app.app.root.stores.db.$client,
  };
}

/** A yearly call, created as the API takes it today. */
const yearly = {
  kind: 'coordination-call',
  recurrence: 'FREQ=YEARLY;COUNT=3',
  venue: { virtual: true, url: 'https://meet.itu.example/yearly' },
};

/**
 * A row edited by hand in the database, with a typo in its zone: nothing can be computed or
 * rendered for it (planning it fails too, and leaves the reminders already due as they are).
 */
const misspellZone = (sqlite: { prepare(sql: string): { run(...args: unknown[]): unknown } }, id: string) =>
  sqlite.prepare("update events set time_zone = 'Africa/Dar_es_Salam' where id = ?").run(id);

const CANNOT_BUILD = 'the message could not be built: Invalid time value';

t.test('a reminder whose message cannot be built is failed at once with the reason; the others of the batch go', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const { app, auth, clock, create, due, ready, metrics, dispatch, sqlite } = await setup(t, { smtpUrl: smtp.url });
  const broken = await create('A yearly call edited by hand', yearly);
  misspellZone(sqlite, broken.id);
  clock.set('2027-01-04T09:00:00Z');

  t.same(await dispatch(), { sent: 0, retrying: 0, failed: 2, skipped: 0 }, 'the batch ends, with both recorded');
  const rows = due(broken.id);
  t.same(
    rows.map((r) => [r.status, r.attempts]),
    [
      ['failed', 1],
      ['failed', 1],
    ],
    'failed at the first attempt: the same event fails the same way again',
  );
  for (const r of rows) t.equal(r.lastError, CANNOT_BUILD);
  t.equal(smtp.attempts, 0, 'nothing reached the server');
  const failing = await ready();
  t.equal(failing.code, 503, 'every attempt of the last minutes failed');
  t.equal(failing.reason, `every reminder send in the last 15 minutes failed (2 attempts): ${CANNOT_BUILD}`);
  let text = await metrics();
  t.match(text, /^reminder_send_failures_total\{kind="render"\} 2$/m);
  t.match(text, /^reminder_send_failures_total\{kind="exception"\} 0$/m);
  t.match(text, /^reminders_dispatched_total\{outcome="failed"\} 2$/m);
  t.match(text, /^reminders_sending_failing 1$/m);
  const listed = (await app.inject({ url: `/api/reminders?status=failed&event=${broken.id}`, headers: auth('tsb') })).json() as {
    items: { lastError: string }[];
  };
  t.equal(listed.items.length, 2, 'the API lists them as failed');
  t.match(listed.items[0]!.lastError, /^the message could not be built: /);
  // what `npm run reminders -- status` prints (ops-send-failures.test.ts runs it on the real clock)
  const lines = describeHealth(app.root.stores.outbox.health(clock.read()), clock.read());
  t.equal(lines.at(-1), `sending: FAILING: every reminder send in the last 15 minutes failed (2 attempts): ${CANNOT_BUILD}`);
  t.same(await dispatch(), { sent: 0, retrying: 0, failed: 0, skipped: 0 }, 'not claimed again');

  // a good event beside a broken one: the batch sends it, and one success in the window makes /ready green
  const later = { start: '2027-01-04T11:00', end: '2027-01-04T12:00' };
  const good = await create('A workshop that can be rendered', later);
  const worse = await create('Another yearly call edited by hand', { ...yearly, ...later });
  misspellZone(sqlite, worse.id);
  clock.set('2027-01-04T10:00:00Z');
  t.same(await dispatch(), { sent: 2, retrying: 0, failed: 2, skipped: 0 });
  t.same(
    due(good.id).map((r) => r.status),
    ['sent', 'sent'],
  );
  t.same(await ready(), { code: 200, status: 'ready' }, 'some attempts of the window succeeded');
  text = await metrics();
  t.match(text, /^reminders_sending_failing 0$/m);
  t.match(text, /^reminder_send_failures_total\{kind="render"\} 4$/m);

  clock.set('2027-01-04T10:16:00Z');
  t.same(await ready(), { code: 200, status: 'ready' }, 'no attempt in the last 15 minutes is no failure');
  t.notOk(
    describeHealth(app.root.stores.outbox.health(clock.read()), clock.read()).some((l) => /^(sending: FAILING|last 15 minutes)/.test(l)),
    'nothing to say of a quiet window',
  );

  // the attempts are kept a day: the first batch after that forgets the older ones
  const attempts = (before: string) => sqlite.prepare('select count(*) from send_attempts where at < ?').pluck().get(before);
  t.equal(attempts('2027-01-05'), 6);
  await create('The next day', { start: '2027-01-05T12:00', end: '2027-01-05T13:00' });
  clock.set('2027-01-05T11:00:00Z');
  t.ok((await dispatch()).sent >= 2);
  t.equal(attempts('2027-01-04T11:00:00Z'), 0, 'none older than a day');
  t.ok((attempts('2027-01-06') as number) >= 2, 'the new ones kept');
});

t.test('the mail folder under a file: each attempt throws ENOTDIR, is retried with the backoff, then failed', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
  const { clock, create, due, ready, metrics, dispatch } = await setup(t, {
    dir: path.join(dir, 'not-a-folder', 'mail'),
    retryDelaysMs: [60_000, 300_000],
    maxAttempts: 3,
  });
  const event = await create('A workshop');
  clock.set('2027-01-04T09:00:00Z');
  t.same(await dispatch(), { sent: 0, retrying: 2, failed: 0, skipped: 0 });
  let rows = due(event.id);
  t.same(
    rows.map((r) => [r.status, r.attempts, r.nextAttemptAt]),
    [
      ['pending', 1, '2027-01-04T09:01:00.000Z'],
      ['pending', 1, '2027-01-04T09:01:00.000Z'],
    ],
    'out of sending at once, retried a minute later',
  );
  for (const r of rows) t.match(r.lastError, /^could not send: ENOTDIR: not a directory, mkdir '.*not-a-folder\/mail'$/);
  t.match((await ready()).reason, /^every reminder send in the last 15 minutes failed \(2 attempts\): could not send: ENOTDIR/);
  clock.set('2027-01-04T09:00:59Z');
  t.same(await dispatch(), { sent: 0, retrying: 0, failed: 0, skipped: 0 }, 'not before its retry');
  clock.set('2027-01-04T09:01:00Z');
  t.same(await dispatch(), { sent: 0, retrying: 2, failed: 0, skipped: 0 });
  t.same(
    due(event.id).map((r) => r.nextAttemptAt),
    ['2027-01-04T09:06:00.000Z', '2027-01-04T09:06:00.000Z'],
    'then five minutes later',
  );
  clock.set('2027-01-04T09:06:00Z');
  t.same(await dispatch(), { sent: 0, retrying: 0, failed: 2, skipped: 0 }, 'failed after the third attempt');
  rows = due(event.id);
  t.same(
    rows.map((r) => [r.status, r.attempts]),
    [
      ['failed', 3],
      ['failed', 3],
    ],
  );
  for (const r of rows) t.match(r.lastError, /^gave up after 3 attempts: could not send: ENOTDIR/);
  t.match(await metrics(), /^reminder_send_failures_total\{kind="exception"\} 6$/m);
  t.match((await ready()).reason, /\(6 attempts\): gave up after 3 attempts: could not send: ENOTDIR/);
});

t.test('a database that cannot record the outcome: the reminder waits for its lease, then goes', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const { clock, create, due, dispatch, sqlite } = await setup(t, { smtpUrl: smtp.url, leaseMs: 60_000 });
  const event = await create('A workshop');
  clock.set('2027-01-04T09:00:00Z');
  // the outcome cannot be written once the server has the message, nor can its failure be
  smtp.onMessage = () => {
    smtp.onMessage = () => {};
    sqlite.exec('alter table send_attempts rename to send_attempts_gone');
  };
  t.same(await dispatch(), { sent: 0, retrying: 2, failed: 0, skipped: 0 }, 'the batch ends all the same');
  sqlite.exec('alter table send_attempts_gone rename to send_attempts');
  t.same(
    due(event.id).map((r) => r.status),
    ['sending', 'sending'],
    'unrecorded: held by the lease',
  );
  clock.set('2027-01-04T09:01:00Z');
  t.same(await dispatch(), { sent: 2, retrying: 0, failed: 0, skipped: 0 }, 'claimed again once the lease ran out');
  t.equal(smtp.received.length, 4, 'sent twice, with the same Message-IDs');
  t.equal(new Set(smtp.received.map((m) => m.messageId)).size, 2);
});
