import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..');

export interface VigilServer {
  url: string;
  dataDir: string;
  logs: () => string;
  stop(): Promise<void>;
}

/** Starts the real `vigil serve` on a free port with a fresh data directory (embedded SQLite). */
export function startVigil(env: Record<string, string> = {}): Promise<VigilServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'apps/server/bin/vigil.js'), 'serve'], {
    env: { PATH: process.env.PATH ?? '', VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0', ...env },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigil did not start:\n${out}`)), 30_000);
    const collect = (d: Buffer) => {
      out += d;
      const match = /Vigil is listening on (http:\/\/[^"\s]+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          dataDir,
          logs: () => out,
          stop: async () => {
            if (child.exitCode === null) {
              child.kill('SIGTERM');
              await new Promise((done) => child.once('close', done));
            }
            rmSync(dataDir, { recursive: true, force: true });
          },
        });
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`vigil exited with ${code}:\n${out}`));
    });
  });
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** axe-core over the whole page with the WCAG 2.2 AA rule sets; returns the violations. */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target),
  }));
}

/**
 * Collects uncaught errors and console errors. Chromium logs every 4xx answer as a failed resource; those
 * are answers the specs provoke and assert on the page (401 from /me before sign-in, 422 for a wrong
 * password), so they are left out.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/the server responded with a status of 4\d\d/.test(m.text()))
      errors.push(m.text());
  });
  return errors;
}
