import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Root } from '../compose.js';
import { HttpProblem } from '../http-problem.js';
import { english, type Translator } from '../i18n/index.js';
import { reportWriteRefused, WRITES_REFUSED } from '../plugins/errors.js';
import { describeValidation } from '../services/validate.js';
import { SITE_CSS, SITE_JS } from '../ui/assets.js';
import { errorPage } from '../ui/layout.js';
import { officePages } from './ui-office.js';
import { publicPages } from './ui-public.js';
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
      return { office: session.office, officeName: officeName(session.office), csrf: csrfToken(root.config.sessionSecret, 'session', session.id) };
    },
    sendPage(reply, page, status = 200) {
      return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
    },
  };

  app.setErrorHandler((thrown: FastifyError | HttpProblem, request, reply) => {
    const error = reportWriteRefused(thrown, request, (e) => root.services.health.writeRefused(e)) ? WRITES_REFUSED : thrown;
    // an error before the page's hooks ran (a malformed request) is answered in English
    const t = request.t ?? english();
    let status: number;
    let message: string;
    if (error instanceof HttpProblem) {
      status = error.statusCode;
      message = error.message;
      reply.headers(error.headers);
    } else if (error.validation) {
      const issue = describeValidation(error.validation[0] as Parameters<typeof describeValidation>[0]);
      status = 400;
      message = `${error.validationContext === 'params' ? 'path' : 'query'} ${issue.field}: ${issue.problem}`;
    } else if ((error.statusCode ?? 500) < 500) {
      // Fastify's own client errors: wrong content type, body too large
      status = error.statusCode!;
      message = error.message;
    } else {
      request.log.error({ err: error }, 'page failed');
      status = 500;
      message = t.t('error.server');
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
  reportPages(app, root, tools);
}
