import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config.js';

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

export function tempDir(prefix = 'itu-cal-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const dir = tempDir();
  const defaults = loadConfig({});
  return {
    ...defaults,
    databasePath: path.join(dir, 'test.sqlite'),
    logLevel: 'silent',
    clock: new TestClock().read,
    // mail goes to files in the test's own folder unless a test brings an SMTP server
    // most tests create events years after their clock: plan that far, the horizon has its own tests
    mail: { ...defaults.mail, dir: path.join(dir, 'mail'), planningHorizonMs: 10 * 366 * 86_400_000 },
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  config: AppConfig;
  /** a fresh bearer token for the office */
  token(office: string): string;
  auth(office: string): { authorization: string };
}

/** Builds the whole service on a fresh database file, as `npm start` would, minus the listening. */
export async function startApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await buildApp(config);
  await app.ready();
  const token = (office: string) => app.services.tokens.create(office, 'test', config.clock().toISOString()).token;
  return { app, config, token, auth: (office) => ({ authorization: `Bearer ${token(office)}` }) };
}

/** Everything a user could have entered, to prove a refused request wrote nothing. */
export function dumpData(app: FastifyInstance): string {
  const sqlite = app.services.db.$client;
  const tables = ['events', 'event_groups', 'attendance', 'tokens'];
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
