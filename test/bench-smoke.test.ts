import { spawn } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import { childEnv } from './support/service.js';

// Every benchmark runs once at a tiny size, as `npm run bench` runs it, so none can rot unseen:
// it must finish and print its table. Its figures are not judged here (bench/ holds the targets).

const root = path.resolve(import.meta.dirname, '..');

function runBench(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [...args], { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  // a hung benchmark fails the test instead of holding the suite
  const limit = setTimeout(() => child.kill('SIGKILL'), 100_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ code, out });
    }),
  );
}

t.test('bench/feeds.ts: renders, loads the service for each case and prints the table', async (t) => {
  const { code, out } = await runBench(['--max-semi-space-size=64', '--import', 'tsx', 'bench/feeds.ts'], {
    BENCH_SIZE: '20',
    BENCH_SECONDS: '1',
    BENCH_NGINX: '0',
  });
  t.equal(code, 0, code === 0 ? 'exits 0' : `exits 0:\n${out}`);
  t.match(out, /^ +20 events +median +[\d.]+ ms +max/m, 'the small feed rendered');
  t.match(out, /^ +400 events +median +[\d.]+ ms +max/m, 'the large one (20 times as many)');
  t.match(out, /one event of the 20 copied to 2200 .*observances start in/);
  t.match(out, /^ +case +req\/s +p50 ms +p99 ms +body +MiB\/s +unexpected +server busy$/m, 'the table header');
  for (const name of ['full', 'gzip', '304']) {
    t.match(
      out,
      new RegExp(`^ +${name} +[\\d,]+ +\\d+ +\\d+ +[\\d.]+( KiB)? +[\\d.]+ +0 +(\\d+%|-)$`, 'm'),
      `a row for ${name}, no unexpected answer`,
    );
  }
  t.match(out, /^4\. A feed requested after a write shows it: ok/m);
  t.match(out, /^ +HTTP unexpected responses: +ok \(0\)$/m);
});

t.test('bench/reminders.ts: sends every due reminder to a local SMTP server and prints the table', async (t) => {
  const { code, out } = await runBench(['--import', 'tsx', 'bench/reminders.ts'], { BENCH_SIZE: '5' });
  t.equal(code, 0, code === 0 ? 'exits 0' : `exits 0:\n${out}`);
  t.match(out, /^ +events +due +sent +received +seconds +messages\/s +target > 50$/m, 'the table header');
  // 5 events, each for its office, TSB and 18 addresses at the allowed domain: all sent, all received
  t.match(out, /^ +5 +100 +100 +100 +[\d.]+ +\d+ +(ok|MISSED)$/m, 'its row');
});
