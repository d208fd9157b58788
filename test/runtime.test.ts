import path from 'node:path';
import t from 'tap';
import { runtimeWarning } from '../src/runtime.js';
import { tempDir } from './support/helpers.js';
import { startService, until } from './support/service.js';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

t.test('a Node.js line past its end of life is named with the date; maintained lines are not', async (t) => {
  t.equal(
    runtimeWarning('20.20.2', day('2026-12-05')),
    'Node.js 20.20.2 reached its end of life on 30 April 2026 and gets no security fixes: run the service on Node.js 24 LTS or 22',
  );
  t.equal(runtimeWarning('20.20.2', day('2026-04-29')), undefined, 'the day before its end, Node.js 20 was maintained');
  t.match(runtimeWarning('20.6.0', day('2026-04-30')), /reached its end of life on 30 April 2026/, 'from that day on it is not');
  t.equal(runtimeWarning('22.20.0', day('2026-12-05')), undefined);
  t.equal(runtimeWarning('24.22.3', day('2026-12-05')), undefined);
  t.match(
    runtimeWarning('v22.20.0', day('2027-05-01')),
    /^Node\.js v22\.20\.0 reached its end of life on 30 April 2027/,
    'Node.js 22 in its turn',
  );
  t.match(runtimeWarning('25.2.0', day('2026-12-05')), /end of life on 1 June 2026/, 'an odd line ends sooner');
  t.match(
    runtimeWarning('16.20.2', day('2026-12-05')),
    /^Node\.js 16\.20\.2 is past its end of life and gets no security fixes/,
    'older than the schedule',
  );
  t.equal(runtimeWarning('27.0.0', day('2026-12-05')), undefined, 'newer than the schedule: maintained');
});

t.test(
  'the service on this machine’s Node.js: one warning line at start if its line is past its end of life, none otherwise',
  async (t) => {
    const dir = tempDir(t);
    const service = await startService(t, { DATABASE_PATH: path.join(dir, 'db.sqlite'), MAIL_DIR: path.join(dir, 'mail') });
    await until('the start line', () => service.logs.find((l) => l.msg === 'service started'), 10_000, 50);
    const warnings = service.logs.filter((l) => /end of life/.test(l.msg));
    const major = Number(process.versions.node.split('.')[0]);
    if (major === 20) {
      t.equal(warnings.length, 1, 'one line');
      t.equal(warnings[0]?.level, 40, 'a warning');
      t.equal(
        warnings[0]?.msg,
        `Node.js ${process.versions.node} reached its end of life on 30 April 2026 and gets no security fixes: run the service on Node.js 24 LTS or 22`,
      );
      t.equal(warnings[0]?.node, process.versions.node);
    } else if (major === 22 || major === 24) {
      t.same(warnings, [], `Node.js ${major}: no warning`);
    } else {
      t.equal(warnings.length, runtimeWarning(process.versions.node, new Date()) ? 1 : 0);
    }
    t.equal(service.logs.filter((l) => l.level >= 40).length, warnings.length, 'and no other warning');
  },
);
