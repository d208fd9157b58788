import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from '../http-problem.js';
import { reportWriteRefused, WRITES_REFUSED } from '../plugins/errors.js';
import { describeValidation } from '../services/validate.js';
import { SITE_CSS, SITE_JS } from '../ui/assets.js';
import { errorPage } from '../ui/layout.js';
import { officePages } from './ui-office.js';
import { publicPages } from './ui-public.js';
import type { PageTools, UiDeps } from './ui-shared.js';
import { reportPages } from './ui-reports.js';
import { csrfToken, readSession } from './ui-session.js';

const TITLES: Record<number, string> = {
  400: 'That request cannot be answered',
  401: 'Sign-in needed',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible now',
  413: 'Too much data',
  415: 'That kind of form is not understood',
  429: 'Too many attempts',
  503: 'Changes cannot be saved now',
};

// pages load only what the service itself serves; no framing, no inline script
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * The web pages: server-rendered HTML that reads and works without JavaScript. Registered as
 * its own encapsulated plugin, so the form parser, the session hook and the HTML error pages
 * apply to the pages only; the API keeps its JSON errors and refuses form bodies.
 */
export async function uiRoutes(app: FastifyInstance, deps: UiDeps): Promise<void> {
  await app.register(formbody);
  app.addHook('onRequest', readSession(deps.sessions, deps.clock));

  const officeName = deps.reference.officeName;
  const tools: PageTools = {
    viewerOf(request) {
      const session = request.uiSession;
      if (!session) return undefined;
      return { office: session.office, officeName: officeName(session.office), csrf: csrfToken(deps.sessionSecret, 'session', session.id) };
    },
    sendPage(reply, page, status = 200) {
      return reply
        .code(status)
        .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' })
        .type('text/html; charset=utf-8')
        .send(page);
    },
  };

  app.setErrorHandler((thrown: FastifyError | HttpProblem, request, reply) => {
    const error = reportWriteRefused(thrown, request, deps.onWriteRefused) ? WRITES_REFUSED : thrown;
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
      message = 'Something went wrong on our side; it has been logged.';
    }
    return tools.sendPage(reply, errorPage({ status, title: TITLES[status] ?? 'Something went wrong', message }, tools.viewerOf(request)), status);
  });

  const asset = (body: string, type: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.headers({ 'content-type': type, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' }).send(body);
  app.get('/assets/site.css', { schema: { hide: true } }, asset(SITE_CSS, 'text/css; charset=utf-8'));
  app.get('/assets/site.js', { schema: { hide: true } }, asset(SITE_JS, 'text/javascript; charset=utf-8'));

  publicPages(app, deps, tools);
  officePages(app, deps, tools);
  reportPages(app, deps, tools);
}
