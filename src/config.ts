import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseMailbox } from './mail/address.js';
import { LANGUAGES } from './domain/vocabulary.js';

/** A source of the current time. Injected everywhere "now" matters, so tests never sleep. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export interface AppConfig {
  host: string;
  port: number;
  /** SQLite file; created and migrated on start */
  databasePath: string;
  /** load the demo events from the regional presence report on first start */
  demoData: boolean;
  /** base of the links the service prints (feeds, events), no trailing slash */
  publicBaseUrl: string;
  /** replaces the example.org placeholder contact of an office: { 'ro-africa': ['a@itu.int'] } */
  officeEmails: Record<string, string[]>;
  /** OFFICE_LANGUAGES: an office's mail languages in place of the reference data's */
  officeLanguages: Record<string, string[]>;
  /** the domains an event's extra `notify` addresses may be at; null: the offices' and TSB's */
  notifyDomains: string[] | null;
  /** failed token checks one client may make per window before it gets 429 */
  authFailureLimit: number;
  authFailureWindowMs: number;
  /** signs the web pages' session cookie and derives their CSRF tokens; random per process unless set */
  sessionSecret: string;
  logLevel: string;
  /** 'pretty' (readable lines, for a terminal) or 'json' (one object a line, for a log collector) */
  logFormat: 'pretty' | 'json';
  /** the proxies in front of the service, whose X-Forwarded-For names the client: their addresses, or false */
  trustProxy: false | string;
  /** a request (headers and body) must arrive within this; a slow client is cut off */
  requestTimeoutMs: number;
  /** bearer token that opens GET /metrics besides a TSB token; null: TSB tokens only */
  metricsToken: string | null;
  /** the rendered feeds kept in memory (bodies and their compressed copies) stay within this many bytes */
  feedCacheBytes: number;
  /** whether pages may be asked for in the en-XA pseudo-locale (`?lang=en-XA`): for checking that every word is translatable */
  pseudoLocale: boolean;
  mail: MailConfig;
  clock: Clock;
}

export interface MailConfig {
  /** smtp://user:pass@host:587 or smtps://…; unset: messages are written as .eml files into dir */
  smtpUrl: string | null;
  /** MAIL_FROM as written, checked to be one mailbox (src/mail/address.ts reads it) */
  from: string;
  dir: string;
  /** TSB's focal point for the regions, copied on every reminder */
  tsbFocalPoint: string;
  /** how often the in-service dispatcher looks for due reminders; 0 turns it off (cron runs it) */
  dispatchIntervalMs: number;
  /** how long a claimed reminder is ours before another dispatcher may take it over */
  leaseMs: number;
  /** SMTP timeouts of one reply (a connection, the greeting, any silence) */
  timeoutMs: number;
  /** one whole send, connection to last reply, is abandoned after this (a server trickling its replies) */
  sendTimeoutMs: number;
  /** messages sent at once, each over its own SMTP connection */
  sendConcurrency: number;
  /** waits before the 1st, 2nd, … retry of a transient failure; the last one repeats */
  retryDelaysMs: number[];
  maxAttempts: number;
  /** reminders are planned only this far ahead; the dispatcher moves the horizon on as time passes */
  planningHorizonMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const defaults = {
  host: '127.0.0.1',
  port: 3000,
  databasePath: path.join('data', 'calendar.sqlite'),
  authFailureLimit: 10,
  authFailureWindowMs: 15 * 60 * 1000,
};

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return Number(raw);
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1 or 0, got '${raw}'`);
}

/** OFFICE_EMAILS='ro-africa=a@itu.int,b@itu.int;tsb=tsb@itu.int' */
function officeEmails(raw: string | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!raw) return result;
  for (const entry of raw
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [office, list] = entry.split('=');
    const emails = (list ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!office || emails.length === 0 || emails.some((e) => !/^[^@\s]+@[^@\s]+$/.test(e))) {
      throw new ConfigError(`OFFICE_EMAILS entry '${entry}' must look like office-id=a@example.org,b@example.org`);
    }
    result[office.trim()] = emails;
  }
  return result;
}

/** ITU's official languages, as OFFICE_LANGUAGES names them. */
const OFFICIAL_LANGUAGES: readonly string[] = LANGUAGES;

/** OFFICE_LANGUAGES='ro-africa=fr,en;tsb=en': the first is what the office's mail is written in. */
function officeLanguages(raw: string | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const entry of (raw ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [office, list] = entry.split('=');
    const languages = (list ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    if (!office?.trim() || languages.length === 0 || languages.some((l) => !OFFICIAL_LANGUAGES.includes(l)))
      throw new ConfigError(
        `OFFICE_LANGUAGES entry '${entry}' must look like office-id=fr,en (languages among ${OFFICIAL_LANGUAGES.join(', ')})`,
      );
    result[office.trim()] = [...new Set(languages)];
  }
  return result;
}

const EMAIL = /^[^@\s<>]+@[^@\s<>]+$/;

/** NOTIFY_DOMAINS='itu.int,un.org': an address at one of them or a subdomain may be reminded. */
function notifyDomains(raw: string | undefined): string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const domains = raw
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const bad = domains.find((d) => !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/.test(d));
  if (bad !== undefined || domains.length === 0)
    throw new ConfigError(`NOTIFY_DOMAINS must be domains separated by commas (itu.int,un.org), got '${bad ?? raw}'`);
  return [...new Set(domains)];
}

function mailConfig(env: NodeJS.ProcessEnv): MailConfig {
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl) {
    let url: URL | undefined;
    try {
      url = new URL(smtpUrl);
    } catch {
      url = undefined;
    }
    if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
      throw new ConfigError(
        `SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465, got '${smtpUrl.replace(/\/\/[^@/]*@/, '//***@')}'`,
      );
    }
    // half a login is a mistake, not an anonymous relay
    if (Boolean(url.username) !== Boolean(url.password))
      throw new ConfigError('SMTP_URL has a user without a password, or a password without a user');
  }
  const from = (env.MAIL_FROM || 'ITU-T regional events <calendar@example.org>').trim();
  try {
    parseMailbox(from);
  } catch (error) {
    throw new ConfigError(
      `MAIL_FROM must be one address, alone or with a name ('calendar@itu.int' or 'ITU-T events <calendar@itu.int>'), got '${from}': ${(error as Error).message}`,
    );
  }
  const tsbFocalPoint = env.TSB_FOCAL_POINT || 'tsb-regional-focal-point@example.org';
  if (!EMAIL.test(tsbFocalPoint)) throw new ConfigError(`TSB_FOCAL_POINT must be an address, got '${tsbFocalPoint}'`);
  const leaseMs = integer(env, 'REMINDER_LEASE_SECONDS', 300, 10, 86400) * 1000;
  const retry = env.REMINDER_RETRY_SECONDS || '60,300,900,3600,14400';
  if (!/^\d+(,\d+)*$/.test(retry) || retry.split(',').some((n) => Number(n) < 1 || Number(n) > 86400)) {
    throw new ConfigError(`REMINDER_RETRY_SECONDS must be whole numbers of seconds from 1 to 86400 separated by commas, got '${retry}'`);
  }
  return {
    smtpUrl,
    from,
    dir: env.MAIL_DIR || 'mail',
    tsbFocalPoint,
    dispatchIntervalMs: integer(env, 'DISPATCH_INTERVAL_SECONDS', 30, 0, 86400) * 1000,
    leaseMs,
    // the lease is renewed while a send runs, so these only need to notice a dead server
    timeoutMs: Math.min(30_000, Math.floor(leaseMs / 2)),
    sendTimeoutMs: integer(env, 'REMINDER_SEND_TIMEOUT_SECONDS', 120, 5, 3600) * 1000,
    retryDelaysMs: retry.split(',').map((n) => Number(n) * 1000),
    sendConcurrency: integer(env, 'REMINDER_SEND_CONCURRENCY', 3, 1, 20),
    maxAttempts: integer(env, 'REMINDER_MAX_ATTEMPTS', 8, 1, 100),
    planningHorizonMs: integer(env, 'REMINDER_HORIZON_DAYS', 90, 2, 3660) * 86_400_000,
  };
}

/** SESSION_SECRET, or a random one: then sessions end when the process restarts. */
function sessionSecret(raw: string | undefined): string {
  if (raw === undefined || raw === '') return randomBytes(32).toString('base64url');
  if (raw.length < 32) throw new ConfigError(`SESSION_SECRET must be at least 32 characters long, got ${raw.length}`);
  return raw;
}

/** TRUST_PROXY: unset (no proxy), or the proxies' addresses and CIDRs, comma-separated. */
function trustProxy(raw: string | undefined): false | string {
  if (raw === undefined || raw === '') return false;
  const list = raw.replace(/\s/g, '');
  if (/^[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*$/.test(list)) return list;
  throw new ConfigError(`TRUST_PROXY must be the proxies' addresses or CIDRs, comma-separated (127.0.0.1,10.0.0.0/8), got '${raw}'`);
}

function metricsToken(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (raw.length < 24 || !/^[A-Za-z0-9._~-]+$/.test(raw))
    throw new ConfigError('METRICS_TOKEN must be at least 24 URL-safe characters (letters, digits, . _ ~ -)');
  return raw;
}

/** Reads the environment once, at the edge; nothing else in the service looks at process.env. */
/** Readable in a terminal, JSON otherwise (a service manager, a container, a pipe), as pino users expect. */
function logFormat(value: string | undefined): 'pretty' | 'json' {
  if (value === undefined || value === '') return process.stdout.isTTY ? 'pretty' : 'json';
  if (value === 'pretty' || value === 'json') return value;
  throw new ConfigError(`LOG_FORMAT must be pretty or json, got '${value}'`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = integer(env, 'PORT', defaults.port, 0, 65535);
  const host = env.HOST || defaults.host;
  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://${host}:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(publicBaseUrl)) {
    throw new ConfigError(`PUBLIC_BASE_URL must be an http(s) URL, got '${env.PUBLIC_BASE_URL}'`);
  }
  return {
    host,
    port,
    databasePath: env.DATABASE_PATH || defaults.databasePath,
    demoData: flag(env, 'DEMO_DATA', true),
    publicBaseUrl,
    officeEmails: officeEmails(env.OFFICE_EMAILS),
    officeLanguages: officeLanguages(env.OFFICE_LANGUAGES),
    notifyDomains: notifyDomains(env.NOTIFY_DOMAINS),
    authFailureLimit: integer(env, 'AUTH_FAILURE_LIMIT', defaults.authFailureLimit, 1, 100000),
    authFailureWindowMs: integer(env, 'AUTH_FAILURE_WINDOW_SECONDS', defaults.authFailureWindowMs / 1000, 1, 86400) * 1000,
    sessionSecret: sessionSecret(env.SESSION_SECRET),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormat(env.LOG_FORMAT),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    trustProxy: trustProxy(env.TRUST_PROXY),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_SECONDS', 30, 1, 3600) * 1000,
    feedCacheBytes: integer(env, 'FEED_CACHE_MB', 32, 1, 4096) * 1024 * 1024,
    pseudoLocale: flag(env, 'PSEUDO_LOCALE', false),
    mail: mailConfig(env),
    clock: systemClock,
  };
}
