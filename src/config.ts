import path from 'node:path';

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
  /** failed token checks one client may make per window before it gets 429 */
  authFailureLimit: number;
  authFailureWindowMs: number;
  logLevel: string;
  clock: Clock;
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
  for (const entry of raw.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [office, list] = entry.split('=');
    const emails = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (!office || emails.length === 0 || emails.some((e) => !/^[^@\s]+@[^@\s]+$/.test(e))) {
      throw new ConfigError(`OFFICE_EMAILS entry '${entry}' must look like office-id=a@example.org,b@example.org`);
    }
    result[office.trim()] = emails;
  }
  return result;
}

/** Reads the environment once, at the edge; nothing else in the service looks at process.env. */
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
    authFailureLimit: integer(env, 'AUTH_FAILURE_LIMIT', defaults.authFailureLimit, 1, 100000),
    authFailureWindowMs: integer(env, 'AUTH_FAILURE_WINDOW_SECONDS', defaults.authFailureWindowMs / 1000, 1, 86400) * 1000,
    logLevel: env.LOG_LEVEL || 'info',
    clock: systemClock,
  };
}
