import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { compose } from '../../src/compose.js';
import { loadConfig, type AppConfig, type MailConfig } from '../../src/config.js';

/** A clock the test moves by hand: nothing sleeps. */
export class TestClock {
  constructor(private now: number = Date.parse('2024-01-15T08:00:00Z')) {}
  read = (): Date => new Date(this.now);
  set(iso: string): void {
    this.now = Date.parse(iso);
  }
  advance(ms: number): void {
    this.now += ms;
  }
}

/** A fresh folder in the system's temp folder, removed with all it holds when `t` ends. */
export function tempDir(t: Test, prefix = 'itu-cal-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What a test changes in the configuration; `mail` is merged into the test's mail settings. */
export type ConfigOverrides = Partial<Omit<AppConfig, 'mail'>> & { mail?: Partial<MailConfig> };

/** The test configuration with its database and mail folder in `dir`. */
function configIn(dir: string, overrides: ConfigOverrides): AppConfig {
  const defaults = loadConfig({});
  const { mail, ...rest } = overrides;
  return {
    ...defaults,
    databasePath: path.join(dir, 'test.sqlite'),
    logLevel: 'silent',
    clock: new TestClock().read,
    ...rest,
    // mail goes to files in the test's own folder unless a test brings an SMTP server
    // most tests create events years after their clock: plan that far, the horizon has its own tests
    mail: { ...defaults.mail, dir: path.join(dir, 'mail'), planningHorizonMs: 10 * 366 * 86_400_000, ...mail },
  };
}

/** A configuration on a fresh temp folder (database and mail in it), removed when `t` ends. */
export function testConfig(t: Test, overrides: ConfigOverrides = {}): AppConfig {
  return configIn(tempDir(t), overrides);
}

export interface TestApp {
  app: FastifyInstance;
  config: AppConfig;
  /** a fresh bearer token for the office */
  token(office: string): string;
  auth(office: string): { authorization: string };
}

function testApp(app: FastifyInstance, config: AppConfig): TestApp {
  const token = (office: string) => app.root.stores.tokens.create(office, 'test', config.clock().toISOString()).token;
  return { app, config, token, auth: (office) => ({ authorization: `Bearer ${token(office)}` }) };
}

/**
 * Builds the whole service on a fresh database file in a fresh temp folder, as `npm start` would,
 * minus the listening. When `t` ends the app is closed and the folder removed. A test may still
 * close the app itself, to start again on its file: closing twice is harmless.
 */
export async function startApp(t: Test, overrides: ConfigOverrides = {}): Promise<TestApp & { dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itu-cal-'));
  // the teardown is registered first, so that a failing start is cleaned up too
  // eslint-disable-next-line prefer-const
  let app: FastifyInstance | undefined;
  t.teardown(async () => {
    try {
      await app?.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  const config = configIn(dir, overrides);
  app = await buildApp(compose(config));
  await app.ready();
  return { ...testApp(app, config), dir };
}

/**
 * Builds the service on exactly this configuration: a second process on a test's database, or the
 * same one started again. Closed when `t` ends; its folders are whoever made the configuration's.
 */
export async function startAppOn(t: Test, config: AppConfig): Promise<TestApp> {
  const app = await buildApp(compose(config));
  t.teardown(() => app.close());
  await app.ready();
  return testApp(app, config);
}

/** Everything a user could have entered, to prove a refused request wrote nothing. */
export function dumpData(app: FastifyInstance): string {
  const sqlite = app.root.stores.db.$client;
  const tables = ['events', 'event_groups', 'attendance', 'tokens', 'audit'];
  return JSON.stringify(tables.map((t) => sqlite.prepare(`select * from ${t} order by rowid`).all()));
}

export const workshopBody = {
  title: 'ITU-T SG13 workshop on future networks',
  kind: 'workshop',
  office: 'ro-africa',
  region: 'africa',
  groups: ['sg13rg-afr'],
  partners: ['ATU'],
  venue: { name: 'AICC', city: 'Arusha', country: 'Tanzania', virtual: false, url: null },
  timeZone: 'Africa/Dar_es_Salaam',
  start: '2024-03-05T09:00',
  end: '2024-03-05T17:30',
  description: 'A day on future networks.',
  url: 'https://www.itu.int/en/ITU-T/Workshops-and-Seminars/',
};

/** Signs in through the sign-in form with a token, as a browser would: the session cookie and the CSRF token of its pages. */
export async function signInWith(app: FastifyInstance, token: string): Promise<{ cookie: string; csrf: string }> {
  const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
  const form = await app.inject('/sign-in');
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: { sign_in: form.cookies.find((c) => c.name === 'sign_in')!.value },
    payload: new URLSearchParams({ csrf: csrfOf(form.body), token }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`sign-in answered ${res.statusCode}`);
  const cookie = res.cookies.find((c) => c.name === 'session')!.value;
  return { cookie, csrf: csrfOf((await app.inject({ url: '/office', cookies: { session: cookie } })).body) };
}

/**
 * SQL that undoes the migrations after 0008 (the offices' languages; the events' language and
 * translations; the offices' calendar; holiday corrections), for a test that rebuilds a database as an older version left it. A migration
 * added later is undone here too.
 */
export const UNDO_AFTER_0008 =
  'alter table offices drop column languages; alter table events drop column language; alter table events drop column translations;' +
  // 0011: the offices' country, working days and contact; 0012: the countries of participant counts; 0013: TSB's corrections of
  // public holidays; 0014: the partners and the groups' names in other languages; 0015: a cancellation's reason
  ' alter table offices drop column country_code; alter table offices drop column working_days; alter table offices drop column contact;' +
  ' alter table attendance drop column country_codes; drop table holiday_corrections; drop table partners; alter table groups drop column names;' +
  ' alter table events drop column cancel_reason;';
