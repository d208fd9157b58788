import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Root } from '../compose.js';
import { chooseLocale, isLocale, PSEUDO_LOCALE, translatorFor, type OfficialLocale, type Translator } from '../i18n/index.js';
import type { Viewer } from '../ui/layout.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the reader's language: every word of a page comes through it */
    t: Translator;
  }
}

/** Everything a page function needs to know about the request. */
export interface PageTools {
  viewerOf(request: FastifyRequest): Viewer | undefined;
  sendPage(reply: FastifyReply, page: string, status?: number): FastifyReply;
}

/** The cookie the language switcher sets: the reader's choice, kept for a year. */
export const LANGUAGE_COOKIE = 'lang';

/** A reader's choice a page remembers (its language, whose times the month shows): not a secret, sent on links from elsewhere. */
export const choiceCookie = (request: FastifyRequest, maxAge: number) => ({
  path: '/',
  sameSite: 'lax' as const,
  httpOnly: true,
  secure: request.protocol === 'https',
  maxAge,
});
const LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600;

/** What Fastify's rewriteUrl left on the raw request: the language of a `/fr/…` path. */
export interface LocalePrefixed {
  localePrefix?: OfficialLocale;
}

/**
 * An onRequest hook choosing the page's translator (`chooseLocale`: the path's prefix, `?lang=`,
 * the switcher's cookie, Accept-Language, English), or the en-XA pseudo-locale when the service
 * allows it (PSEUDO_LOCALE=1) and the query asks for it. The `lang` parameter is taken out of the
 * query, so that each page's own query schema never sees it. A language chosen in the path or the
 * query is remembered in the cookie, so the next page (whose links carry neither) keeps it; a page
 * whose words depend on the cookie and the browser's languages says so (Vary), so no cache gives
 * one reader's language to another.
 */
export function pageTranslator(root: Root) {
  return async function translator(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const query = request.query as Record<string, unknown> | undefined;
    const asked = query?.lang;
    if (query && 'lang' in query) delete query.lang;
    if (root.config.pseudoLocale && asked === PSEUDO_LOCALE) {
      request.t = translatorFor(PSEUDO_LOCALE);
      return;
    }
    const prefix = (request.raw as LocalePrefixed).localePrefix;
    const cookie = request.cookies[LANGUAGE_COOKIE];
    const locale = chooseLocale({ prefix, query: asked, cookie, acceptLanguage: request.headers['accept-language'] });
    request.t = translatorFor(locale);
    if ((isLocale(asked) || prefix) && cookie !== locale)
      reply.setCookie(LANGUAGE_COOKIE, locale, choiceCookie(request, LANGUAGE_COOKIE_SECONDS));
    reply.header('content-language', locale);
    reply.header('vary', 'Accept-Language, Cookie');
  };
}
