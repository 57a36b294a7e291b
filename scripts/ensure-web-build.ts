// Builds the web app when its build is missing or older than its sources, so `npm start` right after
// `npm install` serves the current SPA without a separate build step.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = join(import.meta.dirname, '..', 'apps', 'web');
const built = join(web, 'dist', 'index.html');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json']
  .map((p) => join(web, p))
  .filter(existsSync);
const sourceTime = Math.max(
  ...sources.map(newest),
  newest(join(import.meta.dirname, '..', 'packages', 'contracts', 'src')),
);
if (!existsSync(built) || statSync(built).mtimeMs < sourceTime) {
  console.log('Building the web app...');
  execFileSync('npm', ['run', 'build', '--workspace', 'apps/web'], { stdio: 'inherit' });
}
