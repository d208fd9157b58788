/**
 * patches/ical-generator+10.2.0.patch replaces the line folding of ical-generator 10.2.0, which
 * built a TextEncoder for every character, with an arithmetic UTF-8 length. The output must not
 * change by a single byte: checked against a golden feed rendered by the unpatched library and
 * against a reference fold (the original algorithm, with TextEncoder) on random strings.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import t from 'tap';
import ical, { foldLines as foldLinesEsm } from 'ical-generator';
import { DateTime } from 'luxon';
import { buildGoldenCalendar, GOLDEN_FEED_PATH } from './fixtures/make-golden-feed.js';

const require = createRequire(import.meta.url);
const cjsEntry = require.resolve('ical-generator');
const { foldLines: foldLinesCjs } = require('ical-generator') as typeof import('ical-generator');
const builds = { esm: foldLinesEsm, cjs: foldLinesCjs };

const encoder = new TextEncoder();

/**
 * ical-generator 10.2.0's foldLines as shipped before the patch (which built a new TextEncoder for
 * each character; a TextEncoder is stateless, so one is reused here to keep the test fast)
 */
function referenceFold(input: string): string {
  return input
    .split('\r\n')
    .map((line) => {
      let result = '';
      let octets = 0;
      for (let i = 0; i < line.length; i++) {
        let ch = line.charAt(i);
        if (ch >= '\ud800' && ch <= '\udbff') ch += line.charAt(++i);
        const n = encoder.encode(ch).length;
        octets += n;
        if (octets > 74) {
          result += '\r\n ';
          octets = n;
        }
        result += ch;
      }
      return result;
    })
    .join('\r\n');
}

/** Deterministic PRNG (mulberry32), so that a failing case can be reproduced */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Character classes, by UTF-16 shape and UTF-8 length (lone surrogates become U+FFFD, 3 octets) */
const CLASSES: string[][] = [
  [...'abcXYZ0129 -_:.@/'], // 1 octet
  [',', ';', '\\', '\n', '\r', '\r\n', '"', '\t', '\x00', '\x7f'], // escaped or control
  ['\u0080', 'é', 'ß', 'Ж', 'щ', 'ب', 'ة', '\u0301', '\u0308', '\u07ff'], // 2 octets
  ['\u0800', '中', '国', '€', '–', 'न', 'म', '\u200d', '\ufe0f', '\ufffd', '\uffff', '\u2028'], // 3 octets
  ['🌍', '📡', '😀', '𝄞', '𐍈', '🏽', '\u{10ffff}', '\u{10000}', '🇨🇭'], // astral: surrogate pairs, 4 octets
  ['\ud800', '\udbff', '\ud83d'], // lone high surrogates (paired with whatever follows)
  ['\udc00', '\udfff', '\ude00'], // lone low surrogates
];
const WORDS = [
  'الاتحاد الدولي للاتصالات – مكتب القاهرة الإقليمي',
  'Региональное отделение МСЭ для стран СНГ',
  '国际电信联盟区域办事处',
  '🌍📡',
  '\ud800x',
  'x\udc00',
];

function randomString(rand: () => number): string {
  const length = Math.floor(rand() * rand() * 400);
  // bias each string towards a few classes, so that long runs of one width also occur
  const weights = CLASSES.map(() => (rand() < 0.5 ? rand() : 0.05));
  const total = weights.reduce((a, b) => a + b, 0);
  let s = '';
  while (s.length < length) {
    if (rand() < 0.03) {
      s += WORDS[Math.floor(rand() * WORDS.length)]!;
      continue;
    }
    let r = rand() * total;
    let c = 0;
    while (c < CLASSES.length - 1 && (r -= weights[c]!) > 0) c++;
    const chars = CLASSES[c]!;
    s += chars[Math.floor(rand() * chars.length)]!;
  }
  return s;
}

t.test('the installed ical-generator is patched (no TextEncoder per character)', async (t) => {
  const dist = dirname(cjsEntry);
  for (const file of ['index.mjs', 'index.cjs']) {
    const source = readFileSync(join(dist, file), 'utf8');
    t.notOk(source.includes('new TextEncoder().encode(i)'), `${file}: original fold loop is gone`);
    t.notOk(source.includes('TextEncoder'), `${file}: no TextEncoder left at all`);
    t.ok(source.includes('patched (patches/ical-generator+10.2.0.patch): one pass over the text'), `${file}: patched fold loop present`);
  }
  const pkg = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as { version: string };
  t.equal(pkg.version, '10.2.0', 'the patch is for 10.2.0 only: revisit it (upstream fixed this in 11.1) on upgrade');
});

t.test('the golden feed renders byte for byte as with the unpatched library', async (t) => {
  const golden = readFileSync(GOLDEN_FEED_PATH);
  const text = buildGoldenCalendar().toString();
  const rendered = Buffer.from(text, 'utf8');
  t.equal(rendered.toString('utf8'), golden.toString('utf8'));
  t.ok(rendered.equals(golden), 'byte-identical to test/fixtures/golden-feed.ics');
  t.equal(buildGoldenCalendar().toString(), text, 'the builder is deterministic');

  const lines = text.split('\r\n');
  t.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, 37);
  const tooLong = lines.filter((l) => Buffer.byteLength(l) > 75);
  t.same(tooLong, [], 'every line is at most 75 octets');
  t.ok(lines.filter((l) => l.startsWith(' ')).length > 200, 'plenty of folded lines');
  t.ok(
    lines.some((l, i) => Buffer.byteLength(l) < 74 && lines[i + 1]?.startsWith(' ')),
    'some folds happen early, before a multi-octet character that would cross octet 75',
  );
  // known 10.2.0 behaviour, kept as is in the golden file
  t.ok(text.endsWith('END:VCALENDAR'), 'no final CRLF');
});

t.test('folding around the 75-octet boundary, every pair of character shapes', async (t) => {
  const samples = [...CLASSES.flat(), ''];
  let checked = 0;
  for (const a of samples) {
    for (const b of samples) {
      // `a` starts at octet 68..76 of the first line; `b + a + b` comes near the end of the second
      for (let pad = 67; pad <= 75; pad++) {
        const s = 'y'.repeat(pad) + a + b + 'z'.repeat(142 - pad) + b + a + b;
        const expected = referenceFold(s);
        if (foldLinesEsm(s) !== expected || foldLinesCjs(s) !== expected) {
          t.fail('fold differs from the reference', { input: JSON.stringify(s) });
          return;
        }
        checked++;
      }
    }
  }
  t.pass(`${checked} boundary strings fold as before`);
});

t.test('random strings fold exactly as with the original algorithm', async (t) => {
  const seed = 0x1ca1f01d;
  const rand = prng(seed);
  const stamp = DateTime.fromISO('2025-01-15T08:00:00', { zone: 'utc' });
  const start = DateTime.fromISO('2025-03-10T09:00:00', { zone: 'utc' });
  const N = 3000;
  const failures: string[] = [];
  let folded = 0;
  for (let i = 0; i < N && failures.length < 5; i++) {
    const s = randomString(rand);
    const expected = referenceFold(s);
    for (const [name, fold] of Object.entries(builds)) {
      if (fold(s) !== expected) failures.push(`${name} foldLines(${JSON.stringify(s)})`);
    }
    // the same string through the whole renderer: unfold the output (escaped content lines
    // contain no CRLF) and fold it again with the reference
    const calendar = ical({ prodId: '//ITU//fold-test//EN' });
    calendar.createEvent({ id: `r${i}`, stamp, start, summary: s, description: s + s, location: s.slice(0, 40) });
    const out = calendar.toString();
    if (out !== referenceFold(out.replaceAll('\r\n ', ''))) failures.push(`calendar with summary ${JSON.stringify(s)}`);
    if (out.includes('\r\n ')) folded++;
  }
  t.same(failures, [], `${N} random strings (seed ${seed.toString(16)})`);
  t.ok(folded > N / 2, `most rendered calendars were folded (${folded})`);
});
