import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { FeedCache } from '../src/calendar/feed-cache.js';
import { FeedServer } from '../src/services/feed-server.js';
import { english } from '../src/i18n/index.js';
import { startApp, workshopBody } from './support/helpers.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: no decompression, so the bytes are seen as the server sent them. */
function request(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What a server adds on its own, whichever path answered: not part of the feed's answer. */
const PER_CONNECTION = ['date', 'connection', 'keep-alive', 'transfer-encoding'];
const feedHeaders = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !PER_CONNECTION.includes(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );

t.test('the listening server answers feeds as the Fastify route does, byte for byte', async (t) => {
  const { app, auth } = await startApp(t, { publicBaseUrl: 'https://calendar.itu.example' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;

  const all = await request(port, 'GET', '/feeds/all.ics');
  t.equal(all.status, 200);
  t.match(all.body.toString('utf8'), /^BEGIN:VCALENDAR\r\n/);
  const etag = all.headers.etag as string;
  const cases: [string, string, Record<string, string>][] = [
    ['GET', '/feeds/all.ics', {}],
    ['HEAD', '/feeds/all.ics', {}],
    ['GET', '/feeds/regions/africa.ics', { 'accept-encoding': 'gzip, deflate' }],
    ['GET', '/feeds/groups/sg13.ics', { 'accept-encoding': 'br;q=1, gzip;q=0.5' }],
    ['HEAD', '/feeds/kinds/workshop.ics', { 'accept-encoding': 'gzip' }],
    ['GET', '/feeds/all.ics?kind=workshop,meeting&region=africa', {}],
    ['GET', '/feeds/all.ics?region=africa&kind=meeting,workshop', {}],
    ['GET', '/feeds/all.ics', { 'if-none-match': etag }],
    ['GET', '/feeds/all.ics', { 'if-none-match': `W/${etag}, "other"` }],
    ['GET', '/feeds/all.ics', { 'if-modified-since': all.headers['last-modified'] as string }],
    ['GET', '/feeds/all.ics', { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' }],
    ['GET', '/feeds/regions/atlantis.ics', {}],
    ['GET', '/feeds/all.ics?region=atlantis', {}],
    ['GET', '/feeds/offices/%E0%A4%A.ics', {}],
    ['GET', '/feeds/nothing-here', {}],
  ];
  for (const [method, url, headers] of cases) {
    const served = await request(port, method, url, headers);
    const injected = await app.inject({ method: method as 'GET' | 'HEAD', url, headers });
    const what = `${method} ${url} ${JSON.stringify(headers)}`;
    t.equal(served.status, injected.statusCode, `${what}: status`);
    t.same(feedHeaders(served.headers), feedHeaders(injected.headers), `${what}: headers`);
    t.ok(served.body.equals(injected.rawPayload), `${what}: body`);
    // HEAD's Content-Length is compared with the route's above; a GET's must be what came, and a
    // 304 has none (RFC 9110 §8.6 allows only the 200's length)
    if (served.status === 304) t.equal(served.headers['content-length'], undefined, `${what}: no Content-Length`);
    else if (method === 'GET') t.equal(Number(served.headers['content-length']), served.body.length, `${what}: Content-Length`);
  }
  t.equal((await request(port, 'GET', '/feeds/all.ics', { 'if-none-match': etag })).status, 304, 'a repeated request is a 304');
  t.equal((await request(port, 'GET', '/feeds/regions/atlantis.ics')).body.toString(), "'atlantis' is not a known region\n");

  // methods other than GET and HEAD go on to Fastify, which refuses them as it refuses any unknown route
  const post = await request(port, 'POST', '/feeds/all.ics', { 'content-type': 'application/json' }, '{}');
  t.equal(post.status, 404);
  t.match(JSON.parse(post.body.toString('utf8')), { message: /POST \/feeds\/all.ics/ });

  // a write over HTTP shows in the next feed over HTTP
  const created = await request(
    port,
    'POST',
    '/api/events',
    { ...auth('ro-africa'), 'content-type': 'application/json' },
    JSON.stringify({ ...workshopBody, title: 'Written over the wire' }),
  );
  t.equal(created.status, 201);
  const after = await request(port, 'GET', '/feeds/all.ics', { 'if-none-match': etag });
  t.equal(after.status, 200, 'the old ETag no longer matches');
  t.match(after.body.toString('utf8'), 'SUMMARY:Written over the wire');
  t.not(after.headers.etag, etag);
});

t.test('FeedServer.handle answers GET and HEAD under /feeds/ and leaves everything else', async (t) => {
  const { app } = await startApp(t, { demoData: false });
  const { root } = app;
  let failing = false;
  class FailingCache extends FeedCache {
    override get(...args: Parameters<FeedCache['get']>) {
      if (failing) throw new Error('the store is gone');
      return super.get(...args);
    }
  }
  const responder = new FeedServer({
    events: root.stores.events,
    reference: root.stores.reference,
    t: english(),
    tokens: root.services.tokens,
    cache: new FailingCache(),
    context: { ...root.render, publicBaseUrl: 'https://calendar.itu.example' },
    changedElsewhere: () => false,
    now: () => Date.now(),
  });
  const server = http.createServer((req, res) => {
    if (responder.handle(req, res)) return;
    res.writeHead(599, { 'content-type': 'text/plain' });
    res.end('declined');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;

  t.equal((await request(port, 'GET', '/feeds/all.ics')).status, 200);
  const head = await request(port, 'HEAD', '/feeds/all.ics');
  t.equal(head.status, 200);
  t.equal(head.body.length, 0, 'HEAD has no body');
  t.ok(Number(head.headers['content-length']) > 0, 'HEAD gives the length of the body it leaves out');
  t.equal((await request(port, 'GET', '/api/events')).status, 599, 'not a feed: declined');
  t.equal((await request(port, 'DELETE', '/feeds/all.ics')).status, 599, 'not GET or HEAD: declined');
  failing = true;
  t.equal(
    (await request(port, 'GET', '/feeds/regions/africa.ics')).status,
    599,
    'a failure is left to Fastify, whose error handler reports it',
  );
  t.equal((await request(port, 'GET', '/feeds/regions/atlantis.ics')).status, 404, 'an unknown feed needs no store');
});
