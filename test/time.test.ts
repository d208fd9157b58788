import t from 'tap';
import { Settings } from 'luxon';
import {
  deriveEventTimes,
  isKnownZone,
  isTimeProblem,
  resolveLocal,
  type EventTimes,
  type Resolution,
  type TimeProblem,
} from '../src/domain/time.js';
import { englishProblem } from '../src/http-problem.js';

/** A refusal as the API says it: its field, its code and its English sentence. */
const said = (found: EventTimes | TimeProblem) => (isTimeProblem(found) ? { ...found, message: englishProblem(found) } : found);

t.test('an ordinary local time has one instant', async (t) => {
  t.same(resolveLocal('2023-09-20T09:00', 'Africa/Dar_es_Salaam'), { kind: 'exact', instant: Date.parse('2023-09-20T06:00:00Z') });
});

t.test('a time inside the spring-forward gap does not exist', async (t) => {
  t.same(resolveLocal('2027-03-28T02:30', 'Europe/Zurich'), { kind: 'nonexistent' });
  const problem = deriveEventTimes('2027-03-28T02:30', '2027-03-28T04:00', 'Europe/Zurich');
  t.ok(isTimeProblem(problem));
  t.match(said(problem), { field: 'start', code: 'timeSkipped', message: /does not exist in Europe\/Zurich/ });
  const endProblem = deriveEventTimes('2027-03-28T01:00', '2027-03-28T02:15', 'Europe/Zurich');
  t.match(endProblem, { field: 'end' });
});

t.test('a time in the autumn overlap resolves to its first occurrence (RFC 5545 3.3.5)', async (t) => {
  const r = resolveLocal('2027-10-31T02:30', 'Europe/Zurich');
  t.equal(r.kind, 'ambiguous');
  t.equal(new Date((r as { instant: number }).instant).toISOString(), '2027-10-31T00:30:00.000Z', 'CEST, the first pass');
  t.equal(new Date((r as { later: number }).later).toISOString(), '2027-10-31T01:30:00.000Z');
  const times = deriveEventTimes('2027-10-31T02:30', '2027-10-31T03:30', 'Europe/Zurich');
  t.notOk(isTimeProblem(times));
  t.match(times, { startAt: '2027-10-31T00:30:00.000Z', endAt: '2027-10-31T02:30:00.000Z' });
});

t.test('all-day events span local midnights', async (t) => {
  const times = deriveEventTimes('2023-09-13', '2023-09-22', 'Africa/Dar_es_Salaam');
  t.match(times, {
    allDay: true,
    startDate: '2023-09-13',
    endDate: '2023-09-22',
    startAt: '2023-09-12T21:00:00.000Z',
    endAt: '2023-09-22T21:00:00.000Z',
  });
  // Adelaide is +10:30 in April before the change and +9:30 after
  t.match(deriveEventTimes('2024-04-07', '2024-04-07', 'Australia/Adelaide'), {
    startAt: '2024-04-06T13:30:00.000Z',
    endAt: '2024-04-07T14:30:00.000Z',
  });
});

t.test('timed events keep seconds only when given, and a midnight end stays on the day before', async (t) => {
  t.match(deriveEventTimes('2024-03-05T09:00:00', '2024-03-06T00:00', 'UTC'), {
    startLocal: '2024-03-05T09:00',
    endDate: '2024-03-05',
  });
  t.match(deriveEventTimes('2024-03-05T09:00:30', '2024-03-05T10:00', 'UTC'), { startLocal: '2024-03-05T09:00:30' });
});

t.test('refusals name the field', async (t) => {
  t.match(said(deriveEventTimes('2024-03-05', '2024-03-05T10:00', 'UTC')), {
    field: 'end',
    code: 'mixedDatesAndTimes',
    message: /both be dates/,
  });
  t.match(said(deriveEventTimes('2024-03-05', '2024-03-04', 'UTC')), { field: 'end', code: 'endBeforeStart', message: /before start/ });
  t.match(said(deriveEventTimes('2024-03-05T10:00', '2024-03-05T10:00', 'UTC')), {
    field: 'end',
    code: 'endNotAfterStart',
    message: /not after start/,
  });
  t.match(deriveEventTimes('2024-02-30', '2024-03-01', 'UTC'), { field: 'start' });
  t.match(deriveEventTimes('2024-03-01', '5 March', 'UTC'), { field: 'end' });
  t.match(deriveEventTimes('2024-03-01', '2024-03-01', 'Europe/Geneva'), { field: 'timeZone' });
});

t.test('zones must be spelt as published', async (t) => {
  t.ok(isKnownZone('Europe/Zurich'));
  t.ok(isKnownZone('America/Argentina/Buenos_Aires'));
  t.ok(isKnownZone('UTC'));
  t.ok(isKnownZone('Etc/GMT+1'));
  t.notOk(isKnownZone('europe/zurich'));
  t.notOk(isKnownZone('Europe/Zurch'));
  t.notOk(isKnownZone('Mars/Olympus_Mons'));
  t.notOk(isKnownZone('+02:00'));
});

/** The wall clock an instant shows in a zone, to the second, read by Intl alone (not luxon). */
const formats = new Map<string, Intl.DateTimeFormat>();
function intlWallClock(instant: number, zone: string): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(part.year!, part.month! - 1, part.day, part.hour, part.minute, part.second);
}

/**
 * Every wall-clock minute from `from` for `hours`, resolved by walking the instants around it one
 * minute at a time and noting the wall clock each shows. An offset in local mean time has seconds
 * (Africa/Maputo +2:10:18 until 1909), so the walk is repeated at each offset's second within the minute.
 */
function bruteForce(zone: string, from: string, hours: number): Map<number, number[]> {
  const MINUTE = 60_000;
  const first = Date.parse(`${from}:00Z`);
  const last = first + hours * 3600_000;
  const seen = new Map<number, number[]>();
  const phases = [0];
  for (let p = 0; p < phases.length; p++) {
    for (let t = first - 15 * 3600_000 + phases[p]!; t < last + 15 * 3600_000; t += MINUTE) {
      const wall = intlWallClock(t, zone);
      const phase = (((t - wall) % MINUTE) + MINUTE) % MINUTE;
      if (!phases.includes(phase)) phases.push(phase);
      if (wall % MINUTE === 0 && wall >= first && wall < last) seen.set(wall, [...(seen.get(wall) ?? []), t]);
    }
  }
  const minutes = new Map<number, number[]>();
  for (let wall = first; wall < last; wall += MINUTE)
    minutes.set(
      wall,
      (seen.get(wall) ?? []).sort((a, b) => a - b),
    );
  return minutes;
}

const TRANSITIONS: { zone: string; from: string; hours: number; skipped: number; twice: number; why: string }[] = [
  { zone: 'Europe/Zurich', from: '2027-03-28T00:00', hours: 6, skipped: 60, twice: 0, why: 'spring forward' },
  { zone: 'Europe/Zurich', from: '2027-10-31T00:00', hours: 6, skipped: 0, twice: 60, why: 'fall back' },
  { zone: 'America/Santiago', from: '2024-04-06T20:00', hours: 6, skipped: 0, twice: 60, why: 'midnight back to 23:00' },
  { zone: 'America/Santiago', from: '2024-09-07T21:00', hours: 6, skipped: 60, twice: 0, why: 'midnight forward to 01:00' },
  { zone: 'Australia/Lord_Howe', from: '2024-04-07T00:00', hours: 4, skipped: 0, twice: 30, why: 'half-hour daylight time' },
  { zone: 'Australia/Lord_Howe', from: '2024-10-06T00:00', hours: 4, skipped: 30, twice: 0, why: 'half-hour daylight time' },
  { zone: 'Pacific/Apia', from: '2011-12-29T12:00', hours: 48, skipped: 1440, twice: 0, why: 'a whole day skipped' },
  { zone: 'Pacific/Apia', from: '2010-09-25T22:00', hours: 6, skipped: 60, twice: 0, why: 'luxon fromISO moves 01:00, just after the gap' },
  { zone: 'Pacific/Kiritimati', from: '1994-12-30T12:00', hours: 48, skipped: 1440, twice: 0, why: 'a whole day skipped' },
  { zone: 'Africa/Casablanca', from: '2022-03-27T00:00', hours: 6, skipped: 0, twice: 60, why: 'back for Ramadan' },
  { zone: 'Africa/Casablanca', from: '2022-05-08T00:00', hours: 6, skipped: 60, twice: 0, why: 'forward after Ramadan' },
  { zone: 'Asia/Tehran', from: '2022-03-21T21:00', hours: 6, skipped: 60, twice: 0, why: 'forward at midnight, +3:30' },
  { zone: 'Asia/Tehran', from: '2022-09-21T21:00', hours: 6, skipped: 0, twice: 60, why: 'back at midnight' },
  {
    zone: 'Europe/London',
    from: '1945-04-01T23:00',
    hours: 6,
    skipped: 60,
    twice: 0,
    why: 'double summer time, neither offset the current one',
  },
  { zone: 'America/Scoresbysund', from: '2023-10-28T22:00', hours: 6, skipped: 0, twice: 60, why: 'offsets the zone no longer uses' },
  { zone: 'Africa/Maputo', from: '1908-12-31T22:00', hours: 4, skipped: 0, twice: 10, why: 'local mean time +2:10:18 to +2' },
  {
    zone: 'Europe/Dublin',
    from: '1916-05-21T01:00',
    hours: 4,
    skipped: 60,
    twice: 0,
    why: 'Dublin mean time -0:25:21 to summer time +0:34:39',
  },
  { zone: 'Asia/Kolkata', from: '1900-01-01T00:00', hours: 6, skipped: 0, twice: 0, why: 'first year' },
  { zone: 'Europe/Zurich', from: '2200-03-30T00:00', hours: 6, skipped: 60, twice: 0, why: 'last year' },
  { zone: 'Europe/Zurich', from: '2200-10-26T00:00', hours: 6, skipped: 0, twice: 60, why: 'last year' },
  { zone: 'America/New_York', from: '2200-12-31T18:00', hours: 6, skipped: 0, twice: 0, why: 'last minutes of the last year' },
];

t.test('resolveLocal agrees with a minute-by-minute search around offset changes', async (t) => {
  for (const { zone, from, hours, skipped, twice, why } of TRANSITIONS) {
    const wrong: string[] = [];
    const counted = { skipped: 0, twice: 0 };
    for (const [wall, instants] of bruteForce(zone, from, hours)) {
      const local = new Date(wall).toISOString().slice(0, 16);
      const r = resolveLocal(local, zone);
      const got = r.kind === 'nonexistent' ? [] : r.kind === 'exact' ? [r.instant] : [r.instant, r.later];
      if (JSON.stringify(got) !== JSON.stringify(instants))
        wrong.push(`${local}: ${JSON.stringify(got)}, search ${JSON.stringify(instants)}`);
      if (instants.length === 0) counted.skipped++;
      if (instants.length === 2) counted.twice++;
    }
    t.same(wrong, [], `${zone} from ${from} (${why})`);
    t.same(counted, { skipped, twice }, `${zone} from ${from}: the window holds the change`);
  }
});

t.test('the answer does not depend on the season the process started in', async (t) => {
  // luxon guesses a zoned time's offset from the zone's offset today, once per process
  const cases: [string, string, Resolution][] = [
    ['1945-04-02T01:59', 'Europe/London', { kind: 'exact', instant: Date.parse('1945-04-02T00:59:00Z') }],
    ['2010-09-26T01:00', 'Pacific/Apia', { kind: 'exact', instant: Date.parse('2010-09-26T11:00:00Z') }],
    ['2004-10-31T01:59', 'Asia/Almaty', { kind: 'exact', instant: Date.parse('2004-10-30T18:59:00Z') }],
    ['1978-03-24T23:59', 'Asia/Tehran', { kind: 'exact', instant: Date.parse('1978-03-24T19:59:00Z') }],
    [
      '2023-10-29T00:30',
      'America/Scoresbysund',
      { kind: 'ambiguous', instant: Date.parse('2023-10-29T00:30:00Z'), later: Date.parse('2023-10-29T01:30:00Z') },
    ],
  ];
  const now = Settings.now;
  try {
    for (const today of ['2026-01-15T12:00:00Z', '2026-07-15T12:00:00Z']) {
      Settings.now = () => Date.parse(today);
      Settings.resetCaches();
      for (const [local, zone, expected] of cases)
        t.same(resolveLocal(local, zone), expected, `${local} ${zone}, process started ${today}`);
    }
  } finally {
    Settings.now = now;
    Settings.resetCaches();
  }
});
