import t from 'tap';
import { FeedCache } from '../src/calendar/feed-cache.js';

t.test('a feed is rendered once per change, and the cache stays bounded', async (t) => {
  const cache = new FeedCache(2);
  let renders = 0;
  const render = (text: string) => () => {
    renders++;
    return { text, newestChangeMs: Date.parse('2024-01-01T00:00:00Z') };
  };
  const a = cache.get('a', render('A'));
  t.equal(cache.get('a', render('A')), a, 'a second request is a lookup');
  t.equal(renders, 1);
  cache.get('b', render('B'));
  cache.get('c', render('C'));
  t.equal(renders, 3);
  cache.get('a', render('A'));
  t.equal(renders, 4, "past the limit the oldest feed was dropped and 'a' is rendered again");
  cache.get('c', render('C'));
  t.equal(renders, 4, 'the newest ones stay');
  cache.invalidate(Date.parse('2024-02-01T00:00:00Z'));
  const changed = cache.get('a', render('A2'));
  t.equal(renders, 5, 'a change renders again');
  t.equal(changed.lastModified, 'Thu, 01 Feb 2024 00:00:00 GMT', 'new bytes: Last-Modified is the change');
  t.equal(changed.gzip.length > 0, true);
});
