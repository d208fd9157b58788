// `npm start` runs the compiled service: build first when dist/ is missing or older than the
// sources, so a fresh clone and an edited checkout both start what their code says, and a
// restart of an unchanged deploy does not pay for a build.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const STAMP = 'dist/.built';
const SOURCES = ['src', 'db', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'patches'];

function newest(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

const built = fs.existsSync(STAMP) ? fs.statSync(STAMP).mtimeMs : 0;
const changed = Math.max(...SOURCES.map(newest));
if (changed > built) {
  console.log(built ? 'the sources changed since the last build: building' : 'no build yet: building');
  execSync('npm run build', { stdio: 'inherit' });
}
