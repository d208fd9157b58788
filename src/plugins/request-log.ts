import type { FastifyInstance } from 'fastify';
import type { Root } from '../compose.js';
import { scrubSecrets } from '../compose.js';
import { originForm } from '../services/feed-server.js';

/**
 * A request's path as the log keeps it: no query (what someone typed), no private feed link's
 * secret however the target was written. An absolute-form target is read as its path; printable
 * percent-escapes are decoded (a few rounds, for escapes of escapes) and runs of slashes and
 * backslashes made one, so that `//feeds/private/…`, `/feeds%2Fprivate%2F…` and a secret spelt
 * with escapes all come to `/feeds/private/<secret>`, whose segment after "private" is dropped;
 * so is any run of characters as long as a secret.
 */
export function loggedPath(url: string): string {
  let path = originForm(url);
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = `${path.slice(0, cut)}?…`;
  for (let round = 0; round < 4 && /%[2-7][0-9a-f]/i.test(path); round++) {
    path = path.replace(/%([2-7][0-9a-f])/gi, (escape, hex: string) =>
      hex.toLowerCase() === '7f' ? escape : String.fromCharCode(parseInt(hex, 16)),
    );
  }
  return scrubSecrets(path.replace(/[/\\]+/g, '/').replace(/\/private\/[^/?]*/gi, '/private/…'));
}

/**
 * One log line per request Fastify answers ("GET /events/… 200 3 ms"), its path as loggedPath
 * keeps it, and the request counted in the metrics under its route template. (The feed fast path
 * answers outside Fastify and logs nothing: it is counted by the server, see app.ts.)
 */
export function requestLog(app: FastifyInstance, root: Root): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    root.metrics.request(request.method, route, reply.statusCode, seconds);
    const path = loggedPath(request.url);
    request.log.info(
      { method: request.method, url: path, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime), remoteAddress: request.ip },
      `${request.method} ${path} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`,
    );
  });
}
