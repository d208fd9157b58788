/**
 * Feed benchmark: `npm run bench`.
 *
 * 1. Render time of /feeds/all.ics for 500 and 10,000 synthetic events (targets: < 50 ms, < 2 s), and
 *    of the 500 after one event is copied to 2200 (target: < 200 ms).
 * 2. HTTP throughput of the running service for the feed: full body, gzip, 304.
 * 3. The same three cases against nginx serving the same bytes as static files, if installed
 *    (target: the service reaches at least 90% of nginx's requests/s). The two servers take
 *    turns, round by round, because this machine's speed drifts by tens of percent within a
 *    minute: measured one after the other, the drift decided the ratio.
 * 4. A feed requested after a write (PATCH over HTTP) shows the change.
 * 5. The feed cache's bytes and entries, and again after 1,200 requests for different
 *    combinations of filters (target: never past FEED_CACHE_MB).
 *
 * Everything listens on 127.0.0.1 only; temp dirs and child processes are removed at the end,
 * also on error or Ctrl-C. BENCH_SECONDS (default 8) sets how long each server is loaded per case;
 * BENCH_SIZE (default 500) the events of the small feed, the large one having 20 times as many (the
 * targets are for the defaults: another size is a smoke run, as `npm test` makes one);
 * BENCH_NGINX=0 leaves nginx out even where it is installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import type { RenderContext } from '../src/calendar/render.js';
import { compose, type Stores as Services } from '../src/compose.js';
import type { ReferenceData } from '../src/domain/reference.js';
import { english } from '../src/i18n/index.js';

/** What the service renders a feed with, in English. */
const renderContext = (reference: ReferenceData, publicBaseUrl: string): RenderContext => ({
  publicBaseUrl,
  officeName: reference.officeName,
  groupName: reference.groupName,
  groupLabel: reference.groupLabel,
  t: english(),
});
import { allFeed } from '../src/calendar/feeds.js';
import { EVENT_KINDS } from '../src/domain/vocabulary.js';
import type { Reference } from '../src/store/reference.js';
import { renderCalendar } from '../src/calendar/render.js';
import { loadConfig, systemClock, type AppConfig } from '../src/config.js';
import type { EventFields } from '../src/domain/event.js';
import { deriveEventTimes, isTimeProblem } from '../src/domain/time.js';
import { englishProblem } from '../src/http-problem.js';
import { renderFeed } from '../src/services/feeds.js';
import { writeTransaction } from '../src/store/database.js';
import { fillDatabase } from './synthetic.js';

const HOST = '127.0.0.1';
const LOAD_SECONDS = Math.min(60, Math.max(1, Number(process.env.BENCH_SECONDS) || 8));
const SMALL = Math.max(1, Math.floor(Number(process.env.BENCH_SIZE) || 500));
const LARGE = SMALL * 20;
const WITH_NGINX = process.env.BENCH_NGINX !== '0';
const CONNECTIONS = 10;
const TARGET_RATIO = 0.9;

// ---------------------------------------------------------------------------------------------
// cleanup: everything started or created is registered here and undone in reverse order

const cleanups: { name: string; run: () => Promise<void> | void }[] = [];
const onCleanup = (name: string, run: () => Promise<void> | void) => cleanups.push({ name, run });

async function cleanupAll(): Promise<void> {
  while (cleanups.length) {
    const { name, run } = cleanups.pop()!;
    try {
      await run();
    } catch (err) {
      console.error(`cleanup of ${name} failed: ${(err as Error).message}`);
    }
  }
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(`temp dir ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// small helpers

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request: no automatic decompression (unlike fetch), so the served bytes are seen as sent. */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh database in a temp dir with n synthetic events. */
function buildDatabase(n: number): { databasePath: string; services: Services; insertMs: number } {
  const dir = tempDir(`feeds-bench-${n}-`);
  const databasePath = path.join(dir, 'bench.sqlite');
  return { databasePath, ...fillDatabase(databasePath, n) };
}

// ---------------------------------------------------------------------------------------------
// 1. render time

interface RenderReport {
  n: number;
  medianMs: number;
  maxMs: number;
  targetMs: number;
  bytes: number;
}

/**
 * Renders after `warmups` unmeasured runs: a service renders its feeds again after every change,
 * so the measure is a process that has rendered before. The first render of the process (code
 * not yet optimized by V8, VTIMEZONEs not yet built) is shown apart.
 */
function benchRender(
  n: number,
  warmups: number,
  runs: number,
  breakdownRuns: number,
  targetMs: number,
): RenderReport & { databasePath: string } {
  const { services, insertMs, databasePath } = buildDatabase(n);
  try {
    const context = renderContext(services.reference, 'https://calendar.example.org');
    const deps = { events: services.events, context, now: () => Date.now() };
    const spec = allFeed(english());
    const cold = performance.now();
    const first = renderFeed(spec, deps);
    const firstMs = performance.now() - cold;
    for (let i = 1; i < warmups; i++) renderFeed(spec, deps);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      renderFeed(spec, deps);
      times.push(performance.now() - t0);
    }
    // where the time goes: the store read and the iCal rendering, timed apart
    const readTimes: number[] = [];
    const renderTimes: number[] = [];
    for (let i = 0; i < breakdownRuns; i++) {
      const t0 = performance.now();
      const events = services.events.all(spec.filter);
      const t1 = performance.now();
      renderCalendar(spec, events, context);
      renderTimes.push(performance.now() - t1);
      readTimes.push(t1 - t0);
    }
    // what the first request after a write pays on top (FeedCache: utf8 + sha256 ETag + gzip -9)
    const t0 = performance.now();
    const body = Buffer.from(first.text, 'utf8');
    createHash('sha256').update(body).digest();
    const t1 = performance.now();
    const gz = gzipSync(body, { level: 9 });
    const t2 = performance.now();

    const report = { databasePath, n, medianMs: median(times), maxMs: Math.max(...times), targetMs, bytes: body.length };
    console.log(
      `  ${lpad(fmtInt(n), 6)} events  median ${lpad(fmtMs(report.medianMs), 6)} ms  max ${lpad(fmtMs(report.maxMs), 6)} ms  ` +
        `(${runs} runs after ${warmups} unmeasured, target < ${fmtInt(targetMs)} ms: ${verdict(report.medianMs < targetMs && report.maxMs < targetMs)}); ` +
        `p90 ${fmtMs(percentile(times, 0.9))} ms; the first render of the process took ${fmtMs(firstMs)} ms`,
    );
    console.log(
      `                 feed ${kib(body.length)}, gzip ${kib(gz.length)}; store read ${fmtMs(median(readTimes))} ms + renderCalendar ${fmtMs(median(renderTimes))} ms;` +
        ` cache fill adds sha256 ${fmtMs(t1 - t0)} ms + gzip -9 ${fmtMs(t2 - t1)} ms; insert ${fmtInt(insertMs)} ms`,
    );
    return report;
  } finally {
    services.db.$client.close();
  }
}

/**
 * The 500-event feed once rendered, then one of its timed events copied to 2200: the next render
 * describes that zone's 2199-2201 besides the years it has, not the 175 years between (which
 * cost about a second to scan).
 */
function benchFarYear(targetMs: number): void {
  const { services } = buildDatabase(SMALL);
  try {
    const deps = {
      events: services.events,
      context: renderContext(services.reference, 'https://calendar.example.org'),
      now: () => Date.now(),
    };
    const spec = allFeed(english());
    renderFeed(spec, deps);
    const e = services.events.all(spec.filter).find((x) => !x.allDay)!;
    const fields: EventFields = { ...e, start: `2200${e.start.slice(4)}`, end: `2200${e.end.slice(4)}` };
    const times = deriveEventTimes(fields.start, fields.end, fields.timeZone);
    if (isTimeProblem(times)) throw new Error(`the 2200 copy of ${e.id}: ${englishProblem(times)}`);
    writeTransaction(services.db, () => services.events.insert('bench-far', fields, times, new Date().toISOString()));
    const t0 = performance.now();
    const text = renderFeed(spec, deps).text;
    const ms = performance.now() - t0;
    const zone = text.slice(text.indexOf(`TZID:${e.timeZone}\r\n`), text.indexOf('END:VTIMEZONE', text.indexOf(`TZID:${e.timeZone}\r\n`)));
    const starts = [...zone.matchAll(/^DTSTART:(\d{4})/gm)].map((m) => m[1]);
    console.log(
      `  one event of the ${fmtInt(SMALL)} copied to 2200 (${e.timeZone}): the next render took ${fmtMs(ms)} ms (target < ${fmtInt(targetMs)} ms: ${verdict(ms < targetMs)}); ` +
        `its VTIMEZONE's observances start in ${[...new Set(starts)].join(', ')}`,
    );
  } finally {
    services.db.$client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2./3. load runs

interface LoadCase {
  name: 'full' | 'gzip' | '304';
  headers: Record<string, string>;
  expectStatus: number;
  bodyBytes: number;
}

interface LoadResult {
  /** share of one core the server was busy, when it can be measured */
  busy: number | undefined;
  rps: number;
  p50: number;
  p99: number;
  mbps: number;
  unexpected: number;
}

/** Measures how busy the server under load was: a fraction of one core, or undefined. */
type BusyProbe = () => () => number | undefined;

/** The service's own event loop (the load generator runs on another thread). */
const eventLoopBusy: BusyProbe = () => {
  const before = performance.eventLoopUtilization();
  return () => performance.eventLoopUtilization(before).utilization;
};

/** CPU time of a process's children (nginx workers) from /proc, in seconds; undefined off Linux. */
function childrenCpuSeconds(pid: number): number | undefined {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    let ticks = 0;
    for (const child of children.slice(0, 256)) {
      const stat = fs.readFileSync(`/proc/${child}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    }
    return ticks / 100; // USER_HZ
  } catch {
    return undefined;
  }
}

const processTreeBusy =
  (pid: number): BusyProbe =>
  () => {
    const cpu0 = childrenCpuSeconds(pid);
    const t0 = performance.now();
    return () => {
      const cpu1 = childrenCpuSeconds(pid);
      return cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / ((performance.now() - t0) / 1000);
    };
  };

async function load(url: string, c: LoadCase, probe: BusyProbe, seconds = LOAD_SECONDS): Promise<LoadResult> {
  const measuring = probe();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    headers: c.headers,
    // the load generator runs on its own thread, so it does not share the service's event loop
    workers: 1,
  });
  const busy = measuring();
  let expected = 0;
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    if (Number(code) === c.expectStatus) expected += stat.count ?? 0;
  }
  const responses = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    busy,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mbps: result.throughput.average / 1024 / 1024,
    unexpected: responses - expected + result.errors + result.timeouts,
  };
}

const TABLE_HEAD = `  ${pad('case', 6)} ${lpad('req/s', 9)} ${lpad('p50 ms', 7)} ${lpad('p99 ms', 7)} ${lpad('body', 10)} ${lpad('MiB/s', 7)} ${lpad('unexpected', 10)} ${lpad('server busy', 11)}`;

function printRow(c: LoadCase, r: LoadResult): void {
  console.log(
    `  ${pad(c.name, 6)} ${lpad(fmtInt(r.rps), 9)} ${lpad(String(r.p50), 7)} ${lpad(String(r.p99), 7)} ${lpad(c.bodyBytes ? kib(c.bodyBytes) : '0', 10)} ${lpad(r.mbps.toFixed(1), 7)} ${lpad(`${r.unexpected}${r.unexpected ? ' FAIL' : ''}`, 10)} ${lpad(r.busy === undefined ? '-' : `${(r.busy * 100).toFixed(0)}%`, 11)}`,
  );
}

async function runCases(url: string, cases: LoadCase[], probe: BusyProbe): Promise<Map<LoadCase['name'], LoadResult>> {
  console.log(TABLE_HEAD);
  const results = new Map<LoadCase['name'], LoadResult>();
  for (const c of cases) {
    const r = await load(url, c, probe);
    printRow(c, r);
    results.set(c.name, r);
  }
  return results;
}

/** The three cases for a server, from its own warm-up responses (ETag, bodies). */
async function casesFor(url: string): Promise<{ cases: LoadCase[]; identity: HttpResult; gzip: HttpResult; notModified: HttpResult }> {
  const identity = await request(url);
  const gzip = await request(url, { headers: { 'accept-encoding': 'gzip' } });
  if (identity.status !== 200) throw new Error(`GET ${url}: ${identity.status}`);
  if (gzip.status !== 200 || gzip.headers['content-encoding'] !== 'gzip') {
    throw new Error(`GET ${url} with accept-encoding gzip: ${gzip.status}, content-encoding ${gzip.headers['content-encoding']}`);
  }
  const etag = identity.headers.etag;
  if (!etag) throw new Error(`GET ${url}: no ETag`);
  const notModified = await request(url, { headers: { 'if-none-match': etag } });
  if (notModified.status !== 304) throw new Error(`GET ${url} with If-None-Match ${etag}: ${notModified.status}, expected 304`);
  return {
    identity,
    gzip,
    notModified,
    cases: [
      { name: 'full', headers: {}, expectStatus: 200, bodyBytes: identity.body.length },
      { name: 'gzip', headers: { 'accept-encoding': 'gzip' }, expectStatus: 200, bodyBytes: gzip.body.length },
      { name: '304', headers: { 'if-none-match': etag }, expectStatus: 304, bodyBytes: 0 },
    ],
  };
}

const ROUNDS = 4;

interface Pair {
  node: LoadResult;
  nginx: LoadResult;
  /** median over the rounds of Node's requests/s over nginx's in the same round */
  ratio: number;
  ratios: number[];
}

/** The median of each measure over the rounds; unexpected responses are summed. */
function medianResult(results: LoadResult[]): LoadResult {
  const busy = results.map((r) => r.busy).filter((b): b is number => b !== undefined);
  return {
    busy: busy.length ? median(busy) : undefined,
    rps: median(results.map((r) => r.rps)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    mbps: median(results.map((r) => r.mbps)),
    unexpected: results.reduce((sum, r) => sum + r.unexpected, 0),
  };
}

/** One case against both servers, in alternating rounds: Node then nginx, nginx then Node, … */
async function alternate(
  nodeUrl: string,
  nodeCase: LoadCase,
  nginxUrl: string,
  nginxCase: LoadCase,
  nginxProbe: BusyProbe,
  seconds: number,
): Promise<Pair> {
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      ours.push(await load(nodeUrl, nodeCase, eventLoopBusy, seconds));
      theirs.push(await load(nginxUrl, nginxCase, nginxProbe, seconds));
    } else {
      theirs.push(await load(nginxUrl, nginxCase, nginxProbe, seconds));
      ours.push(await load(nodeUrl, nodeCase, eventLoopBusy, seconds));
    }
  }
  const ratios = ours.map((r, i) => r.rps / theirs[i]!.rps);
  return { node: medianResult(ours), nginx: medianResult(theirs), ratio: median(ratios), ratios };
}

const PAIR_HEAD = `  ${pad('case', 6)} ${lpad('body', 10)} ${lpad('Node req/s', 11)} ${lpad('p50/p99 ms', 10)} ${lpad('busy', 5)}  ${lpad('nginx req/s', 11)} ${lpad('p50/p99 ms', 10)} ${lpad('busy', 5)}  ${lpad('Node/nginx', 10)}  rounds`;

function printPair(c: LoadCase, pair: Pair, judged: boolean): void {
  const busy = (b: number | undefined) => (b === undefined ? '-' : `${(b * 100).toFixed(0)}%`);
  const unexpected = pair.node.unexpected + pair.nginx.unexpected;
  // when neither server is near a full core, the load generator (or a busy machine) set the pace
  const unsaturated = (pair.node.busy ?? 1) < 0.6 && (pair.nginx.busy ?? 1) < 0.6;
  console.log(
    `  ${pad(c.name, 6)} ${lpad(c.bodyBytes ? kib(c.bodyBytes) : '0', 10)} ${lpad(fmtInt(pair.node.rps), 11)} ${lpad(`${pair.node.p50}/${pair.node.p99}`, 10)} ${lpad(busy(pair.node.busy), 5)}  ` +
      `${lpad(fmtInt(pair.nginx.rps), 11)} ${lpad(`${pair.nginx.p50}/${pair.nginx.p99}`, 10)} ${lpad(busy(pair.nginx.busy), 5)}  ${lpad(`${(pair.ratio * 100).toFixed(0)}%`, 10)}  ` +
      `${pair.ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(' ')}${judged ? ` ${verdict(pair.ratio >= TARGET_RATIO)}` : ''}${unsaturated ? ' (neither server saturated)' : ''}${unexpected ? ` ${unexpected} UNEXPECTED` : ''}`,
  );
}

/** Header list of a response as served, without what node:http adds on its own. */
function servedHeaders(r: HttpResult): string[] {
  return Object.entries(r.headers)
    .filter(([name]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name))
    .flatMap(([name, value]) => [name, String(value)]);
}

/**
 * A node:http server that gives the service's answers from memory with no logic beyond picking
 * one: the ceiling for any Node server on this machine.
 */
async function startBareNode(service: {
  identity: HttpResult;
  gzip: HttpResult;
  notModified: HttpResult;
}): Promise<{ url: string; close: () => Promise<void> }> {
  const etag = String(service.identity.headers.etag);
  const identity = servedHeaders(service.identity);
  const gzip = servedHeaders(service.gzip);
  const notModified = servedHeaders(service.notModified);
  const server = http.createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, notModified);
      res.end();
    } else if (req.headers['accept-encoding']?.includes('gzip')) {
      res.writeHead(200, gzip);
      res.end(service.gzip.body);
    } else {
      res.writeHead(200, identity);
      res.end(service.identity.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  onCleanup('bare node server', close);
  return { url: `http://${HOST}:${(server.address() as net.AddressInfo).port}/feeds/all.ics`, close };
}

// ---------------------------------------------------------------------------------------------
// 3. nginx

function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'nginx');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

interface NginxSite {
  root: string;
  prefix: string;
}

/** The served bytes as static files, with the mtime of the feed's Last-Modified. */
function exportSite(identity: HttpResult, gzip: HttpResult): NginxSite {
  const prefix = tempDir('feeds-bench-nginx-');
  // nginx workers run as an unprivileged user when the bench runs as root: let them read the files
  fs.chmodSync(prefix, 0o755);
  const root = path.join(prefix, 'www');
  const feeds = path.join(root, 'feeds');
  fs.mkdirSync(feeds, { recursive: true, mode: 0o755 });
  fs.chmodSync(root, 0o755);
  fs.chmodSync(feeds, 0o755);
  const file = path.join(feeds, 'all.ics');
  fs.writeFileSync(file, identity.body, { mode: 0o644 });
  fs.writeFileSync(`${file}.gz`, gzip.body, { mode: 0o644 });
  const lastModified = Date.parse(String(identity.headers['last-modified']));
  if (!Number.isNaN(lastModified)) {
    fs.utimesSync(file, lastModified / 1000, lastModified / 1000);
    fs.utimesSync(`${file}.gz`, lastModified / 1000, lastModified / 1000);
  }
  return { root, prefix };
}

function nginxConf(site: NginxSite, port: number, workers: string): string {
  return `# written by bench/feeds.ts
worker_processes ${workers};
daemon off;
pid ${site.prefix}/nginx.pid;
error_log ${site.prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/calendar ics; }
  default_type application/octet-stream;
  charset utf-8;
  charset_types text/calendar;
  sendfile on;
  tcp_nopush on;
  etag on;
  gzip_static on;
  gzip_vary on;
  keepalive_requests 1000000;
  client_body_temp_path ${site.prefix}/client_body;
  proxy_temp_path ${site.prefix}/proxy;
  fastcgi_temp_path ${site.prefix}/fastcgi;
  uwsgi_temp_path ${site.prefix}/uwsgi;
  scgi_temp_path ${site.prefix}/scgi;
  server {
    listen ${HOST}:${port};
    root ${site.root};
    location /feeds/ { add_header Cache-Control "public, no-cache"; }
  }
}
`;
}

/** Starts nginx in the foreground as a child, waits until it answers; the returned function stops it. */
async function startNginx(
  binary: string,
  site: NginxSite,
  workers: string,
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const conf = path.join(site.prefix, `nginx-${workers}.conf`);
  fs.writeFileSync(conf, nginxConf(site, port, workers));
  const errorLog = path.join(site.prefix, 'error.log');
  const child: ChildProcess = spawn(binary, ['-c', conf, '-p', `${site.prefix}/`, '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (err) => {
      stderr += err.message;
      exited = true;
      resolve();
    });
  });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    await Promise.race([exit, sleep(5000)]);
    if (!exited) {
      child.kill('SIGKILL');
      await Promise.race([exit, sleep(2000)]);
    }
  };
  onCleanup(`nginx (pid ${child.pid})`, stop);
  const url = `http://${HOST}:${port}/feeds/all.ics`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (exited) break;
    try {
      const r = await request(url);
      if (r.status === 200) return { url, pid: child.pid!, stop };
      throw new Error(`nginx answered ${r.status}`);
    } catch (err) {
      if (attempt === 49 || (err as Error).message.startsWith('nginx answered')) {
        await stop();
        const log = fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '';
        throw new Error(`nginx did not serve the feed: ${(err as Error).message}\n${stderr}${log}`, { cause: err });
      }
      await sleep(100);
    }
  }
  await stop();
  const log = fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '';
  throw new Error(`nginx exited on start:\n${stderr}${log}`);
}

/**
 * `count` different query strings for /feeds/all.ics, the same on every run: subsets of the
 * regions, kinds and offices, values repeated and reordered as clients may write them.
 */
function combinedSelections(reference: Reference, count: number): string[] {
  let seed = 20;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const some = (ids: readonly string[], p: number) =>
    ids
      .filter(() => random() < p)
      .flatMap((id) => (random() < 0.1 ? [id, id] : [id]))
      .sort(() => random() - 0.5);
  const dimensions: [string, readonly string[], number][] = [
    ['region', reference.regions.map((r) => r.id), 0.4],
    ['kind', EVENT_KINDS, 0.3],
    ['office', reference.offices.map((o) => o.id), 0.25],
  ];
  const queries = new Set<string>();
  while (queries.size < count) {
    const parts = dimensions.map(([name, ids, p]) => [name, some(ids, p)] as const).filter(([, ids]) => ids.length > 0);
    if (parts.length) queries.add(parts.map(([name, ids]) => `${name}=${ids.join(',')}`).join('&'));
  }
  return [...queries];
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Feed benchmark — node ${process.version} ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ') || '(default heap settings)'}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${os.platform()} ${os.release()}`,
  );
  const load1 = os.loadavg()[0] ?? 0;
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}${load1 > 0.5 ? ' — the machine is busy with other work: expect noisy, pessimistic numbers' : ''}`,
  );
  if (SMALL !== 500) console.log(`BENCH_SIZE=${SMALL}: a smoke run; the targets are for 500 and 10,000 events`);
  console.log();

  // 1. render time
  console.log('1. Render time of /feeds/all.ics: renderFeed(allFeed()) = store read + renderCalendar; judged on the median and the max');
  const small = benchRender(SMALL, 5, 15, 3, 50);
  const large = benchRender(LARGE, 1, 3, 1, 2000);
  benchFarYear(200);
  console.log();

  // 2. the service over HTTP, on the small feed's database
  const databasePath = small.databasePath;
  const config: AppConfig = {
    ...loadConfig({}),
    host: HOST,
    port: 0,
    databasePath,
    demoData: false,
    logLevel: 'silent',
    clock: systemClock,
  };
  const app = await buildApp(compose(config));
  onCleanup('fastify app', () => app.close());
  await app.listen({ host: HOST, port: 0 });
  const base = `http://${HOST}:${(app.server.address() as net.AddressInfo).port}`;
  const nodeUrl = `${base}/feeds/all.ics`;
  const node = await casesFor(nodeUrl);
  const nginx = WITH_NGINX ? findNginx() : undefined;
  let nodeResults: Map<LoadCase['name'], LoadResult>;
  let ratiosOk: boolean | undefined;
  console.log(`2. Node service (Fastify) on ${nodeUrl}: ${fmtInt(SMALL)} events, ${CONNECTIONS} connections, pipelining 1`);
  console.log(
    '   (autocannon runs on a worker thread; busy = event-loop utilization of the service / CPU of the nginx workers, 100% = one core)',
  );
  if (!nginx) {
    const why = WITH_NGINX
      ? 'nginx not installed, so no comparison (apt-get install nginx to compare)'
      : 'BENCH_NGINX=0: no comparison with nginx';
    console.log(`   ${LOAD_SECONDS} s per case; ${why}`);
    nodeResults = await runCases(nodeUrl, node.cases, eventLoopBusy);
    console.log();
  } else {
    // 3. nginx serving the same bytes, measured in turns with the service
    const site = exportSite(node.identity, node.gzip);
    const seconds = Math.max(1, Math.round(LOAD_SECONDS / ROUNDS));
    console.log(
      `3. against nginx serving the same bytes: per case ${ROUNDS} rounds of ${seconds} s for each server, in turns (Node first, then nginx first, …),` +
        ' so a machine that slows down or speeds up during the run weighs on both alike; medians over the rounds',
    );
    nodeResults = new Map();
    ratiosOk = true;
    for (const workers of ['1', 'auto']) {
      const server = await startNginx(nginx, site, workers);
      const ng = await casesFor(server.url);
      const same = ng.identity.body.equals(node.identity.body) && ng.gzip.body.equals(node.gzip.body);
      console.log(
        `3${workers === '1' ? 'a' : 'b'}. nginx worker_processes ${workers} on ${server.url}: same bytes as the service: ${same ? 'yes' : 'NO'}${workers === '1' ? ` (the target: Node at least ${TARGET_RATIO * 100}% of it)` : ' (for information)'}`,
      );
      console.log(PAIR_HEAD);
      for (const [i, c] of node.cases.entries()) {
        const pair = await alternate(nodeUrl, c, server.url, ng.cases[i]!, processTreeBusy(server.pid), seconds);
        printPair(c, pair, workers === '1');
        if (workers === '1') {
          nodeResults.set(c.name, pair.node);
          if (pair.ratio < TARGET_RATIO) ratiosOk = false;
        }
      }
      if (workers === '1') {
        // what node:http itself can do here, to tell the service's cost from the platform's
        const bare = await startBareNode(node);
        console.log(
          `  bare node:http answering the same requests with the same prepared bytes and headers, nothing else (${bare.url}), in turns with the same nginx:`,
        );
        for (const [i, c] of node.cases.entries()) {
          if (c.name !== '304') continue;
          printPair(c, await alternate(bare.url, c, server.url, ng.cases[i]!, processTreeBusy(server.pid), seconds), false);
        }
        await bare.close();
      }
      await server.stop();
      console.log();
    }
  }

  // 4. a feed requested after a write shows it
  const before = await request(nodeUrl);
  const targetId = app.root.stores.db.$client.prepare('select id from events order by id limit 1').pluck().get();
  if (typeof targetId !== 'string') throw new Error('no event to change');
  const token = app.root.stores.tokens.create('tsb', 'bench', new Date().toISOString()).token;
  const newTitle = `Bench write check ${process.pid} ${Date.now()}`;
  const patch = await request(`${base}/api/events/${encodeURIComponent(targetId)}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: newTitle }),
  });
  const t0 = performance.now();
  const after = await request(nodeUrl);
  const firstAfterWriteMs = performance.now() - t0;
  const t1 = performance.now();
  await request(nodeUrl);
  const cachedMs = performance.now() - t1;
  const unfolded = after.body.toString('utf8').replace(/\r\n[ \t]/g, '');
  const revalidate = await request(nodeUrl, { headers: { 'if-none-match': String(before.headers.etag) } });
  const shows = patch.status === 200 && after.status === 200 && unfolded.includes(`SUMMARY:${newTitle}\r\n`);
  const etagMoved = after.headers.etag !== before.headers.etag && revalidate.status === 200;
  console.log(
    `4. A feed requested after a write shows it: ${shows && etagMoved ? 'ok' : 'FAIL'} ` +
      `(PATCH ${patch.status}, new title in all.ics: ${shows ? 'yes' : 'no'}, new ETag: ${after.headers.etag !== before.headers.etag ? 'yes' : 'no'}, old ETag revalidates to ${revalidate.status})`,
  );
  console.log(
    `   first GET after the write took ${fmtMs(firstAfterWriteMs)} ms (render + ETag + gzip on the request path), the next one ${fmtMs(cachedMs)} ms`,
  );
  console.log();

  // 5. the feed cache: its bytes, and what many different selections do to them
  const cache = app.root.feedCache;
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  console.log(
    `5. The feed cache after the runs above: ${kib(cache.bytes)} in ${cache.entries} rendered feeds (bound ${mib(cache.maxBytes)}, FEED_CACHE_MB)`,
  );
  const selections = combinedSelections(app.root.stores.reference, 1200);
  const rssBefore = process.memoryUsage().rss;
  const t5 = performance.now();
  let most = 0;
  for (let i = 0; i < selections.length; i += CONNECTIONS) {
    const answers = await Promise.all(
      selections
        .slice(i, i + CONNECTIONS)
        .map((query) => request(`${base}/feeds/all.ics?${query}`, { headers: { 'accept-encoding': 'br, gzip' } })),
    );
    if (answers.some((a) => a.status !== 200)) throw new Error('a combined feed was refused');
    most = Math.max(most, cache.bytes);
  }
  const cacheOk = most <= cache.maxBytes;
  console.log(
    `   ${fmtInt(selections.length)} requests for different combinations of filters, brotli and gzip (${((performance.now() - t5) / 1000).toFixed(1)} s): ` +
      `${kib(cache.bytes)} in ${cache.entries} feeds after, at most ${kib(most)} (within the bound: ${verdict(cacheOk)}); ` +
      `this process's RSS ${mib(rssBefore)} → ${mib(process.memoryUsage().rss)}`,
  );
  console.log();

  const unexpected = [...nodeResults.values()].reduce((sum, r) => sum + r.unexpected, 0);
  console.log('Summary');
  console.log(
    `  render ${lpad(fmtInt(SMALL), 6)} events < 50 ms:    ${verdict(small.medianMs < small.targetMs && small.maxMs < small.targetMs)} (median ${fmtMs(small.medianMs)} ms, max ${fmtMs(small.maxMs)} ms)`,
  );
  console.log(
    `  render ${lpad(fmtInt(LARGE), 6)} events < 2 s:      ${verdict(large.medianMs < large.targetMs && large.maxMs < large.targetMs)} (median ${fmtMs(large.medianMs)} ms, max ${fmtMs(large.maxMs)} ms)`,
  );
  console.log(`  HTTP unexpected responses:       ${unexpected === 0 ? 'ok (0)' : `FAIL (${unexpected})`}`);
  console.log(`  >= 90% of nginx (1 worker):      ${ratiosOk === undefined ? 'skipped (no nginx)' : verdict(ratiosOk)}`);
  console.log(`  feed after a write shows it:     ${shows && etagMoved ? 'ok' : 'FAIL'}`);
  console.log(`  feed cache within FEED_CACHE_MB: ${verdict(cacheOk)} (at most ${kib(most)} of ${kib(cache.maxBytes)})`);
  console.log(`  total time ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (unexpected !== 0 || !shows || !etagMoved || !cacheOk) process.exitCode = 1;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    void cleanupAll().then(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}

try {
  await main();
} catch (err) {
  console.error(`bench failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
} finally {
  if (!interrupted) await cleanupAll();
}
