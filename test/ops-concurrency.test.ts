import t from 'tap';
import { startSmtp } from './support/smtp.js';
import { addresses, createDueEvent, outboxRows, serviceFiles, startService, until, untilPast } from './support/service.js';

/** Several services on one database file, and a backlog due at once: real processes, real time. */

t.test('three services on one database, with a server so slow that one send outlasts the lease: no reminder twice', async (t) => {
  // 3 s a reply: a message takes about 12 s on a new connection (greeting, MAIL, RCPT, end of
  // data), past the 10 s lease. Two services send the two reminders; the third, idle, polls every
  // second and would take either row over the moment its lease ran out: only renewal keeps it.
  const smtp = await startSmtp({ delayMs: 3000 });
  t.teardown(() => smtp.stop());
  const { databasePath, token, base } = serviceFiles(t);
  const env = { ...base, SMTP_URL: smtp.url };
  const services = await Promise.all([startService(t, env), startService(t, env), startService(t, env)]);
  const event = await createDueEvent(services[0], token, { dueInMs: 3000 });
  await untilPast(event.dueAt, 0);
  const rows = await until(
    'both recorded as sent',
    () => {
      const found = outboxRows(databasePath).filter((r) => r.rule === 'before:PT1M');
      return found.length === 2 && found.every((r) => r.status === 'sent') ? found : null;
    },
    30_000,
    200,
  );
  t.ok(
    rows.every((r) => Date.parse(r.sent_at!) - Date.parse(r.due_at) > 10_000),
    'each send took longer than the lease',
  );
  t.ok(
    rows.every((r) => r.attempts === 1),
    'each sent on its first attempt: never claimed again',
  );
  t.equal(smtp.received.length, 2, 'two reminders, two messages');
  t.equal(new Set(smtp.received.map((m) => m.messageId)).size, 2);
  t.notOk(
    services.some((s) => s.logs.some((l) => /lease lost/.test(l.msg))),
    'no lease was lost',
  );
  await Promise.all(services.map((s) => s.stop()));
  t.equal(smtp.received.length, 2, 'nothing more came after');
});

t.test('a few hundred reminders due at once go in one dispatch run', async (t) => {
  const smtp = await startSmtp();
  t.teardown(() => smtp.stop());
  const { databasePath, token, base } = serviceFiles(t);
  const service = await startService(t, { ...base, SMTP_URL: smtp.url, DISPATCH_INTERVAL_SECONDS: '30' });
  const start = new Date(Math.ceil((Date.now() + 68_000) / 1000) * 1000).toISOString().slice(0, 19);
  for (let i = 0; i < 15; i++)
    await createDueEvent(service, token, { start, dueInMs: 0, title: `Workshop ${i}`, notify: addresses(18, `p${i}-`) });
  const planned = outboxRows(databasePath).filter((r) => r.rule === 'before:PT1M');
  t.equal(planned.length, 300);
  await until('all 300', () => smtp.received.length >= 300, 40_000, 200);
  await until('the run to end', () => service.logs.some((l) => l.msg === 'reminders dispatched'), 10_000);
  const runs = service.logs.filter((l) => l.msg === 'reminders dispatched');
  t.same(
    runs.map((l) => l.sent),
    [300],
    'one run, woken at the due time rather than at the 30 s interval, sent them all',
  );
  t.equal(new Set(smtp.received.map((m) => m.messageId)).size, 300);
  await service.stop();
  t.equal(smtp.received.length, 300, 'once each');
});
