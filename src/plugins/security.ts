import type { FastifyInstance } from 'fastify';
import { BASE_HEADERS, DOCUMENT_CSP, PAGE_HEADERS } from '../http-headers.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the pages' plugin: the answer is a page, with the pages' stricter headers */
    page: boolean;
  }
}

/** The one hook that puts the protective headers on every answer Fastify gives; a route's own header stands. */
export function securityHeaders(app: FastifyInstance): void {
  app.decorateRequest('page', false);
  app.addHook('onSend', async (request, reply, payload) => {
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    const headers = { ...BASE_HEADERS, ...(request.page ? PAGE_HEADERS : html ? { 'content-security-policy': DOCUMENT_CSP } : {}) };
    for (const [name, value] of Object.entries(headers)) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });
}
