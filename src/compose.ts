import { pino, type Logger } from 'pino';
import type { AppConfig, Clock } from './config.js';
import { FeedCache } from './calendar/feed-cache.js';
import type { RenderContext } from './calendar/render.js';
import type { HolidayCalendar } from './domain/holidays.js';
import type { ReferenceData } from './domain/reference.js';
import { TSB } from './domain/vocabulary.js';
import { english, isLocale, translatorFor, type Translator } from './i18n/index.js';
import { Dispatcher } from './mail/dispatcher.js';
import { replyAddress } from './mail/message.js';
import { ReminderPlanner } from './mail/planner.js';
import { createMailer, type Mailer } from './mail/transport.js';
import { AccessService, FailureLimiter } from './services/access.js';
import { AttendanceService } from './services/attendance.js';
import { AuditService } from './services/audit.js';
import { ClashService } from './services/clashes.js';
import { EventService } from './services/events.js';
import { FeedServer } from './services/feed-server.js';
import { FeedService } from './services/feeds.js';
import { HealthService } from './services/health.js';
import { CorrectedHolidays, HolidayService, LibraryHolidays } from './services/holidays.js';
import { Metrics } from './services/metrics.js';
import { ReferenceService } from './services/reference.js';
import { ReminderService } from './services/reminders.js';
import { ReportService } from './services/reports.js';
import { SessionService } from './services/sessions.js';
import { TokenService } from './services/tokens.js';
import { AttendanceStore } from './store/attendance.js';
import { AuditStore } from './store/audit.js';
import { dataVersion, openDatabase, openDatabaseForReading, readinessProbe, writeProbe, type Db } from './store/database.js';
import { EventStore } from './store/events.js';
import { FeedTokenStore } from './store/feed-tokens.js';
import { HolidayCorrectionStore } from './store/holidays.js';
import { Outbox } from './store/outbox.js';
import { Reference, ReferenceStore } from './store/reference.js';
import { loadDemoEvents, loadReferenceData } from './store/seed.js';
import { SessionStore } from './store/sessions.js';
import { TokenStore } from './store/tokens.js';

/**
 * How a process uses the database: `serve` (the service and the tools that change data) opens
 * or creates the file, migrates it and loads the reference and demo data; `read` (reports, the
 * feed export, the outbox's status) opens an existing, migrated file read-only and writes
 * nothing, so a cron run of a report never changes what it reports on. Neither plans reminders:
 * the service does at start.
 */
export type OpenMode = 'serve' | 'read';

/** The only code that talks SQL, over one database handle. */
export interface Stores {
  db: Db;
  reference: Reference;
  /** TSB's writes of the reference tables */
  referenceTables: ReferenceStore;
  events: EventStore;
  attendance: AttendanceStore;
  tokens: TokenStore;
  feedTokens: FeedTokenStore;
  sessions: SessionStore;
  outbox: Outbox;
  audit: AuditStore;
  holidayCorrections: HolidayCorrectionStore;
}

/** The use cases: what the API, the pages and the command line call. */
export interface Services {
  /** the reference data as every layer reads it */
  reference: ReferenceData;
  /** TSB's changes of the reference data (groups, partners, offices), read again at once */
  referenceEdits: ReferenceService;
  events: EventService;
  attendance: AttendanceService;
  reminders: ReminderService;
  tokens: TokenService;
  access: AccessService;
  sessions: SessionService;
  audit: AuditService;
  feeds: FeedService;
  feedServer: FeedServer;
  reports: ReportService;
  health: HealthService;
  /** the public holidays of every country: the library's, with TSB's corrections applied */
  holidays: HolidayCalendar;
  /** what an event collides with: warnings, never refusals */
  clashes: ClashService;
  /** reading holidays for the API and pages, and TSB's corrections of them */
  holidayCorrections: HolidayService;
}

/** Planning, mailing and dispatching reminders: started by the service, run once by cron. */
export interface Reminders {
  planner: ReminderPlanner;
  mailer: Mailer;
  dispatcher: Dispatcher;
}

/** Everything the service is made of, built once from one typed config; `close()` lets go of it. */
export interface Root {
  config: AppConfig;
  clock: Clock;
  log: Logger;
  stores: Stores;
  services: Services;
  reminders: Reminders;
  metrics: Metrics;
  feedCache: FeedCache;
  /** what every rendering of an event (feeds, the static export, mail) needs beyond the event */
  render: RenderContext;
  close(): Promise<void>;
}

export interface ComposeOptions {
  mode?: OpenMode;
  /** the process's logger; by default one made from the config (pino, JSON lines or readable ones) */
  log?: Logger;
  /** told of each event a rendering leaves out, besides the log and the metrics (the static export lists them) */
  onRenderFailure?: RenderContext['onRenderFailure'];
}

/** The logger a process gets from its configuration: never a secret, whatever it writes. */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): Logger {
  if (config.logLevel === 'silent') return pino({ level: 'silent' });
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    hooks: { streamWrite: scrubSecrets },
    ...(config.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true } } }
      : {}),
  });
}

/**
 * What a private feed link's secret looks like (43 URL-safe characters, store/feed-tokens.ts),
 * plain or percent-escaped, in a run of any length: no log line keeps one, whatever wrote it.
 */
const SECRET_RUN = /(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2}){43,}/g;
export const scrubSecrets = (text: string) => text.replace(SECRET_RUN, '…');

/** The composition root: the stores, the services, the reminders and the render context, from one config. */
export function compose(config: AppConfig, options: ComposeOptions = {}): Root {
  const { mode = 'serve' } = options;
  const log = options.log ?? createLogger(config);
  const clock = config.clock;
  const db = mode === 'read' ? openDatabaseForReading(config.databasePath) : openDatabase(config.databasePath);
  try {
    if (mode === 'serve') loadReferenceData(db, config.officeEmails, config.officeLanguages, clock().toISOString());
    const reference = Reference.load(db, config.notifyDomains, [config.mail.tsbFocalPoint]);
    const events = new EventStore(db, reference.expandGroups);
    if (mode === 'serve' && config.demoData) loadDemoEvents(db, events, clock().toISOString());
    const stores: Stores = {
      db,
      reference,
      referenceTables: new ReferenceStore(db),
      events,
      attendance: new AttendanceStore(db),
      tokens: new TokenStore(db),
      feedTokens: new FeedTokenStore(db),
      sessions: new SessionStore(db),
      outbox: new Outbox(db),
      audit: new AuditStore(db),
      holidayCorrections: new HolidayCorrectionStore(db),
    };
    const libraryHolidays = new LibraryHolidays();
    const holidays = new CorrectedHolidays(libraryHolidays, stores.holidayCorrections);
    const feedCache = new FeedCache(config.feedCacheBytes);
    const metrics = new Metrics(stores.outbox, clock, feedCache);
    const render: RenderContext = {
      publicBaseUrl: config.publicBaseUrl,
      officeName: reference.officeName,
      groupName: reference.groupName,
      groupLabel: reference.groupLabel,
      partnerName: reference.partnerName,
      t: english(),
      onRenderFailure: (event, error) => {
        metrics.renderFailure();
        log.error({ event, err: error }, 'an event could not be rendered: it is left out of what was rendered');
        options.onRenderFailure?.(event, error);
      },
    };

    // the planner wakes the dispatcher for what it planned; the dispatcher moves the planning
    // horizon on before each batch: each is made knowing of the other
    // eslint-disable-next-line prefer-const -- assigned once, below, after the planner that wakes it
    let dispatcher: Dispatcher | undefined;
    const planner = new ReminderPlanner({
      outbox: stores.outbox,
      events,
      reference,
      mail: config.mail,
      clock,
      holidays,
      onPlanned: () => dispatcher?.wake(),
      onPlanFailure: () => metrics.planFailure(),
    });
    const mailer = createMailer(config.mail);
    dispatcher = new Dispatcher({
      outbox: stores.outbox,
      events,
      mailer,
      // reminders go to ITU staff: an internal event is rendered whole in them
      context: {
        ...render,
        onRenderFailure: undefined,
        audience: 'staff',
        mailFrom: config.mail.from,
        // replies reach a person: read at each send, so a changed contact counts at once
        replyTo: (office) => replyAddress(reference.officesById.get(office), config.mail.tsbFocalPoint),
      },
      mail: config.mail,
      clock,
      log,
      observe: metrics.dispatch,
      languagesOf: recipientLanguages(reference, config.mail.tsbFocalPoint),
      beforeBatch: () => {
        const { planned, failed } = planner.extendHorizon();
        for (const { event, error } of failed)
          log.error({ event, err: error }, 'could not plan the reminders of an event; the others are planned');
        if (planned) log.info({ through: stores.outbox.plannedThrough() }, 'reminders planned further ahead');
      },
    });

    const limiter = new FailureLimiter(config.authFailureLimit, config.authFailureWindowMs, clock);
    const access = new AccessService({ tokens: stores.tokens, limiter });
    const eventDeps = { db, audit: stores.audit, events, reference, planner, feedCache, clock };
    const tokens = new TokenService({
      db,
      feedTokens: stores.feedTokens,
      audit: stores.audit,
      tokens: stores.tokens,
      sessions: stores.sessions,
      reference,
      clock,
    });
    const now = () => clock().getTime();
    const referenceEdits = new ReferenceService({
      db,
      reference,
      store: stores.referenceTables,
      audit: stores.audit,
      feedCache,
      clock,
      replanOffice: (office) => {
        // TSB's focal point is told of every event: a change of TSB's days or languages concerns them all
        const since = new Date(clock().getTime() - 45 * 86_400_000).toISOString().slice(0, 10);
        for (const event of events.all({ ...(office === TSB ? {} : { offices: [office] }), from: since })) planner.planEvent(event);
      },
    });
    const changedElsewhere = externalChangeDetector(db);
    const services: Services = {
      reference,
      holidays,
      holidayCorrections: new HolidayService({
        db,
        corrections: stores.holidayCorrections,
        audit: stores.audit,
        library: libraryHolidays,
        calendar: holidays,
        events,
        reference,
        planner,
        clock,
      }),
      referenceEdits,
      events: new EventService(eventDeps),
      attendance: new AttendanceService({ ...eventDeps, attendance: stores.attendance }),
      reminders: new ReminderService({ outbox: stores.outbox, dispatcher, clock }),
      tokens,
      access,
      sessions: new SessionService({ db, sessions: stores.sessions, tokens: stores.tokens, audit: stores.audit, access, clock }),
      audit: new AuditService({ audit: stores.audit, events, reference }),
      feeds: new FeedService({ events, reference, context: render, now }),
      feedServer: new FeedServer({
        events,
        reference,
        t: english(),
        cache: feedCache,
        context: render,
        // a commit by another process may be TSB's change of the reference data: read it again then
        changedElsewhere: () => {
          const changed = changedElsewhere();
          if (changed) referenceEdits.refreshIfChangedElsewhere();
          return changed;
        },
        tokens,
        now,
        // `services` is made by then: a feed is only answered once the root is built
        onUseUncounted: (error) => services.health.useUncounted(error),
      }),
      reports: new ReportService({ events, reference }),
      // the holidays as `services.holidays` has them (TSB's corrections included), read when asked
      clashes: new ClashService({ events, reference, holidays: { between: (...args) => services.holidays.between(...args) } }),
      health: new HealthService({
        events,
        reference,
        planner,
        dispatcher,
        metrics,
        context: render,
        readable: readinessProbe(db),
        writable: writeProbe(db),
        now,
        log,
      }),
    };
    const reminders: Reminders = { planner, mailer, dispatcher };
    let closed = false;
    return {
      config,
      clock,
      log,
      stores,
      services,
      reminders,
      metrics,
      feedCache,
      render,
      async close() {
        if (closed) return;
        closed = true;
        await dispatcher.stop();
        mailer.close();
        db.$client.close();
      },
    };
  } catch (error) {
    db.$client.close();
    throw error;
  }
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
 * The languages a reminder to a recipient is written in: the first of those of the office whose
 * address it is (TSB's for its focal point; else the event's office's, for an extra address
 * notified of its event), and English below it for an office that reads more than one.
 */
function recipientLanguages(reference: ReferenceData, tsbFocalPoint: string) {
  // looked up on each reminder: TSB may change an office's addresses or languages while the service runs
  const languagesOf = (recipient: string, eventOffice: string): string[] => {
    const address = recipient.toLowerCase();
    const owner =
      address === tsbFocalPoint.toLowerCase()
        ? reference.officesById.get('tsb')
        : reference.offices.findLast((o) => o.emails.some((e) => e.toLowerCase() === address));
    return owner?.languages ?? reference.officesById.get(eventOffice)?.languages ?? [];
  };
  return (recipient: string, eventOffice: string): Translator[] => {
    const languages = languagesOf(recipient, eventOffice);
    const [first] = languages.filter(isLocale);
    // the first language; for an office of two or more whose first is not English, English below
    if (!first) return [english()];
    return first !== 'en' && languages.length > 1 ? [translatorFor(first), english()] : [translatorFor(first)];
  };
}
