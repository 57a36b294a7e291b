import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The browser tests need the built SPA and Debian's Chromium (never a downloaded browser). */
export default function setup() {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'ensure-web-build.ts')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error('Chromium is missing: apt-get install -y chromium (the CI script installs it)');
  }
}
