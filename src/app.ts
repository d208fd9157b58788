import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import http from 'node:http';
import type { Root } from './compose.js';
import { EventReply } from './domain/shapes.js';
import { bearerAuth } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/errors.js';
import { requestLog } from './plugins/request-log.js';
import { securityHeaders } from './plugins/security.js';
import { registerValidation } from './plugins/validation.js';
import attendanceRoutes from './routes/attendance.js';
import auditRoutes from './routes/audit.js';
import eventRoutes from './routes/events.js';
import feedRoutes from './routes/feeds.js';
import holidayRoutes from './routes/holidays.js';
import occurrenceRoutes from './routes/occurrences.js';
import operationsRoutes from './routes/operations.js';
import referenceRoutes from './routes/reference.js';
import reminderRoutes from './routes/reminders.js';
import reportRoutes from './routes/reports.js';
import { ErrorReply } from './routes/schemas.js';
import uiRoutes from './routes/ui.js';
import type { LocalePrefixed } from './routes/ui-shared.js';
import { splitLocalePrefix } from './i18n/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** what the service is made of (compose.ts): its services, reminders and configuration */
    root: Root;
  }
}

/**
 * The HTTP face of a composed root: Fastify with the route plugins registered, each given the
 * root. Builds nothing of its own and plans nothing (server.ts does, at start); closing the app
 * closes the root.
 */
export async function buildApp(root: Root): Promise<FastifyInstance> {
  const { config } = root;
  const feeds = root.services.feedServer;
  const app = Fastify({
    // pino's Logger is Fastify's logger; said so, or Fastify's generics take the Logger type into every route
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: root.log as FastifyBaseLogger,
    // one line per request, from the request-log plugin, not Fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    // a page's language may be the first part of its path (/fr/events/…): the routes see the rest
    rewriteUrl: (req) => {
      const { locale, rest } = splitLocalePrefix(req.url ?? '/');
      if (locale) (req as LocalePrefixed).localePrefix = locale;
      return rest;
    },
    bodyLimit: 256 * 1024,
    requestTimeout: config.requestTimeoutMs,
    serverFactory: (handler, options) => {
      // node enforces requestTimeout only when it looks, every connectionsCheckingInterval (30 s by default)
      const server = http.createServer({ connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs) }, (req, res) => {
        // feed requests are answered before Fastify's pipeline, which costs more than the answer itself
        const startedAt = process.hrtime.bigint();
        if (feeds.handle(req, res)) root.metrics.feed(res, startedAt);
        else handler(req, res);
      });
      // what Fastify sets on the server it makes itself (its options, with its defaults filled in)
      const timeouts = options as { keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number };
      server.keepAliveTimeout = timeouts.keepAliveTimeout;
      server.requestTimeout = timeouts.requestTimeout;
      // the headers first, well within the whole request's time
      server.headersTimeout = Math.min(timeouts.requestTimeout, 20_000);
      server.setTimeout(timeouts.connectionTimeout);
      return server;
    },
  });
  app.decorate('root', root);
  app.addHook('onClose', () => root.close());

  requestLog(app, root);
  securityHeaders(app);
  registerValidation(app);
  registerErrorHandling(app, (error) => root.services.health.writeRefused(error));
  bearerAuth(app, root);
  app.addSchema(ErrorReply);
  app.addSchema(EventReply);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ITU-T regional events calendar',
        description:
          'Events of the ITU-T regional presence, their feeds, reminders and reports. Reads are public; writes need an office token.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  // Its own CSP, with the hashes of its inline scripts. Not upgrade-insecure-requests, which would
  // send the assets of a plain-http local run to https; inline styles allowed (with hashes listed,
  // browsers would ignore 'unsafe-inline'), as swagger-ui's script sets some.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace(/\s*upgrade-insecure-requests;?/, '')
        .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';")
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  });
  await app.register(cookie, { secret: config.sessionSecret });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const options = { root };
  // TSB's change of the reference data made by another service on the same file: read it again
  // before answering (one look at the database's data_version per request)
  app.addHook('onRequest', async () => {
    root.services.referenceEdits.refreshIfChangedElsewhere();
  });
  await app.register(operationsRoutes, options);
  await app.register(referenceRoutes, options);
  await app.register(eventRoutes, options);
  await app.register(occurrenceRoutes, options);
  await app.register(attendanceRoutes, options);
  await app.register(reportRoutes, options);
  await app.register(auditRoutes, options);
  await app.register(reminderRoutes, options);
  await app.register(holidayRoutes, options);
  await app.register(feedRoutes, options);
  await app.register(uiRoutes, options);
  return app;
}
