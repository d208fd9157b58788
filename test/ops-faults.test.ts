import t from 'tap';
import { startSmtp } from './support/smtp.js';
import {
  addresses,
  createDueEvent,
  freePort,
  makeToken,
  outboxRows,
  serviceFiles,
  startService,
  until,
  untilPast,
} from './support/service.js';

/** A crash mid-batch and an SMTP server that is down for a while: real processes, real time. */

const count = (ids: string[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());

t.test(
  'SIGKILL mid-batch to a slow server: after the restart every reminder arrives; at most those in flight twice, with their Message-IDs',
  async (t) => {
    const smtp = await startSmtp({ delayMs: 60 });
    t.teardown(() => smtp.stop());
    const { databasePath, token, base } = serviceFiles(t);
    const env = { ...base, SMTP_URL: smtp.url };
    const first = await startService(t, env);
    const event = await createDueEvent(first, token, { dueInMs: 4000, notify: addresses(18) });
    await untilPast(event.dueAt, 0);
    await until('a few messages of the batch', () => smtp.received.length >= 5, 20_000, 10);
    t.equal(await first.stop('SIGKILL'), null, 'killed');
    const atKill = smtp.received.length;
    t.ok(atKill < 20, `killed mid-batch: ${atKill} of 20 arrived`);
    const second = await startService(t, env);
    await until('every reminder', () => new Set(smtp.received.map((m) => m.messageId)).size === 20, 30_000);
    const planned = await until('every reminder recorded', () => {
      const rows = outboxRows(databasePath).filter((r) => r.event_id === event.id && r.rule === 'before:PT1M');
      return rows.every((r) => r.status === 'sent') ? rows : null;
    });
    t.equal(planned.length, 20);
    const got = count(smtp.received.map((m) => m.messageId!));
    t.same([...got.keys()].sort(), planned.map((r) => r.message_id).sort(), 'the 20 planned reminders, not one skipped by the restart');
    const twice = [...got].filter(([, n]) => n > 1);
    t.ok(
      twice.length <= 3 && twice.every(([, n]) => n === 2),
      `duplicates, at most one per message in flight (3 at once): ${JSON.stringify(twice)}`,
    );
    await second.stop();
  },
);

t.test('SMTP down for a while, then up: every reminder once, the attempts visible meanwhile', async (t) => {
  const port = await freePort();
  const { databasePath, token, base } = serviceFiles(t);
  const tsbToken = makeToken(databasePath, 'tsb');
  const env = { ...base, SMTP_URL: `smtp://127.0.0.1:${port}`, REMINDER_MAX_ATTEMPTS: '100' };
  const service = await startService(t, env);
  const event = await createDueEvent(service, token, { dueInMs: 3000, notify: addresses(3) });
  await untilPast(event.dueAt, 0);
  const listed = await until(
    'retries visible in the API',
    async () => {
      const res = await fetch(`${service.url}/api/reminders?event=${event.id}`, { headers: { authorization: `Bearer ${tsbToken}` } });
      const body = (await res.json()) as { items: { rule: string; status: string; attempts: number; lastError: string | null }[] };
      const due = body.items.filter((r) => r.rule === 'before:PT1M');
      return due.length === 5 && due.every((r) => r.attempts >= 2) ? due : null;
    },
    20_000,
    200,
  );
  t.ok(
    listed.every((r) => r.status === 'pending' || r.status === 'sending'),
    'still queued',
  );
  t.ok(
    listed.some((r) => /ECONNREFUSED/.test(r.lastError ?? '')),
    'the last error says the server refused the connection',
  );
  const metrics = await (await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${tsbToken}` } })).text();
  t.match(metrics, /^reminders_due [1-5]$/m, 'metrics show them due');
  t.match(metrics, /^reminders_dispatched_total\{outcome="retrying"\} ([2-9]|\d\d+)/m, 'and the retries');
  const smtp = await startSmtp({ port });
  t.teardown(() => smtp.stop());
  await until('delivery once the server is up', () => smtp.received.length >= 5, 20_000);
  await service.stop();
  t.equal(smtp.received.length, 5, 'once each');
  t.equal(new Set(smtp.received.map((m) => m.messageId)).size, 5);
  t.ok(
    outboxRows(databasePath)
      .filter((r) => r.rule === 'before:PT1M')
      .every((r) => r.status === 'sent'),
  );
});
