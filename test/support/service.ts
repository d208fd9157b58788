import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Test } from 'tap';
import { runTokenCommand } from '../../src/cli/token.js';

/**
 * The real service and CLI as child processes, for what a user depends on across processes: a
 * restart, a cron run, a crash, two processes on one database file.
 */

const root = path.resolve(import.meta.dirname, '../..');
/** what `npm start` runs */
export const SERVER = path.join(root, 'dist/src/server.js');

/**
 * The child's environment, with tap's coverage turned off for it: it runs the compiled build
 * (dist/, made by `npm test` before tap), whose coverage would only add noise to the in-process runs'. (tap hooks every
 * spawn and copies its variables unless the child's env sets them.)
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0', DEMO_DATA: '0', ...extra };
}

/** Polls `check` every `everyMs` until it returns something truthy; fails after `limitMs`. Never a sleep that hopes. */
export async function until<T>(
  what: string,
  check: () => T | Promise<T>,
  limitMs = 30_000,
  everyMs = 100,
): Promise<NonNullable<Awaited<T>>> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until the wall clock has passed `iso` (plus a margin): the moment a reminder falls due. */
export const untilPast = (iso: string, marginMs = 500) =>
  until(`the clock to pass ${iso}`, () => Date.now() > Date.parse(iso) + marginMs, Date.parse(iso) - Date.now() + marginMs + 5000, 50);

/** A port nothing listens on (for an SMTP server that is down). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Service {
  child: ChildProcess;
  url: string;
  logs: LogLine[];
  /** stdout and stderr as they came, for a failing test's message */
  output(): string;
  exited: Promise<number | null>;
  /** sends the signal and waits for the exit; the exit code (null when killed) */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The compiled service, as `npm start` runs it, on the given database and a free port; stopped at teardown. */
export async function startService(t: Test, env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, [SERVER], {
    cwd: root,
    env: childEnv({ PORT: '0', LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let text = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk;
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!done) child.kill(signal);
    return exited;
  };
  t.teardown(() => stop('SIGKILL'));
  const listening = await until(
    'the service to listen',
    () => {
      if (done) throw new Error(`the service exited before listening:\n${text}`);
      return logs.map((l) => /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(l.msg)?.[1]).find(Boolean);
    },
    45_000,
    50,
  );
  return { child, url: listening, logs, output: () => text, exited, stop };
}

/** `npm run reminders -- <args>` as cron runs it: its exit code and what it printed. */
export const runRemindersCli = (args: string[], env: Record<string, string>) => runCli('reminders', args, env);

/** A compiled command-line entry point (`dist/src/cli/<name>.js`) as its own process: its exit code and what it printed. */
export async function runCli(
  name: 'reminders' | 'backup' | 'token' | 'report' | 'export-feeds',
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [path.join(root, 'dist/src/cli', `${name}.js`), ...args], {
    cwd: root,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out };
}

/** A token for an office on the database file, made before the service starts (as `npm run token` would). */
export function makeToken(databasePath: string, office: string): string {
  const out: string[] = [];
  if (
    runTokenCommand(['create', '--office', office, '--label', 'process test'], { DATABASE_PATH: databasePath }, (line) =>
      out.push(line),
    ) !== 0
  )
    throw new Error(out.join('\n'));
  return out.find((line) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}$/.test(line))!;
}

export interface OutboxRow {
  id: number;
  event_id: string;
  rule: string;
  recipient: string;
  status: string;
  attempts: number;
  due_at: string;
  sent_at: string | null;
  message_id: string;
  last_error: string | null;
}

/** The reminders as the database holds them, read over a connection of the test's own. */
export function outboxRows(databasePath: string): OutboxRow[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select * from reminders order by id').all() as OutboxRow[];
  } finally {
    db.close();
  }
}

/** A local date-time in UTC `ms` from now, to the second, as the API takes it. */
export const utcLocal = (msFromNow: number) => new Date(Math.ceil((Date.now() + msFromNow) / 1000) * 1000).toISOString().slice(0, 19);

/**
 * Creates an event through the running service whose one reminder (`PT1M` before its start)
 * falls due `dueInMs` from now, for the organizing office, TSB's focal point and `notify`.
 */
export async function createDueEvent(
  service: Service,
  token: string,
  options: { dueInMs: number; notify?: string[]; title?: string; start?: string },
): Promise<{ id: string; dueAt: string }> {
  const start = options.start ?? utcLocal(60_000 + options.dueInMs);
  const res = await fetch(`${service.url}/api/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: options.title ?? 'ITU-T SG13 regional group meeting for Africa',
      kind: 'webinar',
      office: 'ro-africa',
      region: 'africa',
      groups: ['sg13rg-afr'],
      venue: { city: null, country: null, virtual: true, url: 'https://meet.itu.example/sg13' },
      timeZone: 'UTC',
      start,
      end: new Date(Date.parse(`${start}Z`) + 3600_000).toISOString().slice(0, 19),
      reminders: ['PT1M'],
      notify: options.notify ?? [],
    }),
  });
  const body = (await res.json()) as { id: string; message?: string };
  if (res.status !== 201) throw new Error(`event refused: ${res.status} ${body.message}`);
  return { id: body.id, dueAt: new Date(Date.parse(`${start}Z`) - 60_000).toISOString() };
}

/** A fresh database file with an office token, and the environment the fault tests run the service with; its folder is removed when `t` ends. */
export function serviceFiles(t: Test) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itu-cal-ops-'));
  // registered before the tests start their services, so it runs after they are stopped
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const databasePath = path.join(dir, 'ops.sqlite');
  const token = makeToken(databasePath, 'ro-africa');
  const base = {
    DATABASE_PATH: databasePath,
    TSB_FOCAL_POINT: 'focal@itu.example',
    REMINDER_LEASE_SECONDS: '10',
    REMINDER_RETRY_SECONDS: '1',
    DISPATCH_INTERVAL_SECONDS: '1',
  };
  return { databasePath, token, base };
}

export const addresses = (n: number, prefix = 'participant') => Array.from({ length: n }, (_, i) => `${prefix}${i}@itu.example`);
