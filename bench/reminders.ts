/**
 * Reminder dispatch benchmark: `npm run bench:reminders` (and the end of `npm run bench`).
 *
 * 2,000 reminders fall due at once (100 events, each for its office, TSB and 18 more addresses
 * at itu.example, allowed as an operator would allow a domain: NOTIFY_DOMAINS); one dispatch run
 * sends them to an SMTP server on 127.0.0.1 (smtp-server, accepting each message as soon as it has
 * arrived). Prints the rate; the target is over 50 messages a second. BENCH_SIZE sets the number
 * of events (default 100; another is a smoke run, as `npm test` makes one). Everything is in a
 * temporary folder, removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';

const EVENTS = Math.max(1, Math.floor(Number(process.env.BENCH_SIZE) || 100));
const EXTRA_ADDRESSES = 18;
const TARGET_PER_SECOND = 50;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itu-cal-bench-mail-'));
let received = 0;
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const port = (smtp.server.address() as AddressInfo).port;

let now = Date.parse('2027-01-04T08:00:00Z');
const defaults = loadConfig({ NOTIFY_DOMAINS: 'itu.example' });
const app = await buildApp(
  compose({
    ...defaults,
    databasePath: path.join(dir, 'bench.sqlite'),
    demoData: false,
    logLevel: 'silent',
    clock: () => new Date(now),
    mail: { ...defaults.mail, smtpUrl: `smtp://127.0.0.1:${port}`, dir: path.join(dir, 'mail'), dispatchIntervalMs: 0 },
  }),
);
try {
  const token = app.root.stores.tokens.create('ro-africa', 'bench', new Date(now).toISOString()).token;
  for (let i = 0; i < EVENTS; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        title: `ITU-T SG${2 + (i % 18)} regional workshop ${i}`,
        kind: 'workshop',
        office: 'ro-africa',
        region: 'africa',
        groups: ['sg13rg-afr'],
        venue: { city: 'Nairobi', country: 'Kenya', virtual: false },
        timeZone: 'Africa/Nairobi',
        start: '2027-01-06T09:00',
        end: '2027-01-06T17:00',
        reminders: ['P1D'],
        notify: Array.from({ length: EXTRA_ADDRESSES }, (_, n) => `participant${n}.${i}@itu.example`),
      },
    });
    if (res.statusCode !== 201) throw new Error(`event refused: ${res.body}`);
  }
  const due = app.root.stores.outbox.list({ status: ['pending'] }, 1, 0).total - EVENTS * 3; // less the follow-ups
  now = Date.parse('2027-01-05T06:00:00Z');
  const started = performance.now();
  const summary = await app.root.reminders.dispatcher.runOnce();
  const seconds = (performance.now() - started) / 1000;
  const rate = summary.sent / seconds;
  console.log(
    `Reminder dispatch benchmark — node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)}`,
  );
  if (EVENTS !== 100) console.log(`BENCH_SIZE=${EVENTS}: a smoke run; the target is for 100 events (2,000 messages)`);
  const cols = ['events', 'due', 'sent', 'received', 'seconds', 'messages/s', `target > ${TARGET_PER_SECOND}`];
  console.log(`  ${cols.map((c) => c.padStart(10)).join(' ')}`);
  const row = [EVENTS, due, summary.sent, received, seconds.toFixed(2), rate.toFixed(0), rate > TARGET_PER_SECOND ? 'ok' : 'MISSED'];
  console.log(`  ${row.map((c) => String(c).padStart(10)).join(' ')}`);
  if (summary.sent !== due || received !== due) throw new Error('not every reminder was delivered once');
} finally {
  await app.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
}
