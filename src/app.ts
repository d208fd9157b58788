import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import http from 'node:http';
import type { AppConfig } from './config.js';
import { FeedCache } from './calendar/feed-cache.js';
import { prepareZones, type RenderContext } from './calendar/render.js';
import type { CalendarEvent } from './domain/event.js';
import { Dispatcher, type DispatcherOptions } from './mail/dispatcher.js';
import { ReminderPlanner } from './mail/planner.js';
import { createMailer, type Mailer } from './mail/transport.js';
import { reminderRoutes } from './routes/reminders.js';
import { attendanceRoutes, missingRoutes } from './routes/attendance.js';
import { reportRoutes } from './routes/reports.js';
import { AttendanceStore } from './store/attendance.js';
import { AuditStore } from './store/audit.js';
import { FeedTokenStore } from './store/feed-tokens.js';
import { Outbox } from './store/outbox.js';
import { FailureLimiter, readerOffice, requireToken } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/errors.js';
import { Metrics } from './plugins/metrics.js';
import { registerValidation } from './plugins/validation.js';
import { operationsRoutes } from './routes/operations.js';
import { eventRoutes } from './routes/events.js';
import { EventReply } from './domain/shapes.js';
import { EventService } from './services/events.js';
import { AttendanceService } from './services/attendance.js';
import { ReminderService } from './services/reminders.js';
import { TokenService } from './services/tokens.js';
import { AuditService } from './services/audit.js';
import { auditRoutes } from './routes/audit.js';
import { FeedResponder, feedRoutes, originForm, USE_COUNT_RETRY_MS } from './routes/feeds.js';
import { occurrenceRoutes } from './routes/occurrences.js';
import { referenceRoutes } from './routes/reference.js';
import { uiRoutes } from './routes/ui.js';
import { ErrorReply } from './routes/schemas.js';
import { dataVersion, openDatabase, openDatabaseForReading, readinessProbe, writeProbe, type Db } from './store/database.js';
import { WriteHealth } from './services/write-health.js';
import { describeSqliteError, isWriteRefused } from './store/errors.js';
import { EventStore } from './store/events.js';
import { Reference } from './store/reference.js';
import { eventProblems } from './services/event-health.js';
import { loadDemoEvents, loadReferenceData } from './store/seed.js';
import { SessionStore } from './store/sessions.js';
import { TokenStore } from './store/tokens.js';

export interface Services {
  db: Db;
  reference: Reference;
  events: EventStore;
  tokens: TokenStore;
  sessions: SessionStore;
  feedCache: FeedCache;
  outbox: Outbox;
  audit: AuditStore;
  feedTokens: FeedTokenStore;
}

export interface Reminders {
  planner: ReminderPlanner;
  dispatcher: Dispatcher;
  mailer: Mailer;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    reminders: Reminders;
  }
}

/**
 * How a process uses the database: `serve` (the service and the tools that change data) opens
 * or creates the file, migrates it and loads the reference and demo data; `read` (reports, the
 * feed export) opens an existing, migrated file read-only and writes nothing, so a cron run of a
 * report never changes what it reports on. Neither plans reminders: the service does at start.
 */
export type OpenMode = 'serve' | 'read';

/** Opens the database and the stores over it: shared by the service and the command-line tools. */
export function openServices(
  config: Pick<AppConfig, 'databasePath' | 'officeEmails' | 'notifyDomains' | 'demoData' | 'clock' | 'mail'> & Partial<Pick<AppConfig, 'feedCacheBytes'>>,
  { mode = 'serve' }: { mode?: OpenMode } = {},
): Services {
  const db = mode === 'read' ? openDatabaseForReading(config.databasePath) : openDatabase(config.databasePath);
  if (mode === 'serve') loadReferenceData(db, config.officeEmails);
  const reference = Reference.load(db, config.notifyDomains, [config.mail.tsbFocalPoint]);
  const events = new EventStore(db, reference.expandGroups);
  if (mode === 'serve' && config.demoData) loadDemoEvents(db, events, config.clock().toISOString());
  const sessions = new SessionStore(db);
  return { db, reference, events, tokens: new TokenStore(db), sessions, feedCache: new FeedCache(config.feedCacheBytes), outbox: new Outbox(db), audit: new AuditStore(db), feedTokens: new FeedTokenStore(db) };
}

/** The planner, the mailer and the dispatcher over the services: shared by the service and `npm run reminders`. */
export function openReminders(
  services: Services,
  config: Pick<AppConfig, 'mail' | 'publicBaseUrl' | 'clock'>,
  log: FastifyBaseLogger,
  observe?: DispatcherOptions['observe'],
): Reminders {
  const planner = new ReminderPlanner(services.outbox, services.events, services.reference, config.mail, config.clock);
  const mailer = createMailer(config.mail);
  // reminders go to ITU staff: an internal event is rendered whole in them
  const context = { ...renderContext(services.reference, config.publicBaseUrl), audience: 'staff' as const, mailFrom: config.mail.from };
  const dispatcher = new Dispatcher({ outbox: services.outbox, events: services.events, mailer, context, mail: config.mail, clock: config.clock, log, observe });
  // a reminder planned by this process may fall due before the dispatcher's next turn
  planner.onPlanned = () => dispatcher.wake();
  dispatcher.beforeBatch = () => {
    const { planned, failed } = planner.extendHorizon();
    for (const { event, error } of failed) log.error({ event, err: error }, 'could not plan the reminders of an event; the others are planned');
    if (planned) log.info({ through: services.outbox.plannedThrough() }, 'reminders planned further ahead');
  };
  return { planner, dispatcher, mailer };
}

/** What every rendering of an event (feeds, the static export, mail) needs to know beyond the event. */
export function renderContext(reference: Reference, publicBaseUrl: string, onRenderFailure?: RenderContext['onRenderFailure']): RenderContext {
  return {
    publicBaseUrl,
    onRenderFailure,
    officeName: reference.officeName,
    groupName: reference.groupName,
  };
}

/** True once per commit made by another connection (a CLI run, a second service process). */
function externalChangeDetector(db: Db): () => boolean {
  const version = dataVersion(db);
  let seen = version();
  let checkedThisTurn = false;
  const nextTurn = () => {
    checkedThisTurn = false;
  };
  return () => {
    // The requests answered in one turn of the event loop had all arrived when it began, so one
    // look at the database, made after they arrived, serves them all; under load it was a
    // fifth of the cost of a 304.
    if (checkedThisTurn) return false;
    checkedThisTurn = true;
    setImmediate(nextTurn);
    const now = version();
    if (now === seen) return false;
    seen = now;
    return true;
  };
}

/**
 * A request's path as the log keeps it: no query (what someone typed), no private feed link's
 * secret however the target was written. An absolute-form target is read as its path; printable
 * percent-escapes are decoded (a few rounds, for escapes of escapes) and runs of slashes and
 * backslashes made one, so that `//feeds/private/…`, `/feeds%2Fprivate%2F…` and a secret spelt
 * with escapes all come to `/feeds/private/<secret>`, whose segment after "private" is dropped;
 * so is any run of characters as long as a secret.
 */
export function loggedPath(url: string): string {
  let path = originForm(url);
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = `${path.slice(0, cut)}?…`;
  for (let round = 0; round < 4 && /%[2-7][0-9a-f]/i.test(path); round++) {
    // control characters (below %20, %7F) stay escaped: a log line is never split
    path = path.replace(/%([2-7][0-9a-f])/gi, (escape, hex: string) => (hex.toLowerCase() === '7f' ? escape : String.fromCharCode(parseInt(hex, 16))));
  }
  return scrubSecrets(path.replace(/[/\\]+/g, '/').replace(/\/private\/[^/?]*/gi, '/private/…'));
}

/**
 * What a private feed link's secret looks like (43 URL-safe characters, store/feed-tokens.ts), plain or
 * percent-escaped, in a run of any length: no log line keeps one, whatever wrote it.
 */
const SECRET_RUN = /(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2}){43,}/g;
const scrubSecrets = (text: string) => text.replace(SECRET_RUN, '…');

/** For HTML that is a document rather than a page (the HTML report): its own styles, no scripts. */
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The composition root: everything the service is made of is built here from one typed config. */
export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  // Feed requests are answered before Fastify's pipeline, which costs more than the answer itself
  // (see FeedResponder); set below, once the services exist.
  let feeds: FeedResponder | undefined;
  let metrics: Metrics | undefined;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // the path without its query: a query may carry what someone typed, a link a secret
            serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: loggedPath(req.url), remoteAddress: req.ip }) },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // the last word before a line is written: whatever logged a URL (a 404's message, an
            // error's), a secret's shape does not reach the log
            hooks: { streamWrite: scrubSecrets },
            ...(config.logFormat === 'pretty' ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
          },
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    requestTimeout: config.requestTimeoutMs,
    serverFactory: (handler, options) => {
      // node enforces requestTimeout only when it looks, every connectionsCheckingInterval (30 s by default)
      const server = http.createServer({ connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs) }, (req, res) => {
        const startedAt = process.hrtime.bigint();
        if (feeds?.handle(req, res)) metrics?.feed(res, startedAt);
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
  const services = openServices(config);
  metrics = new Metrics(services.outbox, config.clock, services.feedCache);
  const reminders = openReminders(services, config, app.log, metrics.dispatch);
  reminders.planner.onPlanFailure = () => metrics?.planFailure();
  app.decorate('services', services);
  app.decorate('reminders', reminders);
  app.decorate('metrics', metrics);
  metrics.register(app);
  app.addHook('onClose', async () => {
    await reminders.dispatcher.stop();
    reminders.mailer.close();
    services.db.$client.close();
  });

  // the same protective headers on every answer (pages set stricter ones of their own)
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html') && !reply.hasHeader('content-security-policy')) reply.header('content-security-policy', DOCUMENT_CSP);
    return payload;
  });
  // a change the database refused is answered 503 (not 500), counted, and shown by /ready at once
  const writeHealth = new WriteHealth(writeProbe(services.db), () => config.clock().getTime());
  const onWriteRefused = (error: unknown) => {
    metrics?.writeRefused();
    writeHealth.refused(error);
  };
  registerValidation(app);
  registerErrorHandling(app, onWriteRefused);
  app.addSchema(ErrorReply);
  app.addSchema(EventReply);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ITU-T regional events calendar',
        description: 'Events of the ITU-T regional presence, their feeds, reminders and reports. Reads are public; writes need an office token.',
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

  const limiter = new FailureLimiter(config.authFailureLimit, config.authFailureWindowMs, config.clock);
  const authenticate = requireToken(services.tokens, limiter);
  const reader = readerOffice(services.tokens, limiter);

  const healthDeps = { ...services, planner: reminders.planner, context: renderContext(services.reference, config.publicBaseUrl) };
  operationsRoutes(app, { probe: readinessProbe(services.db), writesFail: () => writeHealth.check(), dispatcher: reminders.dispatcher, metrics, metricsToken: config.metricsToken, authenticate, eventProblems: () => eventProblems(healthDeps) });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  referenceRoutes(app, services.reference);
  const serviceDeps = { ...services, planner: reminders.planner, clock: config.clock };
  const service = new EventService(serviceDeps);
  const attendance = new AttendanceService({ ...serviceDeps, attendance: new AttendanceStore(services.db) });
  const eventDeps = { ...services, service, attendance, clock: config.clock, authenticate, reader };
  eventRoutes(app, eventDeps);
  occurrenceRoutes(app, eventDeps);
  attendanceRoutes(app, eventDeps);
  missingRoutes(app, eventDeps);
  reportRoutes(app, { ...services, reader });
  auditRoutes(app, { audit: new AuditService(services), authenticate });
  reminderRoutes(app, { reminders: new ReminderService({ ...services, dispatcher: reminders.dispatcher, clock: config.clock }), authenticate });
  const feedDeps = {
    events: services.events,
    reference: services.reference,
    cache: services.feedCache,
    context: renderContext(services.reference, config.publicBaseUrl, (event, error) => {
      metrics.renderFailure();
      app.log.error({ event, err: error }, 'an event could not be rendered: its feeds are served without it');
    }),
    changedElsewhere: externalChangeDetector(services.db),
    feedTokens: services.feedTokens,
    now: () => config.clock().getTime(),
    onUseUncounted: (error?: unknown) => {
      metrics.useUncounted();
      if (error === undefined) return;
      if (isWriteRefused(error)) writeHealth.refused(error);
      app.log.error({ sqlite: describeSqliteError(error) }, `a private feed link was used but its use could not be counted: the feed was served; counting is tried again in ${USE_COUNT_RETRY_MS / 1000} s`);
    },
  };
  feeds = new FeedResponder(feedDeps);
  feedRoutes(app, feedDeps, feeds);
  await app.register(uiRoutes, {
    ...services,
    limiter,
    service,
    attendance,
    tokenService: new TokenService({ ...services, clock: config.clock }),
    clock: config.clock,
    publicBaseUrl: config.publicBaseUrl,
    sessionSecret: config.sessionSecret,
    context: renderContext(services.reference, config.publicBaseUrl),
    onWriteRefused,
  });

  return app;
}
