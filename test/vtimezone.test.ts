import t from 'tap';
import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { vtimezone, zoneRange } from '../src/calendar/vtimezone.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Sampling stride: odd, so the samples cycle through every hour of the day (keeps the test fast). */
const STRIDE = 7 * HOUR;

interface Change {
  at: number; // first ms of the new offset
  from: number; // minutes
  to: number; // minutes
}

function icalTimezone(text: string): ICAL.Timezone {
  // A fresh component and Timezone per zone: ical.js caches expanded changes on the Timezone.
  return new ICAL.Timezone(new ICAL.Component(ICAL.parse(text)));
}

const cases: Array<[zone: string, fromYear: number, toYear: number]> = [
  ['Europe/Zurich', 2023, 2025],
  ['Australia/Adelaide', 2023, 2025],
  ['Africa/Dar_es_Salaam', 2023, 2025],
  ['Africa/Casablanca', 2023, 2025],
  ['America/Santiago', 2023, 2025],
  ['America/Havana', 2023, 2025],
  ['Asia/Tehran', 2021, 2023], // DST abolished in 2022
  ['Pacific/Chatham', 2023, 2025],
  ['America/Adak', 2023, 2025],
  ['Pacific/Kiritimati', 2023, 2025],
  ['Asia/Kolkata', 2023, 2025],
  ['Europe/Moscow', 2010, 2016],
  ['America/Sao_Paulo', 2017, 2021],
  ['UTC', 2023, 2025],
  ['Europe/Zurich', 2034, 2036], // beyond ical.js's initial expansion horizon (now + 5 years)
];

for (const [tzid, fromYear, toYear] of cases) {
  t.test(`${tzid} ${fromYear}-${toYear}: ical.js reading the VTIMEZONE agrees with luxon`, async (t) => {
    const zone = IANAZone.create(tzid);
    const from = Date.UTC(fromYear, 0, 1);
    const to = Date.UTC(toYear + 1, 0, 1) - 1;
    const text = vtimezone(tzid, new Date(from), new Date(to));

    t.equal(text, vtimezone(tzid, new Date(from), new Date(to)), 'deterministic');
    t.ok(text.startsWith('BEGIN:VTIMEZONE\r\n'), 'starts with BEGIN:VTIMEZONE');
    t.ok(text.endsWith('\r\nEND:VTIMEZONE'), 'ends with END:VTIMEZONE, no trailing CRLF');
    const lines = text.split('\r\n');
    t.same(lines.filter((l) => Buffer.byteLength(l, 'utf8') > 75), [], 'no line over 75 octets');
    t.same(lines.filter((l) => /[\r\n]/.test(l)), [], 'no bare CR or LF');
    t.ok(lines.includes(`TZID:${tzid}`) && lines.includes(`X-LIC-LOCATION:${tzid}`), 'TZID and X-LIC-LOCATION');

    const tz = icalTimezone(text);
    t.equal(tz.tzid, tzid);

    // luxon's wall clock on a grid over the range; offset changes between grid
    // points are bisected to the second (independently of the module).
    const grid: DateTime[] = [];
    const changes: Change[] = [];
    for (let ms = from; ms <= to; ms += STRIDE) {
      const dt = DateTime.fromMillis(ms, { zone });
      const prev = grid[grid.length - 1];
      if (prev && prev.offset !== dt.offset) {
        let a = ms - STRIDE;
        let b = ms;
        while (b - a > 1000) {
          const mid = a + Math.floor((b - a) / 2000) * 1000;
          if (zone.offset(mid) === prev.offset) a = mid;
          else b = mid;
        }
        changes.push({ at: b, from: prev.offset, to: zone.offset(b) });
      }
      grid.push(dt);
    }
    const gaps = changes.filter((c) => c.to > c.from);
    const overlaps = changes.filter((c) => c.to < c.from);

    const extra: number[] = [];
    for (const c of changes) {
      const d = Math.abs(c.to - c.from) * MINUTE;
      // every hour for a day and a half on each side of the change
      for (let ms = c.at - 36 * HOUR; ms <= c.at + 36 * HOUR; ms += HOUR) extra.push(ms);
      extra.push(c.at - MINUTE, c.at - 1000, c.at, c.at + MINUTE);
      // both ends of the repeated (or skipped) stretch of local time
      extra.push(c.at - d - MINUTE, c.at - d, c.at + d - MINUTE, c.at + d);
    }
    const samples = [...grid, ...extra.map((ms) => DateTime.fromMillis(ms, { zone }))];

    const wrong: string[] = [];
    const inGap: string[] = [];
    let checked = 0;
    let ambiguousFirstPass = 0;
    let ambiguousSecondPass = 0;
    const ambiguousWrong: string[] = [];
    for (const dt of samples) {
      const ms = dt.toMillis();
      const local = Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second);
      const iso = () => `${new Date(ms).toISOString()} (${dt.toISO()})`;
      // luxon never produces a wall-clock time inside a spring-forward gap.
      if (gaps.some((g) => local >= g.at + g.from * MINUTE && local < g.at + g.to * MINUTE)) inGap.push(iso());

      const got =
        new ICAL.Time(
          { year: dt.year, month: dt.month, day: dt.day, hour: dt.hour, minute: dt.minute, second: dt.second, isDate: false },
          tz,
        ).toUnixTime() * 1000;

      const overlap = overlaps.find((o) => ms >= o.at - (o.from - o.to) * MINUTE && ms < o.at + (o.from - o.to) * MINUTE);
      if (overlap) {
        // Ambiguous wall-clock time: RFC 5545 (3.3.5) means the first occurrence,
        // but ical.js (like libical) resolves it to the STANDARD observance,
        // i.e. the second occurrence. Check it is that one, and count.
        const d = (overlap.from - overlap.to) * MINUTE;
        const second = ms < overlap.at ? ms + d : ms;
        if (ms < overlap.at) ambiguousFirstPass++;
        else ambiguousSecondPass++;
        if (got !== second) ambiguousWrong.push(`${iso()}: ical.js ${new Date(got).toISOString()}`);
        continue;
      }
      checked++;
      if (got !== ms) wrong.push(`${iso()}: ical.js ${new Date(got).toISOString()}`);
    }

    t.same(wrong, [], `${checked} unambiguous instants map back exactly`);
    t.same(inGap, [], 'luxon yields no wall-clock time inside a gap');
    t.same(ambiguousWrong, [], 'ambiguous local times resolve to the second occurrence in ical.js');
    if (overlaps.length) t.ok(ambiguousFirstPass > 0 && ambiguousSecondPass > 0, 'overlaps were exercised');

    // Every transition luxon sees in the range is in the VTIMEZONE, at the right local time.
    for (const c of changes) {
      const onset = DateTime.fromMillis(c.at, { zone: 'UTC' }).plus({ minutes: c.from }).toFormat("yyyyMMdd'T'HHmmss");
      t.ok(text.includes(`:${onset}\r\n`), `onset ${onset} (${c.from} -> ${c.to}) present`);
    }
  });
}

t.test('Europe/Zurich 2023-2025 is compact and well-formed', async (t) => {
  const text = vtimezone('Europe/Zurich', new Date('2023-01-01T00:00:00Z'), new Date('2025-12-31T23:59:59Z'));
  const lines = text.split('\r\n');
  t.ok(lines.length <= 40, `${lines.length} lines`);
  t.same(lines.slice(0, 9), [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Zurich',
    'X-LIC-LOCATION:Europe/Zurich',
    'BEGIN:STANDARD',
    'DTSTART:20220101T000000',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'END:STANDARD',
  ]);
  t.match(text, /BEGIN:DAYLIGHT\r\nDTSTART:20220327T020000\r\nRDATE:20220327T020000\r\n(RDATE:\d{8}T020000\r\n){4}TZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT/);
  t.match(text, /BEGIN:STANDARD\r\nDTSTART:20221030T030000\r\n(RDATE:\d{8}T030000\r\n){5}TZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100\r\nTZNAME:CET\r\nEND:STANDARD/);
  t.notOk(text.includes('2021') || text.includes('2027'), 'only the range years ± 1');
  t.equal(
    vtimezone('Europe/Zurich', new Date('2023-06-01T00:00:00Z'), new Date('2025-02-01T00:00:00Z')),
    text,
    'output depends only on the years of the range',
  );
});

t.test('numeric abbreviations and offsets', async (t) => {
  const chatham = vtimezone('Pacific/Chatham', new Date('2024-01-01T00:00:00Z'), new Date('2024-12-31T00:00:00Z'));
  t.match(chatham, /TZOFFSETTO:\+1345\r\nTZNAME:\+1345\r\n/);
  t.match(chatham, /TZOFFSETTO:\+1245\r\nTZNAME:\+1245\r\n/);
  const santiago = vtimezone('America/Santiago', new Date('2024-01-01T00:00:00Z'), new Date('2024-12-31T00:00:00Z'));
  t.match(santiago, /TZOFFSETTO:-0400\r\nTZNAME:-04\r\n/);
  const utc = vtimezone('UTC', new Date('2024-01-01T00:00:00Z'), new Date('2024-12-31T00:00:00Z'));
  t.equal(
    utc,
    ['BEGIN:VTIMEZONE', 'TZID:UTC', 'X-LIC-LOCATION:UTC', 'BEGIN:STANDARD', 'DTSTART:20230101T000000',
      'TZOFFSETFROM:+0000', 'TZOFFSETTO:+0000', 'TZNAME:UTC', 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n'),
  );
  // Paris kept local mean time (+00:09:21) until March 1911: offsets with seconds.
  const paris = vtimezone('Europe/Paris', new Date('1911-06-01T00:00:00Z'), new Date('1911-06-02T00:00:00Z'));
  t.match(paris, /DTSTART:19100101T000000\r\nTZOFFSETFROM:\+000921\r\nTZOFFSETTO:\+000921\r\nTZNAME:\+000921\r\n/);
  t.match(paris, /DTSTART:19110311T000000\r\nTZOFFSETFROM:\+000921\r\nTZOFFSETTO:\+0000\r\n/);
});

t.test('a range without transitions gives a single observance', async (t) => {
  const text = vtimezone('Africa/Dar_es_Salaam', new Date('2024-03-01T00:00:00Z'), new Date('2024-04-01T00:00:00Z'));
  t.equal(text.split('\r\n').length, 10);
  t.match(text, /BEGIN:STANDARD\r\nDTSTART:20230101T000000\r\nTZOFFSETFROM:\+0300\r\nTZOFFSETTO:\+0300\r\nTZNAME:\+03\r\nEND:STANDARD\r\nEND:VTIMEZONE$/);
});

t.test('invalid input is rejected', async (t) => {
  const d = new Date('2024-01-01T00:00:00Z');
  t.throws(() => vtimezone('Mars/Olympus_Mons', d, d), RangeError);
  t.throws(() => vtimezone('UTC', new Date(NaN), d), RangeError);
  t.throws(() => vtimezone('UTC', d, new Date('2023-01-01T00:00:00Z')), RangeError);
  t.throws(() => vtimezone('UTC', new Date('0001-06-01T00:00:00Z'), d), /outside the years/);
  t.throws(() => vtimezone('UTC', d, new Date('9998-01-01T00:00:00Z')), /outside the years/);
  t.throws(() => vtimezone('UTC', d, new Date(8.64e15)), /outside the years/);
  t.throws(() => vtimezone('UTC', d, new Date('2225-01-01T00:00:00Z')), /more than 200 years/);
});

t.test('zoneRange pads min/max by one day', async (t) => {
  const a = Date.parse('2024-05-01T10:00:00Z');
  const b = Date.parse('2024-03-01T10:00:00Z');
  const c = Date.parse('2024-09-01T10:00:00Z');
  t.same(zoneRange([a, b, c]), { from: new Date('2024-02-29T10:00:00Z'), to: new Date('2024-09-02T10:00:00Z') });
  t.same(zoneRange([a]), { from: new Date('2024-04-30T10:00:00Z'), to: new Date('2024-05-02T10:00:00Z') });
  t.throws(() => zoneRange([]), RangeError);
  t.throws(() => zoneRange([a, NaN]), RangeError);
});
