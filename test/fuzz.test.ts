import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ICAL from 'ical.js';
import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { compose } from '../src/compose.js';
import type { AppConfig } from '../src/config.js';
import { dumpData, startApp, TestClock, workshopBody } from './support/helpers.js';

/**
 * Generated event bodies, rules, occurrence moves, dates at the range edges and text, through the
 * API of a running app (issue 11): an accepted one is served by every feed it is in, parsed by
 * ical.js, and shown by the month and list pages; a refused one is a 400 naming a field, with
 * nothing written; nothing answers 500 or takes a second; and the app starts again on its file,
 * every ROTATE accepted events (a fresh file then keeps the feeds small and the suite quick).
 * Fixed seeds keep runs comparable; FUZZ_SCALE=10 runs ten times as many cases.
 */

const SEED = 20261201;
// about a minute alone, more beside the other files: past the suite's 120 s per file on a busy machine
t.setTimeout(300_000);
const SCALE = Number(process.env.FUZZ_SCALE) || 1;
const ROTATE = 75;
/** accepted events looked at together, in every feed they are in and on the pages */
const BATCH = 25;
/**
 * A hang detector (what issue 11 saw: no answer for minutes), not a speed target: those live in
 * `npm run bench`. Alone on this machine the slowest request takes about 750 ms (a yearly series
 * from 1900 to 2200 in a zone no event used before: 300 zone-years scanned once); beside the
 * other test files on two cores it took up to 2.6 s.
 */
const HANG_MS = 5000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const mostly = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>, weight = 6) =>
  fc.oneof({ arbitrary: valid, weight }, { arbitrary: hostile, weight: 1 });

const OFFICES = [
  ['ro-africa', 'africa'],
  ['ro-americas', 'americas'],
  ['ro-arab-states', 'arab-states'],
  ['ro-asia-pacific', 'asia-pacific'],
  ['ro-cis', 'cis'],
  ['ro-europe', 'europe'],
  ['ao-dakar', 'africa'],
  ['tsb', 'europe'],
] as const;
const KINDS = ['meeting', 'workshop', 'forum', 'summit', 'clinic', 'training', 'webinar', 'coordination-call', 'other'] as const;
const GROUPS = ['sg13rg-afr', 'sg17', 'sg13', 'sg3rg-afr', 'sg5rg-arb'];
const zone = fc.constantFrom(
  'UTC',
  'Europe/Zurich',
  'Africa/Cairo',
  'Australia/Adelaide',
  'America/Santiago',
  'Asia/Tehran',
  'Africa/Casablanca',
  'America/Adak',
  'Pacific/Kiritimati',
  'Asia/Kathmandu',
  'America/St_Johns',
);

const validYear = fc.integer({ min: 2020, max: 2032 });
const edgeYear = fc.constantFrom(1899, 1900, 1901, 2199, 2200, 2201, 9998, 9999, 1, 0);
const validText = fc.oneof(
  fc.constantFrom(
    'Atelier régional',
    'ورشة عمل إقليمية',
    '区域讲习班',
    'Семинар',
    'SG13 RG-AFR; with, commas \\ and backslash',
    'Ĳssel – “quoted” — ½',
    'ورشة \u200Fعمل',
    '👩🏽‍💻 hackathon',
  ),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.;'()&<>"-]{0,60}$/),
);
const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    '\uDFFF x',
    '\u202Eevil',
    '\u2066x',
    '\u200B',
    '\u00AD',
    'a\r\nEND:VEVENT',
    'a\nb',
    '\t',
    'x'.repeat(300),
    '<script>alert(1)</script>',
    '=HYPERLINK("x")',
  ),
);
const text = mostly(validText, hostileText, 4);

const date = (year: fc.Arbitrary<number>) =>
  fc
    .tuple(
      year,
      mostly(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 13), 12),
      mostly(fc.integer({ min: 1, max: 28 }), fc.constantFrom(0, 29, 30, 31, 32), 12),
    )
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);
const time = fc
  .tuple(
    mostly(fc.integer({ min: 0, max: 22 }), fc.constantFrom(23, 24, 25), 12),
    mostly(fc.constantFrom(0, 15, 30, 45), fc.constantFrom(59, 60), 12),
  )
  .map(([h, m]) => `T${pad(h)}:${pad(m)}`);

const validRule = fc
  .tuple(
    fc.constantFrom('FREQ=DAILY', 'FREQ=WEEKLY', 'FREQ=MONTHLY', 'FREQ=YEARLY'),
    fc.subarray(['INTERVAL=2', 'BYDAY=MO,WE', 'BYMONTH=2,8', 'WKST=SU'], { maxLength: 2 }),
    fc.option(fc.constantFrom('BYDAY=2TU', 'BYDAY=-1FR', 'BYMONTHDAY=15', 'BYMONTHDAY=-1', 'BYMONTHDAY=31', 'BYSETPOS=1;BYDAY=MO,TU'), {
      nil: undefined,
    }),
    fc.oneof(
      fc.integer({ min: 1, max: 30 }).map((n) => `COUNT=${n}`),
      fc.integer({ min: 2025, max: 2034 }).map((y) => `UNTIL=${y}0615`),
      fc.constant('UNTIL=20300101T120000Z'),
    ),
  )
  .chain(([freq, extra, by, end]) =>
    fc
      .shuffledSubarray([...extra, ...(by ? [by] : []), end], { minLength: extra.length + (by ? 1 : 0) + 1 })
      .map((parts) => [freq, ...parts].join(';')),
  );
const hostileRule = fc
  .array(
    fc.oneof(
      fc.constantFrom('FREQ=DAILY', 'FREQ=MONTHLY', 'FREQ=YEARLY', 'FREQ=HOURLY', 'FREQ=SECONDLY', 'FREQ=weekly'),
      fc.integer({ min: -2, max: 600 }).map((n) => `COUNT=${n}`),
      fc.integer({ min: -1, max: 1500 }).map((n) => `INTERVAL=${n}`),
      fc.constantFrom('INTERVAL=999999999', 'COUNT=99999999999999999999', 'INTERVAL=01'),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `UNTIL=${pad(y, 4)}${pad(m)}15`),
      fc.constantFrom(
        'BYDAY=6TU',
        'BYDAY=XX',
        'BYDAY=2TU',
        'BYDAY=+53MO',
        'BYDAY=0MO',
        'BYMONTHDAY=0',
        'BYMONTHDAY=31',
        'BYMONTHDAY=30',
        'BYMONTHDAY=-32',
        'BYMONTH=2',
        'BYMONTH=13',
        'BYMONTH=-1',
        'BYSETPOS=-1',
        'BYSETPOS=400',
        'BYHOUR=9,14',
        'BYWEEKNO=53',
        'BYYEARDAY=366',
        'DTSTART=20270101',
        'RSCALE=HEBREW',
        'SKIP=BACKWARD',
        'X-FOO=1',
        'WKST=XX',
      ),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(';'));
const rule = mostly(validRule, hostileRule, 3);
const reminders = fc.option(
  fc.uniqueArray(
    mostly(
      fc.constantFrom('P30D', 'P7D', 'P1D', 'PT1H', 'PT15M', 'P1DT12H'),
      fc.constantFrom('PT0H', 'P400D', 'P2W', 'P', 'PT', '-P1D', 'P1Y'),
    ),
    { maxLength: 10 },
  ),
  { nil: null },
);
const notify = fc.uniqueArray(
  mostly(
    fc.integer({ min: 0, max: 99 }).map((n) => `person${n}@example.org`),
    fc.constantFrom('x@gmail.com', 'not-an-address', 'a@sub.example.org', 'a@notexample.org'),
    10,
  ),
  { maxLength: 20 },
);

interface Shape {
  title: string;
  kind: (typeof KINDS)[number];
  office: (typeof OFFICES)[number];
  groups: string[];
  timeZone: string;
  allDay: boolean;
  start: string;
  startTime: string;
  lengthDays: number;
  lengthHours: number;
  recurrence: string | null;
  description: string | null;
  city: string | null;
  partners: string[];
  reminders: string[] | null;
  notify: string[];
}

const shape = (options: { year: fc.Arbitrary<number>; recurrence: fc.Arbitrary<string | null>; text: fc.Arbitrary<string> }) =>
  fc.record<Shape>({
    title: options.text,
    kind: fc.constantFrom(...KINDS),
    office: fc.constantFrom(...OFFICES),
    groups: fc.subarray(GROUPS, { maxLength: 2 }),
    timeZone: zone,
    allDay: fc.boolean(),
    start: date(options.year),
    startTime: time,
    lengthDays: mostly(fc.integer({ min: 0, max: 10 }), fc.constant(-1), 12),
    lengthHours: mostly(fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, -1, 30), 12),
    recurrence: options.recurrence,
    description: fc.option(options.text, { nil: null }),
    city: fc.option(options.text, { nil: null }),
    partners: fc.array(options.text, { maxLength: 3 }),
    reminders,
    notify,
  });

/** The body the API takes for a generated shape. */
function payloadOf(s: Shape): Record<string, unknown> {
  const [office, region] = s.office;
  const addDays = (d: string, n: number) => d.replace(/\d\d$/, (day) => pad(Number(day) + n));
  const startLocal = s.allDay ? s.start : `${s.start}${s.startTime}`;
  const hour = Number(s.startTime.slice(1, 3)) + s.lengthHours;
  const end = s.allDay
    ? addDays(s.start, s.lengthDays)
    : `${addDays(s.start, s.lengthDays)}T${pad(Math.max(0, hour))}${s.startTime.slice(3)}`;
  return {
    ...workshopBody,
    title: s.title,
    kind: s.kind,
    office,
    region,
    groups: s.groups,
    partners: s.partners,
    timeZone: s.timeZone,
    start: startLocal,
    end,
    recurrence: s.recurrence,
    description: s.description,
    venue: { city: s.city, country: null, virtual: s.city === null, url: s.city === null ? 'https://meet.itu.example/x' : null },
    reminders: s.reminders,
    notify: s.notify,
  };
}

/** One running app at a time over the whole suite, with the checks every generated case needs. */
class Harness {
  app!: FastifyInstance;
  config!: AppConfig;
  private authorization = '';
  private accepted: string[] = [];
  private pending: string[] = [];
  readonly statuses = new Map<string, number>();
  slowest = { ms: 0, what: '' };
  restarts = 0;
  acceptedTotal = 0;

  /** every app it opens is closed, and its folder removed, when `t` ends */
  constructor(
    private readonly t: Test,
    private readonly clock: TestClock,
  ) {}

  async open(): Promise<void> {
    const started = await startApp(this.t, { clock: this.clock.read, demoData: false });
    this.app = started.app;
    this.config = started.config;
    this.authorization = started.auth('tsb').authorization;
    this.accepted = [];
  }

  count(what: string, status: number): void {
    const key = `${what} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  async request(options: {
    method?: 'GET' | 'POST' | 'PUT';
    url: string;
    payload?: unknown;
    auth?: boolean;
  }): Promise<LightMyRequestResponse> {
    const started = performance.now();
    const res = await this.app.inject({
      method: options.method ?? 'GET',
      url: options.url,
      payload: options.payload as never,
      headers: options.auth ? { authorization: this.authorization } : {},
    });
    const ms = performance.now() - started;
    if (ms > this.slowest.ms)
      this.slowest = { ms, what: `${options.method ?? 'GET'} ${options.url} ${options.payload ? JSON.stringify(options.payload) : ''}` };
    if (res.statusCode >= 500)
      throw new Error(`${res.statusCode} for ${options.method ?? 'GET'} ${options.url} ${JSON.stringify(options.payload)}: ${res.body}`);
    return res;
  }

  /** A write: 2xx, or a 400 that names a field and wrote nothing. */
  async write(
    what: string,
    options: { method: 'POST' | 'PUT'; url: string; payload: unknown },
    ok: number,
  ): Promise<LightMyRequestResponse | undefined> {
    const before = dumpData(this.app);
    const res = await this.request({ ...options, auth: true });
    this.count(what, res.statusCode);
    if (res.statusCode === ok) return res;
    if (res.statusCode !== 400) throw new Error(`${res.statusCode} for ${JSON.stringify(options.payload)}: ${res.body}`);
    const field = (res.json() as { field?: unknown }).field;
    if (typeof field !== 'string' || field === '') throw new Error(`a 400 without a field: ${res.body}`);
    if (dumpData(this.app) !== before) throw new Error(`a refused write changed the database: ${JSON.stringify(options.payload)}`);
    return undefined;
  }

  async created(id: string): Promise<void> {
    this.accepted.push(id);
    this.pending.push(id);
    this.acceptedTotal++;
    if (this.pending.length >= BATCH) await this.flush();
  }

  /**
   * Every feed the events accepted since the last look are in answers, parses and carries them,
   * and the pages show them: looked at in batches, so each feed is rendered once per batch.
   */
  async flush(): Promise<void> {
    const events = await Promise.all(
      this.pending.map(
        async (id) =>
          (await this.request({ url: `/api/events/${id}` })).json() as {
            id: string;
            region: string;
            office: string;
            kind: string;
            groups: string[];
            start: string;
          },
      ),
    );
    this.pending = [];
    const feeds = new Map<string, string[]>();
    const pages = new Set<string>();
    for (const e of events) {
      for (const url of [
        '/feeds/all.ics',
        `/feeds/regions/${e.region}.ics`,
        `/feeds/offices/${e.office}.ics`,
        `/feeds/kinds/${e.kind}.ics`,
        ...e.groups.map((g) => `/feeds/groups/${g}.ics`),
        `/events/${e.id}.ics`,
      ]) {
        feeds.set(url, [...(feeds.get(url) ?? []), e.id]);
      }
      const day = e.start.slice(0, 10);
      for (const url of [`/events/${e.id}`, `/?view=month&month=${day.slice(0, 7)}`, `/?view=list&from=${day}`, `/?from=${day}&to=${day}`])
        pages.add(url);
    }
    for (const [url, ids] of feeds) {
      const feed = await this.request({ url });
      if (feed.statusCode !== 200) throw new Error(`${url} answered ${feed.statusCode} (events ${ids.join(', ')})`);
      const uids = new Set(
        new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid'))),
      );
      const missing = ids.filter((id) => !uids.has(`${id}@regional-calendar.itu-t`));
      if (missing.length) throw new Error(`${url} does not carry events ${missing.join(', ')}`);
    }
    for (const url of pages) {
      const page = await this.request({ url });
      if (page.statusCode !== 200) throw new Error(`${url} answered ${page.statusCode}`);
    }
    if (this.accepted.length >= ROTATE) await this.restart();
  }

  /** The app starts again on the same file with everything accepted, and plans it all. */
  async restart(): Promise<void> {
    const expected = this.accepted.length;
    await this.app.close();
    const again = await buildApp(compose({ ...this.config }));
    try {
      const total = (await again.inject('/api/events?limit=1')).json().total as number;
      if (total !== expected) throw new Error(`after a restart ${total} events, not ${expected}`);
      const feed = await again.inject('/feeds/all.ics');
      if (feed.statusCode !== 200) throw new Error(`after a restart /feeds/all.ics answered ${feed.statusCode}`);
      const failed = again.root.reminders.planner.planAll().failed;
      if (failed.length) throw new Error(`after a restart events failed to plan: ${failed.map((f) => f.event).join(', ')}`);
      const health = await again.inject({ url: '/api/health/events', headers: { authorization: this.authorization } });
      const problems = health.json().problems as unknown[];
      if (problems.length) throw new Error(`an accepted event has problems: ${JSON.stringify(problems)}`);
    } finally {
      await again.close();
    }
    this.restarts++;
    await this.open();
    this.pending = [];
  }
}

t.test('generated input through the API: accepted is served, refused writes nothing, nothing breaks the service', async (t) => {
  const clock = new TestClock(Date.parse('2026-12-01T08:00:00Z'));
  const h = new Harness(t, clock);
  await h.open();

  t.test('event bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        shape({ year: mostly(validYear, edgeYear, 8), recurrence: fc.option(rule, { nil: null, freq: 2 }), text }),
        async (s) => {
          const res = await h.write('event', { method: 'POST', url: '/api/events', payload: payloadOf(s) }, 201);
          if (res) await h.created(res.json().id);
        },
      ),
      { seed: SEED, numRuns: 800 * SCALE },
    );
    await h.flush();
  });

  t.test('recurrence rules', async () => {
    await fc.assert(
      fc.asyncProperty(shape({ year: validYear, recurrence: fc.oneof(validRule, hostileRule), text: validText }), async (s) => {
        const res = await h.write(
          'rule',
          { method: 'POST', url: '/api/events', payload: { ...payloadOf(s), reminders: ['P1D'], notify: [] } },
          201,
        );
        if (!res) return;
        const created = res.json() as { id: string; recurrence: string };
        // stored in its one form: sending that form again is the same rule
        if (created.recurrence.includes('INTERVAL=1;') || /=0\d/.test(created.recurrence))
          throw new Error(`not canonical: ${created.recurrence}`);
        await h.created(created.id);
      }),
      { seed: SEED + 1, numRuns: 600 * SCALE },
    );
    await h.flush();
  });

  t.test('dates at the edges of the range', async () => {
    const edge = fc.constantFrom(1900, 1901, 2199, 2200);
    await fc.assert(
      fc.asyncProperty(
        shape({
          year: fc.oneof(edge, edgeYear),
          recurrence: fc.option(
            fc.oneof(validRule, fc.constantFrom('FREQ=YEARLY;COUNT=3', 'FREQ=DAILY;COUNT=40', 'FREQ=YEARLY;UNTIL=22001231')),
            { nil: null },
          ),
          text: validText,
        }),
        async (s) => {
          const res = await h.write(
            'edge',
            { method: 'POST', url: '/api/events', payload: { ...payloadOf(s), reminders: ['P1D'], notify: [] } },
            201,
          );
          if (res) await h.created(res.json().id);
        },
      ),
      { seed: SEED + 2, numRuns: 300 * SCALE },
    );
    await h.flush();
  });

  t.test('occurrence moves and skips', async () => {
    const change = fc.oneof(
      { arbitrary: fc.constant({ cancelled: true as const }), weight: 1 },
      {
        arbitrary: fc
          .tuple(fc.integer({ min: -40, max: 40 }), mostly(time, fc.constantFrom('T24:00', 'T23:59')), fc.integer({ min: 0, max: 5 }))
          .map(([days, at, hours]) => ({ days, at, hours })),
        weight: 4,
      },
      { arbitrary: fc.tuple(date(mostly(validYear, edgeYear, 2)), time).map(([d, at]) => ({ date: d, at })), weight: 1 },
      {
        arbitrary: fc.record(
          {
            start: fc.constantFrom('', 'x', '2027-02-30T10:00', '2027-01-01', '2027-01-01T10:00:00Z'),
            end: fc.constantFrom('', '2027-01-01T09:00', '9999-01-01T10:00'),
          },
          { requiredKeys: [] },
        ),
        weight: 1,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        shape({ year: validYear, recurrence: validRule, text: validText }),
        fc.array(fc.tuple(fc.nat(40), change), { minLength: 1, maxLength: 3 }),
        async (s, changes) => {
          const res = await h.write(
            'series',
            { method: 'POST', url: '/api/events', payload: { ...payloadOf(s), reminders: ['P1D'], notify: [] } },
            201,
          );
          if (!res) return;
          const id = res.json().id as string;
          const occurrences = (await h.request({ url: `/api/events/${id}/occurrences` })).json() as {
            originalDate: string;
            start: string;
          }[];
          for (const [pick, c] of changes) {
            const target = occurrences[pick % occurrences.length]!;
            let payload: Record<string, unknown> = c;
            if ('days' in c || 'date' in c) {
              const day =
                'date' in c
                  ? c.date
                  : new Date(Date.parse(`${target.start.slice(0, 10)}T12:00:00Z`) + c.days * 86_400_000).toISOString().slice(0, 10);
              const allDay = target.start.length === 10;
              const endHour = Number(c.at.slice(1, 3)) + ('hours' in c ? c.hours : 1);
              payload = allDay
                ? { start: day, end: day }
                : { start: `${day}${c.at}`, end: `${day}T${pad(Math.min(23, endHour))}${c.at.slice(3)}` };
            }
            await h.write('move', { method: 'PUT', url: `/api/events/${id}/occurrences/${target.originalDate}`, payload }, 200);
          }
          await h.created(id);
        },
      ),
      { seed: SEED + 3, numRuns: 300 * SCALE },
    );
    await h.flush();
  });

  t.test('after all of it', async (t) => {
    await h.restart();
    t.ok(h.restarts >= 4, `the app started again on its file ${h.restarts} times, with ${h.acceptedTotal} accepted events in all`);
    const statuses = Object.fromEntries([...h.statuses].sort());
    for (const what of ['event', 'rule', 'edge', 'series', 'move']) {
      t.ok((h.statuses.get(`${what} 400`) ?? 0) > 0, `some ${what}s refused`);
      t.ok((h.statuses.get(`${what} 201`) ?? h.statuses.get(`${what} 200`) ?? 0) > 0, `some ${what}s accepted`);
    }
    t.comment(JSON.stringify(statuses));
    t.ok(
      h.slowest.ms < HANG_MS,
      `no request took ${HANG_MS / 1000} s: the slowest took ${Math.round(h.slowest.ms)} ms (${h.slowest.what})`,
    );
  });
});
