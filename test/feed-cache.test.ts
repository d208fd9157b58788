import { randomBytes } from 'node:crypto';
import t from 'tap';
import { FeedCache } from '../src/calendar/feed-cache.js';

/** Text that gzip and brotli hardly shrink, so a feed's cost is about three times its length. */
const noise = (kib: number) => randomBytes(kib * 768).toString('base64');

t.test('a feed is rendered once per change', async (t) => {
  const cache = new FeedCache();
  let renders = 0;
  const render = (text: string) => () => {
    renders++;
    return { text, newestChangeMs: Date.parse('2024-01-01T00:00:00Z') };
  };
  const a = cache.get('a', render('A'));
  t.equal(cache.get('a', render('A')), a, 'a second request is a lookup');
  t.equal(renders, 1);
  cache.invalidate(Date.parse('2024-02-01T00:00:00Z'));
  t.equal(cache.bytes, 0, 'a change empties it');
  const changed = cache.get('a', render('A2'));
  t.equal(renders, 2, 'a change renders again');
  t.equal(changed.lastModified, 'Thu, 01 Feb 2024 00:00:00 GMT', 'new bytes: Last-Modified is the change');
  t.ok(changed.gzip.length > 0);
});

t.test('bounded in bytes, the feed used longest ago going first, brotli copies counted', async (t) => {
  const maxBytes = 70 * 1024;
  const cache = new FeedCache(maxBytes);
  const texts = new Map<string, string>();
  let renders = 0;
  const get = (key: string) =>
    cache.get(key, () => {
      renders++;
      if (!texts.has(key)) texts.set(key, noise(10));
      return { text: texts.get(key)!, newestChangeMs: 0 };
    });
  for (const key of ['a', 'b', 'c']) get(key);
  t.equal(cache.entries, 3);
  const three = cache.bytes;
  t.ok(three > 3 * 19 * 1024 && three <= maxBytes, `three feeds of 10 KiB cost ${three} bytes: body, gzip and overhead`);
  get('a');
  get('d');
  t.ok(cache.bytes <= maxBytes, 'still within the bound');
  t.equal(cache.entries, 3, "a fourth made room by dropping one: 'b', used longest ago");
  const before = renders;
  get('a');
  get('c');
  get('d');
  t.equal(renders, before, "'a', 'c' and 'd' are kept");
  get('b');
  t.equal(renders, before + 1, "'b' was dropped and is rendered again");

  const bytes = cache.bytes;
  const br = cache.brotli(get('b'));
  t.equal(cache.bytes, bytes + br.length, 'a brotli copy counts');
  t.equal(cache.brotli(get('b')), br, 'made once');
  t.equal(cache.bytes, bytes + br.length, 'and counted once');

  // thousands of different feeds: never past the bound
  let most = 0;
  for (let i = 0; i < 2000; i++) {
    cache.get(`combination-${i}`, () => ({ text: noise(1 + (i % 7)), newestChangeMs: 0 }));
    most = Math.max(most, cache.bytes);
  }
  t.ok(most <= maxBytes, `2,000 feeds: at most ${most} bytes kept of ${maxBytes}`);
  t.ok(cache.remembered <= 4096, `the ETags remembered of feeds no longer kept are bounded too (${cache.remembered})`);
});

t.test('a feed larger than the whole bound is kept, alone', async (t) => {
  const cache = new FeedCache(16 * 1024);
  cache.get('small', () => ({ text: noise(2), newestChangeMs: 0 }));
  let renders = 0;
  const big = () => cache.get('big', () => (renders++, { text: noise(40), newestChangeMs: 0 }));
  big();
  t.equal(cache.entries, 1, 'the others made room');
  big();
  t.equal(renders, 1, 'not rendered on every request');
  cache.get('small', () => ({ text: noise(2), newestChangeMs: 0 }));
  t.ok(cache.bytes <= 16 * 1024, 'the next feed pushes it out');
});
