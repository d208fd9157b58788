import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { tempDir } from './support/helpers.js';

const script = path.resolve('scripts/build-if-stale.mjs');

t.test('npm start builds when dist/ is missing or older than the sources, and not otherwise', async (t) => {
  const dir = tempDir(t);
  // a project whose build only counts how often it ran and leaves the stamp, as the real one does
  const build =
    "const fs=require('fs');fs.mkdirSync('dist',{recursive:true});fs.writeFileSync('dist/.built','');fs.appendFileSync('builds','x')";
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'stale-check', private: true, scripts: { build: `node -e "${build}"` } }),
  );
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'server.ts'), 'export {};\n');
  const start = () => execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
  const builds = () => fs.readFileSync(path.join(dir, 'builds'), 'utf8').length;

  t.match(start(), /no build yet: building/);
  t.equal(builds(), 1);
  start();
  t.equal(builds(), 1, 'an unchanged checkout starts without building');
  // an edit after the build: the stamp a minute old, the source saved now
  const before = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(dir, 'dist', '.built'), before, before);
  fs.writeFileSync(path.join(dir, 'src', 'server.ts'), 'export const edited = true;\n');
  t.match(start(), /the sources changed since the last build: building/);
  t.equal(builds(), 2);
  start();
  t.equal(builds(), 2);
});

t.test('the real build leaves the stamp the check reads', async (t) => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  t.match(pkg.scripts.build, /dist\/\.built/);
  t.equal(pkg.scripts.prestart, 'node scripts/build-if-stale.mjs');
  t.match(pkg.scripts.start, /^node .*dist\/src\/server\.js$/, 'production runs the compiled service, not tsx');
  t.notOk(pkg.dependencies.tsx, 'tsx is for development only');
});
