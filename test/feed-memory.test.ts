import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ICAL from 'ical.js';
import t from 'tap';
import { loadConfig } from '../src/config.js';
import { writeTransaction } from '../src/store/database.js';
import { startApp, tempDir } from './support/helpers.js';
import { startService } from './support/service.js';
import { fillDatabase } from '../bench/synthetic.js';

t.setTimeout(600_000);

// No anonymous request can exhaust memory: the rendered feeds are bounded in bytes, and the many
// ways of writing one selection (ids that match no event, repeated or reordered values) are one
// feed with one cache entry.

const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
const calname = (text: string) => /^X-WR-CALNAME:(.*)$/m.exec(text.replace(/\r\n[ \t]/g, ''))?.[1];

/** Deterministic choices (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const subset = <T>(random: () => number, items: readonly T[], p = 0.5) => items.filter(() => random() < p);
const shuffled = <T>(random: () => number, items: readonly T[]) =>
  items
    .map((item) => [random(), item] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, item]) => item);

interface Ids {
  /** offices, regions and kinds that public events have */
  offices: string[];
  regions: string[];
  kinds: string[];
  /** offices no public event has */
  idle: string[];
}

function idsOf(events: { office: string; region: string; kind: string }[], offices: string[]): Ids {
  const used = (f: (e: (typeof events)[number]) => string) => [...new Set(events.map(f))].sort();
  const busy = used((e) => e.office);
  return { offices: busy, regions: used((e) => e.region), kinds: used((e) => e.kind), idle: offices.filter((o) => !busy.includes(o)) };
}

/** `count` different URLs for one selection: `office` with idle offices added, repeated, reordered, split. */
function equivalentUrls(random: () => number, office: string, idle: string[], count: number): string[] {
  const urls = new Set<string>();
  while (urls.size < count) {
    const values = shuffled(random, [office, ...subset(random, idle), ...subset(random, [office, ...idle], 0.2)]);
    const cut = Math.floor(random() * values.length);
    const query =
      random() < 0.5 ? `office=${values.join(',')}` : `office=${values.slice(0, cut).join(',')}&office=${values.slice(cut).join(',')}`;
    urls.add(`/feeds/all.ics?${query}`);
  }
  return [...urls];
}

/** `count` selections that differ in what they select: subsets of busy regions, kinds and offices. */
function distinctUrls(random: () => number, ids: Ids, count: number): string[] {
  const urls = new Set<string>();
  while (urls.size < count) {
    const parts = (
      [
        ['region', subset(random, ids.regions, 0.4)],
        ['kind', subset(random, ids.kinds, 0.4)],
        ['office', subset(random, ids.offices, 0.3)],
      ] as [string, string[]][]
    ).filter(([, values]) => values.length > 0);
    if (parts.length === 0) continue;
    urls.add(`/feeds/all.ics?${parts.map(([name, values]) => `${name}=${values.join(',')}`).join('&')}`);
  }
  return [...urls];
}

t.test('FEED_CACHE_MB: the bound, in MiB, as an operator writes it', async (t) => {
  t.equal(loadConfig({}).feedCacheBytes, 32 * 2 ** 20, 'a few tens of MB by default');
  t.equal(loadConfig({ FEED_CACHE_MB: '8' }).feedCacheBytes, 8 * 2 ** 20);
  for (const bad of ['0', '-1', '1.5', 'lots', '5000'])
    t.throws(() => loadConfig({ FEED_CACHE_MB: bad }), /FEED_CACHE_MB must be a whole number from 1 to 4096/, bad);
});

t.test('equivalent selections are one feed: ids that match no event make no entry, and never widen a feed', async (t) => {
  const { app, config } = await startApp(t, { demoData: true, feedCacheBytes: 1024 * 1024 });
  const cache = app.root.feedCache;
  const events = (await app.inject('/api/events?limit=500')).json().items as { office: string; region: string; kind: string }[];
  const ids = idsOf(
    events,
    app.root.stores.reference.offices.map((o) => o.id),
  );
  t.ok(ids.idle.length >= 5 && ids.idle.includes('tsb'), `offices with no public event: ${ids.idle.join(', ')}`);

  const africa = await app.inject('/feeds/all.ics?office=ro-africa');
  const entries = cache.entries;
  const random = prng(20);
  for (const url of equivalentUrls(random, 'ro-africa', ids.idle, 300)) {
    const res = await app.inject({ url, headers: { 'accept-encoding': random() < 0.5 ? 'br' : 'gzip' } });
    if (res.headers.etag?.replace(/-(br|gzip)"$/, '"') !== africa.headers.etag)
      t.fail(`${url}: another feed (${res.statusCode} ${res.headers.etag})`);
  }
  t.equal(cache.entries, entries, '300 different lists, one entry');
  t.equal(calname(africa.body), 'ITU-T regional events: ITU Regional Office for Africa', 'named for what it selects');
  t.equal((await app.inject('/feeds/all.ics?office=tsb,ro-africa,ao-dakar')).body, africa.body, 'byte for byte');

  // a dimension none of whose ids selects anything: an empty feed, never all of them
  const none = await app.inject('/feeds/all.ics?office=tsb');
  t.equal(none.statusCode, 200);
  t.equal(vevents(none.body).length, 0, 'nothing, not everything');
  t.equal(calname(none.body), 'ITU-T regional events: no event matches this selection');
  for (const url of [
    '/feeds/all.ics?office=ao-dakar,tsb',
    '/feeds/all.ics?office=ao-harare&region=africa',
    '/feeds/all.ics?region=africa&office=ao-dakar&kind=workshop',
  ]) {
    const res = await app.inject(url);
    t.equal(res.headers.etag, none.headers.etag, `${url}: the same empty feed`);
  }
  t.equal((await app.inject('/feeds/all.ics?office=ao-dakar,ro-mars')).statusCode, 404, 'an unknown id is still refused');

  // a private link counts what ITU staff see: the internal coordination calls
  t.equal(
    (await app.inject('/feeds/all.ics?kind=coordination-call,webinar')).headers.etag,
    none.headers.etag,
    'no public coordination call',
  );
  const { secret } = writeTransaction(app.root.stores.db, () =>
    app.root.stores.feedTokens.create('tsb', null, config.clock().toISOString()),
  );
  const calls = await app.inject(`/feeds/private/${secret}/all.ics?kind=coordination-call,coordination-call`);
  t.ok(vevents(calls.body).length > 0, 'the internal calls, for a private link');
  t.equal(calname(calls.body), 'Telecommunication Standardization Bureau – private calendar: Coordination calls');
  t.equal(
    calls.headers.etag,
    (await app.inject(`/feeds/private/${secret}/all.ics?kind=webinar,coordination-call`)).headers.etag,
    'one feed there too',
  );
  t.equal(
    vevents((await app.inject(`/feeds/private/${secret}/all.ics?office=tsb,ao-dakar`)).body).length,
    0,
    'and nothing for offices without any event',
  );

  // a change that gives an idle office an event makes its id count
  const created = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { authorization: `Bearer ${app.root.stores.tokens.create('tsb', 't', config.clock().toISOString()).token}` },
    payload: {
      title: 'Dakar workshop',
      kind: 'workshop',
      office: 'ao-dakar',
      region: 'africa',
      timeZone: 'Africa/Dakar',
      start: '2024-05-02',
      end: '2024-05-03',
      venue: { city: 'Dakar' },
    },
  });
  t.equal(created.statusCode, 201);
  const both = await app.inject('/feeds/all.ics?office=ro-africa,ao-dakar');
  const names = ['ao-dakar', 'ro-africa'].map((id) => app.root.stores.reference.officeName(id));
  t.equal(calname(both.body), `ITU-T regional events: ${names.join(' or ')}`, 'named for both now');
  t.ok(vevents(both.body).some((v) => v.getFirstPropertyValue('summary') === 'Dakar workshop'));
});

t.test('in process: thousands of different feeds keep the cache within FEED_CACHE_MB, shown in /metrics', async (t) => {
  const limit = 256 * 1024;
  const { app } = await startApp(t, { demoData: true, feedCacheBytes: limit, metricsToken: 'metrics-token-for-the-test-0123' });
  const cache = app.root.feedCache;
  const events = (await app.inject('/api/events?limit=500')).json().items as { office: string; region: string; kind: string }[];
  const ids = idsOf(
    events,
    app.root.stores.reference.offices.map((o) => o.id),
  );
  const random = prng(4);
  const urls = [...distinctUrls(random, ids, 1500), ...equivalentUrls(random, 'ro-europe', ids.idle, 500)];
  let most = 0;
  let rendered = 0;
  for (const url of urls) {
    const res = await app.inject({ url, headers: { 'accept-encoding': random() < 0.3 ? 'br' : 'gzip' } });
    if (res.statusCode !== 200) t.fail(`${url}: ${res.statusCode}`);
    rendered += res.rawPayload.length;
    most = Math.max(most, cache.bytes);
  }
  t.ok(rendered > 4 * limit, `${urls.length} requests sent ${rendered} bytes, many times the bound`);
  t.ok(most <= limit, `the cache never held more than ${limit} bytes (at most ${most})`);
  t.ok(cache.entries > 1, `${cache.entries} feeds kept`);
  const metrics = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer metrics-token-for-the-test-0123' } });
  t.match(metrics.body, new RegExp(`^feed_cache_bytes ${cache.bytes}$`, 'm'), 'feed_cache_bytes in /metrics');
  t.match(metrics.body, new RegExp(`^feed_cache_entries ${cache.entries}$`, 'm'), 'feed_cache_entries in /metrics');
});

/** The resident memory of a process, from Linux's /proc. */
const rssOf = (pid: number) => Number(/^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

function get(agent: http.Agent, base: string, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${url}`, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const METRICS_TOKEN = 'metrics-token-for-the-memory-test';

t.test('the running service: a few thousand hostile feed requests leave its memory bounded', async (t) => {
  const dir = tempDir(t);
  const databasePath = path.join(dir, 'db.sqlite');
  // feeds the size that made the problem: 2,000 events, most of them in the Africa office's
  // feed (about a megabyte rendered), and offices with no event at all
  const { services } = fillDatabase(databasePath, 2000);
  services.db.$client.prepare("update events set office_id = 'ro-africa', region_id = 'africa' where office_id not like 'ro-%'").run();
  services.db.$client.close();
  const service = await startService(t, {
    DATABASE_PATH: databasePath,
    MAIL_DIR: path.join(dir, 'mail'),
    FEED_CACHE_MB: '8',
    METRICS_TOKEN,
  });
  const pid = service.child.pid!;
  const events = (
    (await (await fetch(`${service.url}/api/events?limit=500`)).json()) as { items: { office: string; region: string; kind: string }[] }
  ).items;
  const offices = ((await (await fetch(`${service.url}/api/offices`)).json()) as { id: string }[]).map((o) => o.id);
  const ids = idsOf(events, offices);
  t.ok(ids.idle.length >= 5, `offices with no event: ${ids.idle.join(', ')}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  t.teardown(() => agent.destroy());
  const random = prng(1471);
  const send = async (urls: string[]) => {
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < urls.length) {
          const url = urls[next++]!;
          const status = await get(agent, service.url, url, { 'accept-encoding': random() < 0.5 ? 'br, gzip' : 'gzip' });
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    return Object.fromEntries(statuses);
  };

  // warmed up: code compiled, zones described, the heap at its working size
  t.same(await send(['/feeds/all.ics', '/feeds/offices/ro-africa.ics', ...distinctUrls(random, ids, 100)]), { 200: 102 });
  const before = rssOf(pid);
  const hostile = shuffled(random, [
    ...equivalentUrls(random, 'ro-africa', ids.idle, 1000),
    ...equivalentUrls(random, 'ro-europe', ids.idle, 500),
    ...equivalentUrls(random, 'ro-cis', ids.idle, 500),
    ...distinctUrls(random, ids, 500),
  ]);
  t.same(await send(hostile), { 200: hostile.length }, `${hostile.length} requests, all answered`);
  const after = rssOf(pid);
  const metrics = await (await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const cacheBytes = Number(/^feed_cache_bytes (\d+)$/m.exec(metrics)?.[1]);
  t.ok(cacheBytes > 0 && cacheBytes <= 8 * 2 ** 20, `the service's own count: ${cacheBytes} bytes of feeds kept, within FEED_CACHE_MB=8`);
  const growth = after - before;
  t.comment(
    `RSS ${Math.round(before / 2 ** 20)} MB before, ${Math.round(after / 2 ** 20)} MB after ${hostile.length} requests (growth ${Math.round(growth / 2 ** 20)} MB)`,
  );
  // The bound: the feed cache's 8 MB, the ETags remembered (4,096 keys of at most about a
  // kilobyte), the URL memo (1,000 URLs of at most 512 characters, with their feeds' names), and
  // what V8 and the allocator keep after a burst of renders of megabyte feeds (semi-spaces of
  // 16 MB by default, old space that grows before it is collected). Before the cache was bounded
  // in bytes and equivalent lists shared a key, these requests kept 1,000 renderings of about a
  // megabyte each and the service grew by gigabytes.
  t.ok(growth < 128 * 2 ** 20, `RSS grew by ${Math.round(growth / 2 ** 20)} MB, under 128 MB`);
});
