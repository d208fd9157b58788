import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Root } from '../compose.js';
import { HttpProblem } from '../http-problem.js';
import { english, type Translator } from '../i18n/index.js';
import { asProblem, reportWriteRefused, WRITES_REFUSED } from '../plugins/errors.js';
import { SITE_CSS, SITE_JS } from '../ui/assets.js';
import { errorPage } from '../ui/layout.js';
import { holidayPages } from './ui-holidays.js';
import { officePages } from './ui-office.js';
import { publicPages } from './ui-public.js';
import { referencePages } from './ui-reference.js';
import { reportPages } from './ui-reports.js';
import { csrfToken, readSession } from './ui-session.js';
import { pageTranslator, type PageTools } from './ui-shared.js';

/** The error pages' titles by status; anything else is "Something went wrong". */
const TITLED = new Set([400, 401, 403, 404, 409, 413, 415, 429, 503]);

/**
 * The web pages: server-rendered HTML that reads and works without JavaScript. Registered as
 * its own encapsulated plugin, so the form parser, the session hook and the HTML error pages
 * apply to the pages only; the API keeps its JSON errors and refuses form bodies.
 */
export default async function uiRoutes(app: FastifyInstance, { root }: { root: Root }): Promise<void> {
  await app.register(formbody);
  app.decorateRequest('t', null as unknown as Translator);
  app.addHook('onRequest', async (request) => {
    request.page = true;
  });
  app.addHook('onRequest', pageTranslator(root));
  app.addHook('onRequest', readSession(root.services.sessions));

  const officeName = root.services.reference.officeName;
  const tools: PageTools = {
    viewerOf(request) {
      const session = request.uiSession;
      if (!session) return undefined;
      return {
        office: session.office,
        officeName: officeName(session.office, request.t.locale),
        csrf: csrfToken(root.config.sessionSecret, 'session', session.id),
      };
    },
    sendPage(reply, page, status = 200) {
      return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
    },
  };

  app.setErrorHandler((thrown: FastifyError | HttpProblem, request, reply) => {
    const error = asProblem(
      reportWriteRefused(thrown, request, (e) => root.services.health.writeRefused(e)) ? WRITES_REFUSED : thrown,
      request.url,
    );
    // an error before the page's hooks ran (a malformed request) is said in English
    const t = request.t ?? english();
    let status: number;
    let message: string;
    if (error) {
      status = error.statusCode;
      reply.headers(error.headers);
      // the field as people say it ("in person"), then the problem
      message = error.field ? t.t('error.field', { field: t.fieldLabel(error.field), problem: t.say(error.said) }) : t.say(error.said);
    } else {
      request.log.error({ err: thrown }, 'page failed');
      status = 500;
      message = t.t('problem.serverError');
    }
    const title = TITLED.has(status) ? t.t(`error.title.${status as 400}`) : t.t('error.title.other');
    return tools.sendPage(reply, errorPage(t, { status, title, message }, tools.viewerOf(request)), status);
  });

  const asset = (body: string, type: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.headers({ 'content-type': type, 'cache-control': 'public, max-age=3600' }).send(body);
  app.get('/assets/site.css', { schema: { hide: true } }, asset(SITE_CSS, 'text/css; charset=utf-8'));
  app.get('/assets/site.js', { schema: { hide: true } }, asset(SITE_JS, 'text/javascript; charset=utf-8'));

  publicPages(app, root, tools);
  officePages(app, root, tools);
  referencePages(app, root, tools);
  reportPages(app, root, tools);
  holidayPages(app, root, tools);
}
