import net, { type AddressInfo } from 'node:net';
import t from 'tap';
import { loadConfig } from '../src/config.js';
import { startApp, TestClock, workshopBody } from './support/helpers.js';

/** What one client can do to the others (issue 11, in part): proxies, slow requests. */

t.test('behind a proxy, each office is its own client for the failure limit', async (t) => {
  const clock = new TestClock();
  const { app, auth } = await startApp({ clock: clock.read, authFailureLimit: 2, trustProxy: '127.0.0.1' });
  t.teardown(() => app.close());
  const post = (authorization: string, client: string) =>
    app.inject({ method: 'POST', url: '/api/events', headers: { authorization, 'x-forwarded-for': client }, payload: workshopBody, remoteAddress: '127.0.0.1' });
  for (let i = 0; i < 2; i++) t.equal((await post('Bearer wrong', '203.0.113.9')).statusCode, 401);
  t.equal((await post('Bearer wrong', '203.0.113.9')).statusCode, 429, 'the guessing client is limited');
  t.equal((await post('Bearer wrong', '198.51.100.7')).statusCode, 401, 'another client behind the same proxy is not');
  t.equal((await post(auth('ro-africa').authorization, '203.0.113.9')).statusCode, 201, 'and a valid token never is');
  // without TRUST_PROXY the header is not believed: a client cannot pick its own address
  const direct = await startApp({ clock: clock.read, authFailureLimit: 1 });
  t.teardown(() => direct.app.close());
  const spoof = (client: string) => direct.app.inject({ method: 'POST', url: '/api/events', headers: { authorization: 'Bearer wrong', 'x-forwarded-for': client }, payload: workshopBody });
  t.equal((await spoof('192.0.2.1')).statusCode, 401);
  t.equal((await spoof('192.0.2.2')).statusCode, 429);
});

t.test('a request body sent a byte at a time is cut off at REQUEST_TIMEOUT_SECONDS', async (t) => {
  const { app, token } = await startApp({ requestTimeoutMs: 1500 });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d) => (answer += d));
  socket.write(`POST /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token('ro-africa')}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
  const drip = setInterval(() => socket.writable && socket.write(' '), 200);
  const started = Date.now();
  await new Promise<void>((resolve) => socket.on('close', () => resolve()));
  clearInterval(drip);
  const took = Date.now() - started;
  t.ok(took >= 1400 && took < 6000, `closed after ${took} ms`);
  t.match(answer, /^HTTP\/1\.1 408/, 'with 408 Request Timeout');
  t.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200, 'the service goes on');
});

t.test('TRUST_PROXY and REQUEST_TIMEOUT_SECONDS are read and checked', async (t) => {
  t.equal(loadConfig({}).trustProxy, false);
  t.equal(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy, '127.0.0.1,10.0.0.0/8');
  t.throws(() => loadConfig({ TRUST_PROXY: 'everyone' }), /TRUST_PROXY must be the proxies' addresses/);
  t.equal(loadConfig({}).requestTimeoutMs, 30_000);
  t.equal(loadConfig({ REQUEST_TIMEOUT_SECONDS: '5' }).requestTimeoutMs, 5000);
  t.throws(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '0' }), /REQUEST_TIMEOUT_SECONDS/);
});
