import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Root } from '../compose.js';
import { PSEUDO_LOCALE, translatorFor, type Translator } from '../i18n/index.js';
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

/**
 * An onRequest hook choosing the page's translator: English, or the en-XA pseudo-locale when the
 * service allows it (PSEUDO_LOCALE=1) and the query asks for it with `lang=en-XA`. The `lang`
 * parameter is taken out of the query, so that each page's own query schema never sees it.
 */
export function pageTranslator(root: Root) {
  return async function translator(request: FastifyRequest): Promise<void> {
    const query = request.query as Record<string, unknown> | undefined;
    const lang = query?.lang;
    if (query && 'lang' in query) delete query.lang;
    request.t = translatorFor(root.config.pseudoLocale && lang === PSEUDO_LOCALE ? PSEUDO_LOCALE : 'en');
  };
}
