import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectHeading,
  fromLog,
  invitationToken,
  launchChromium,
  pageChecker,
  type SmtpPeer,
  startSmtpPeer,
  startVigil,
  type VigilServer,
  watchErrors,
} from './harness.ts';

/**
 * Identity in Chromium against the real server: first-run setup from the link in the server log,
 * sign-out and sign-in, every identity page axe-clean in light and dark, an invitation mailed through a
 * real SMTP peer and accepted by a colleague who then enrols TOTP, and the MFA challenge after enrolment.
 */

const checkPage = pageChecker('/tmp/webid');
const OWNER = { name: 'Ada Lovelace', email: 'ada@acme.test', password: 'correct horse battery staple' };
const COLLEAGUE = { name: 'Grace Hopper', email: 'grace@acme.test', password: 'a ship in port is safe' };

/** RFC 4648 base32, as authenticator apps read the secret. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit TOTP (RFC 6238, SHA-1, 30 s) of `secret` at time step `step`: what the phone would show. */
function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (hmac.at(-1) ?? 0) & 0x0f;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** "Password" and not "Show password" nor "Current password"; a required field's label ends with " *". */
const PASSWORD_LABEL = /^Password( \*)?$/;

const currentStep = () => Math.floor(Date.now() / 30_000);

describe('identity in Chromium', () => {
  let server: VigilServer;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  let errors: string[];
  let secret = '';
  let recoveryCodes: string[] = [];
  let smtp: SmtpPeer;

  beforeAll(async () => {
    // a real SMTP peer on loopback: Vigil mails the invitation to it
    smtp = await startSmtpPeer();
    server = await startVigil({ VIGIL_SMTP_URL: smtp.url });
    browser = await launchChromium();
    owner = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
    page = await owner.newPage();
    page.setDefaultTimeout(10_000);
    errors = watchErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('sends a fresh instance to the setup page, which asks for the token without the link', async () => {
    await page.goto(server.url);
    await page.waitForURL(/\/setup$/);
    await expectHeading(page, 'Set up Vigil');
    expect(await page.getByLabel('Setup token').count()).toBe(1);
    await checkPage(page, 'setup-without-link');
  });

  it('sets up the organisation from the link in the server log and lands on the overview, signed in', async () => {
    const token = await fromLog(server, /\/setup\?token=([A-Za-z0-9_-]+)/);
    await page.goto(`${server.url}/setup?token=${token}`);
    await expectHeading(page, 'Set up Vigil');
    expect(await page.getByLabel('Setup token').count()).toBe(0);

    // The contract's rules show next to the fields before anything is sent.
    await page.getByRole('button', { name: 'Create the organisation' }).click();
    await expect.poll(() => page.getByText('Use at least 12 characters').count()).toBe(1);
    await checkPage(page, 'setup-errors');

    await page.getByLabel('Organisation name').fill('Acme GmbH');
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel(PASSWORD_LABEL).fill(OWNER.password);
    await page.getByRole('button', { name: 'Create the organisation' }).click();

    await page.waitForURL(`${server.url}/`);
    await expectHeading(page, 'Overview');
    await expect.poll(() => page.getByRole('main').textContent(), { timeout: 15_000 }).toMatch(/SQLite/);
    const banner = page.getByRole('banner');
    await expect.poll(() => banner.textContent()).toContain('Acme GmbH');
    await checkPage(page, 'overview');

    // The owner sees every administrative entry.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const entry of ['Overview', 'People', 'Audit trail', 'Organisation settings']) {
      expect(await nav.getByRole('link', { name: entry }).count()).toBe(1);
    }
  });

  it('refuses the used setup link: setup is over', async () => {
    await page.goto(`${server.url}/setup?token=anything`);
    await page.waitForURL(`${server.url}/`);
    await expectHeading(page, 'Overview');
  });

  it('shows the profile: password, two-factor, sessions, tokens', async () => {
    await page.getByRole('button', { name: /Account menu of Ada Lovelace/ }).click();
    await page.getByRole('menuitem', { name: 'Your profile' }).click();
    await page.waitForURL(`${server.url}/profile`);
    await expectHeading(page, 'Your profile');
    await expect.poll(() => page.getByText('This session').count()).toBe(1);

    // A wrong current password is reported next to its field.
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill('another long passphrase');
    await page.getByRole('button', { name: 'Change the password' }).click();
    const current = page.getByLabel('Current password');
    await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByText('The current password is not correct').count()).toBeGreaterThan(0);
    await checkPage(page, 'profile');
  });

  it('creates an API token, shown once', async () => {
    await page.getByRole('button', { name: 'Create a token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByLabel('Name').fill('CI export');
    await dialog.getByLabel('Read the audit trail').check();
    // Checking scrolled the long scope list: back to the top, so no checkbox sits half under the sticky
    // dialog title (axe's target-size counts only the visible part).
    await dialog.getByLabel('Name').scrollIntoViewIfNeeded();
    await checkPage(page, 'token-create');
    await dialog.getByRole('button', { name: 'Create the token' }).click();
    const created = page.getByRole('dialog', { name: 'Your new API token' });
    await expect.poll(() => created.textContent()).toMatch(/vgl_/);
    await checkPage(page, 'token-created');
    await created.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Revoke the token CI export' }).count()).toBe(1);
  });

  it('turns on TOTP from the profile: QR code with alt text, the key by hand, recovery codes once', async () => {
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    const qr = page.getByRole('img', { name: /QR code to add Vigil to your authenticator app/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const key = page.getByText(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    secret = ((await key.textContent()) ?? '').replace(/\s/g, '');
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await checkPage(page, 'mfa-enrol');

    await page.getByLabel('Authentication code').fill(totp(secret, currentStep()));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    const list = page.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    const go = page.getByRole('button', { name: 'Continue' });
    expect(await go.isDisabled()).toBe(true);
    await checkPage(page, 'mfa-recovery-codes');
    await page.getByLabel('I have saved these recovery codes').check();
    await go.click();
    await expect.poll(() => page.getByText('10 recovery codes left.').count()).toBe(1);
  });

  it('shows people, invitations, organisation settings and the audit trail, each axe-clean', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    await expectHeading(page, 'People');
    await expect.poll(() => page.getByRole('cell', { name: 'Ada Lovelace ada@acme.test' }).count()).toBe(1);
    // Mail is configured in this run: no warning about invitation links in the log.
    expect(await page.getByText('Mail is not configured on this server').count()).toBe(0);
    await checkPage(page, 'people');

    await page.getByRole('tab', { name: 'Invitations' }).click();
    await expect.poll(() => page.getByText('No invitations match this filter.').count()).toBe(1);
    await checkPage(page, 'invitations');

    await page.getByRole('link', { name: 'Organisation settings' }).click();
    await expectHeading(page, 'Organisation settings');
    const name = page.getByLabel(/^Name( \*)?$/);
    await expect.poll(() => name.inputValue()).toBe('Acme GmbH');
    await checkPage(page, 'organisation');
    // A saved change shows at once in the header (the session's organisation).
    await name.fill('Acme Europe GmbH');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'The settings are saved.' }).count())
      .toBe(1);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Acme Europe GmbH');
    await name.fill('Acme GmbH');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Acme GmbH');

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await expectHeading(page, 'Audit trail');
    await expect.poll(() => page.getByText('organisation.created', { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: /^Details of organisation\.created/ }).click();
    await expect
      .poll(() => page.getByRole('cell', { name: 'Acme GmbH', exact: true }).count())
      .toBeGreaterThan(0);
    await checkPage(page, 'audit-trail');
  });

  it('invites a colleague by mail, who joins from the link in the mail and enrols TOTP', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('Email').fill(COLLEAGUE.email);
    await dialog.getByLabel('Name (optional)').fill(COLLEAGUE.name);
    await checkPage(page, 'invite');
    await dialog.getByRole('button', { name: 'Send the invitation' }).click();
    await expect.poll(() => dialog.textContent()).toMatch(/We sent an invitation to grace@acme\.test/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const token = await invitationToken(smtp, COLLEAGUE.email);
    expect(smtp.mails.filter((m) => m.to.includes(COLLEAGUE.email))).toHaveLength(1);
    expect(smtp.mails.find((m) => m.to.includes(COLLEAGUE.email))?.subject).toMatch(/invited to Acme GmbH/);
    expect(token.length).toBeGreaterThan(20);

    const colleague = await browser.newContext({
      colorScheme: 'light',
      viewport: { width: 1280, height: 900 },
    });
    const invitee = await colleague.newPage();
    invitee.setDefaultTimeout(10_000);
    const inviteeErrors = watchErrors(invitee);
    await invitee.goto(`${server.url}/invitations/accept?token=${token}`);
    await expectHeading(invitee, 'Join Acme GmbH');
    expect(await invitee.getByLabel('Email').inputValue()).toBe(COLLEAGUE.email);
    await checkPage(invitee, 'invitation-accept');
    await invitee.getByLabel('Your name').fill(COLLEAGUE.name);
    await invitee.getByLabel('Choose a password').fill(COLLEAGUE.password);
    await invitee.getByRole('button', { name: 'Create my account' }).click();
    await invitee.waitForURL(`${server.url}/`);
    await expectHeading(invitee, 'Overview');
    // An employee: no administrative navigation.
    const nav = invitee.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link', { name: 'People' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit trail' }).count()).toBe(0);

    // The colleague turns on TOTP from their profile.
    await invitee.getByRole('button', { name: /Account menu of Grace Hopper/ }).click();
    await invitee.getByRole('menuitem', { name: 'Your profile' }).click();
    await invitee.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    const key = invitee.getByText(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const colleagueSecret = ((await key.textContent()) ?? '').replace(/\s/g, '');
    await invitee.getByLabel('Authentication code').fill(totp(colleagueSecret, currentStep()));
    await invitee.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    const codes = invitee.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor();
    expect(await codes.getByRole('listitem').count()).toBe(10);
    await invitee.getByLabel('I have saved these recovery codes').check();
    await invitee.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => invitee.getByText('10 recovery codes left.').count()).toBe(1);
    expect(inviteeErrors).toEqual([]);
    await colleague.close();
  });

  it('signs out, refuses a wrong password, and signs in again through the MFA challenge', async () => {
    await page.getByRole('button', { name: /Account menu of Ada Lovelace/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/sign-in`);
    await expectHeading(page, 'Sign in');

    // A signed-out visit to a page comes back to it after sign-in.
    await page.goto(`${server.url}/people`);
    await page.waitForURL(/\/sign-in\?redirect=%2Fpeople/);
    await checkPage(page, 'sign-in');

    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel(PASSWORD_LABEL).fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('The email or password is not correct').count()).toBe(1);
    await checkPage(page, 'sign-in-failed');

    await page.getByLabel(PASSWORD_LABEL).fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/mfa\?redirect=%2Fpeople/);
    await expectHeading(page, 'Two-factor authentication');
    await checkPage(page, 'mfa-challenge');

    // The code used at enrolment cannot be replayed; the next time step's code is within the window.
    await page.getByLabel('Authentication code').fill(totp(secret, currentStep() + 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${server.url}/people`);
    await expectHeading(page, 'People');
  });

  it('signs out and in by keyboard alone, then with a recovery code instead of the app', async () => {
    await page.getByRole('button', { name: /Account menu of Ada Lovelace/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
    // arrow down through the menu until "Sign out" has the focus (the menu may still be opening)
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    for (let i = 0; i < 6 && (await focused()) !== 'Sign out'; i++) {
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(100);
    }
    expect(await focused()).toBe('Sign out');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/sign-in`);
    await expectHeading(page, 'Sign in');

    await page.getByLabel('Email').focus();
    await page.keyboard.type(OWNER.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(OWNER.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/mfa`);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
    await checkPage(page, 'mfa-recovery');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${server.url}/`);
    await expectHeading(page, 'Overview');
  });

  it('shows the forgotten-password, reset and invitation pages axe-clean before sign-in', async () => {
    const anonymous = await browser.newContext({ colorScheme: 'light' });
    const visitor = await anonymous.newPage();
    visitor.setDefaultTimeout(10_000);
    await visitor.goto(`${server.url}/forgot-password`);
    await expectHeading(visitor, 'Forgotten password');
    await visitor.getByLabel('Email').fill('nobody@acme.test');
    await visitor.getByRole('button', { name: 'Send the link' }).click();
    await expect.poll(() => visitor.getByRole('status').first().textContent()).toMatch(/.+/);
    await checkPage(visitor, 'forgot-password-sent');

    await visitor.goto(`${server.url}/reset-password?token=not-a-real-token`);
    await expectHeading(visitor, 'Choose a new password');
    await checkPage(visitor, 'reset-password');

    await visitor.goto(`${server.url}/invitations/accept?token=not-a-real-token`);
    await expect.poll(() => visitor.getByRole('alert').textContent()).toMatch(/does not work/);
    await checkPage(visitor, 'invitation-invalid');

    await visitor.goto(`${server.url}/no/such/page`);
    await expectHeading(visitor, 'Page not found');
    await checkPage(visitor, 'not-found-signed-out');
    await anonymous.close();
  });

  it('fits a phone: the navigation opens from the menu button', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/people`);
    await expectHeading(page, 'People');
    await checkPage(page, 'people-phone');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Audit trail' }).click();
    await expectHeading(page, 'Audit trail');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logged no errors in the owner’s browser', () => {
    expect(errors).toEqual([]);
  });
});
