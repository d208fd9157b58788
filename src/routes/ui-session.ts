import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, type Problem } from '../domain/problems.js';
import { httpProblem, refusal } from '../http-problem.js';
import { SESSION_SECONDS, type SessionService, type UiSession } from '../services/sessions.js';

/**
 * Sessions of the web pages. The signed cookie holds a random session id, never the token; the
 * session lives in the store and is looked up on every request, so signing out, revoking the
 * token or the session's twelve hours running out end it for every copy of the cookie. Forms
 * that post carry a CSRF token derived from the session id (an HMAC with the server's secret),
 * and a request the browser marks as cross-site (Sec-Fetch-Site, Origin) is refused before
 * anything else.
 */

export const SESSION_COOKIE = 'session';
/** a random value that the sign-in form's CSRF token is derived from, before there is a session */
export const SIGN_IN_COOKIE = 'sign_in';

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in office of the web pages, while its session is open */
    uiSession?: UiSession | undefined;
  }
}

export function cookieOptions(secure: boolean, path = '/', maxAge = SESSION_SECONDS): CookieSerializeOptions {
  return { path, httpOnly: true, sameSite: 'strict', secure, signed: true, maxAge };
}

export function csrfToken(secret: string, purpose: 'session' | 'sign-in', value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\0${value}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const newNonce = () => randomBytes(18).toString('base64url');

/** The value of a signed cookie, or undefined when it is missing or its signature is wrong. */
export function signedCookie(request: FastifyRequest, name: string): string | undefined {
  const raw = request.cookies[name];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

/** An onRequest hook: the session the cookie names while it is still open, or the stale cookie cleared. */
export function readSession(sessions: SessionService) {
  return async function session(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.cookies[SESSION_COOKIE] === undefined) return;
    const id = signedCookie(request, SESSION_COOKIE);
    const open = id ? sessions.resolve(id) : undefined;
    if (!open) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    request.uiSession = open;
  };
}

/** Why the browser says this request came from another site, or undefined. */
export function crossSiteReason(request: FastifyRequest, publicBaseUrl: string): Problem | undefined {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return problem('crossSiteFetch', { site });
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  // under Referrer-Policy: no-referrer a browser posts a form with Origin: null; it still says
  // where the post came from in Sec-Fetch-Site, which no page can set
  if (origin === 'null' && site === 'same-origin') return undefined;
  const allowed = [new URL(publicBaseUrl).origin, `${request.protocol}://${request.host}`];
  return allowed.includes(origin) ? undefined : problem('crossSiteOrigin', { origin });
}

/** Refuses (403) a post from another site, or one whose CSRF token does not match. */
export function checkPost(request: FastifyRequest, publicBaseUrl: string, expected: string | undefined, presented: string): void {
  const reason = crossSiteReason(request, publicBaseUrl);
  if (reason) throw refusal(403, reason);
  if (expected === undefined || !sameText(expected, presented)) throw httpProblem(403, 'formForged');
}

/**
 * A place to return to after signing in: a path of this site only, in visible ASCII (a browser
 * sends a path percent-encoded), never `//host` or `/\host`, which a browser reads as another site.
 */
export function safeNext(next: string | undefined): string | undefined {
  return next && /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(next) ? next : undefined;
}
