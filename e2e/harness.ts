import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { simpleParser } from 'mailparser';
import { type Browser, chromium, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';

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

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface SmtpPeer {
  /** For VIGIL_SMTP_URL. */
  url: string;
  /** Every mail received, in order. */
  mails: Mail[];
  close(): Promise<void>;
}

/** A real SMTP peer on loopback (no TLS, no authentication) that keeps every mail Vigil sends it. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
          mails.push({ to: to ?? '', subject: mail.subject ?? '', text: mail.text ?? '' });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** Waits for the invitation mailed to `email` and returns the token of its link. */
export async function invitationToken(peer: SmtpPeer, email: string): Promise<string> {
  const mail = () => peer.mails.find((m) => m.to.includes(email));
  await expect.poll(() => mail(), { timeout: 15_000 }).toBeTruthy();
  const link =
    /(http:\/\/\S+\/invitations\/accept\?token=[A-Za-z0-9_%-]+)/.exec(mail()?.text ?? '')?.[1] ?? '';
  return new URL(link).searchParams.get('token') ?? '';
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

/** Waits until the server log contains `pattern` (after the first `after` characters) and returns its first group. */
export async function fromLog(server: VigilServer, pattern: RegExp, after = 0): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      () => {
        found = pattern.exec(server.logs().slice(after))?.[1];
        return found;
      },
      { timeout: 15_000 },
    )
    .toBeTruthy();
  return found ?? '';
}

/** Waits for the page's h1 to read `text` (a lazily loaded page replaces the previous one when it arrives). */
export async function expectHeading(page: Page, text: string): Promise<void> {
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).allTextContents(), { timeout: 15_000 })
    .toEqual([text]);
}

/**
 * Returns `checkPage(page, name)`: axe in light and dark, with a full-page screenshot of each in `dir`
 * (`<name>-light.png`, `<name>-dark.png`), after the page has settled. Leaves the page in light.
 */
export function pageChecker(dir: string): (page: Page, name: string) => Promise<void> {
  mkdirSync(dir, { recursive: true });
  return async (page, name) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expect
        .poll(() => page.evaluate(() => document.documentElement.dataset.mantineColorScheme))
        .toBe(colorScheme);
      await page.waitForLoadState('networkidle');
      // Fixed header and skip link land mid-page in a full-page shot of a scrolled page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${dir}/${name}-${colorScheme}.png`, fullPage: true });
      expect({ page: name, colorScheme, violations: await axeViolations(page) }).toEqual({
        page: name,
        colorScheme,
        violations: [],
      });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };
}
