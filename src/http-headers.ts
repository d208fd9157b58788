/**
 * The protective headers of every answer, in one place: the API's JSON, the feeds (served ahead of
 * Fastify too), the HTML report and the pages. Fastify's answers get them from one onSend hook
 * (plugins/security.ts); the feed fast path puts the same ones in its prepared answers.
 */

/** Every answer: no type sniffing, no Referer (a private feed link or a page's query must not leak). */
export const BASE_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

/** HTML that is a document rather than a page (the HTML report): its own styles, no scripts. */
export const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The pages: only what the service itself serves, no framing, no inline script. */
export const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'x-frame-options': 'DENY',
} as const;
