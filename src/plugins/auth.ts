import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Root } from '../compose.js';
import type { Actor } from '../domain/access.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the office the bearer token speaks for, and the token; set on write routes only */
    actor?: Actor;
  }
  interface FastifyInstance {
    /** an onRequest hook for write routes: the bearer token's actor, or 401 (429 past the limit) */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** the actor of a read's valid bearer token, if any: ITU staff see internal events and addresses */
    reader: (request: FastifyRequest) => Actor | undefined;
  }
}

/** Bearer tokens, checked by the AccessService: the routes ask these two, and decide nothing themselves. */
export function bearerAuth(app: FastifyInstance, root: Root): void {
  const { access } = root.services;
  app.decorate('authenticate', async (request: FastifyRequest) => {
    request.actor = access.authenticate(request.headers.authorization, request.ip);
  });
  app.decorate('reader', (request: FastifyRequest) => access.reader(request.headers.authorization, request.ip));
}

/** Who reads: ITU staff (any valid token) or the public. */
export const audienceOf = (actor: Actor | undefined) => (actor ? ('staff' as const) : ('public' as const));
