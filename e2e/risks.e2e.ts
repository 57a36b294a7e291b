import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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
 * Risk management in Chromium against the real server, the main path of issue 4: the owner sets the
 * organisation up and invites a security officer and a member of top management by mail. The security
 * officer changes the methodology, registers an asset and a risk (rated on the matrix by keyboard and by
 * click), plans its treatment; top management, the risk owner, accepts the residual risk in their own
 * browser; the officer runs an assessment, changes the residual rating (the acceptance goes stale), runs
 * a second one and compares them, opens the heat map and downloads the register as CSV, XLSX and PDF.
 * Every page is axe-clean in light and dark, with menus closed (an open Mantine Menu trips axe's
 * aria-required-children rule).
 */

const checkPage = pageChecker('/tmp/e2e-risks');
const OWNER = { name: 'Ada Lovelace', email: 'ada@acme.test', password: 'correct horse battery staple' };
const OFFICER = { name: 'Sam Okafor', email: 'sam@acme.test', password: 'locks are for honest people' };
const MANAGER = { name: 'Toni Berger', email: 'toni@acme.test', password: 'the buck stops right here' };
const ASSET = 'Citizen submissions database';
const RISK = 'Broken access control exposes citizens’ submissions';

/** The local day `days` from today as the date inputs take it: YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A browser context of its own (a person at their own computer), with a page that reports its errors. */
async function newPerson(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    colorScheme: 'light',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page, errors: watchErrors(page) };
}

/** Picks `option` in the Mantine Select or MultiSelect labelled `label`, typing `search` first. */
async function choose(scope: Page | Locator, label: RegExp, option: string, search?: string) {
  const input = scope.getByRole('combobox', { name: label });
  await input.click();
  if (search) await input.fill(search);
  const page = 'page' in scope ? scope.page() : scope;
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** A link of the main navigation. */
async function navigate(page: Page, entry: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: entry }).click();
  await expectHeading(page, heading);
}

/** Downloads the register export `item` from the register's Export menu. */
async function exportFile(page: Page, item: string): Promise<Buffer> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item, exact: true }).click(),
  ]);
  expect(await download.failure()).toBeNull();
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('risk management in Chromium', () => {
  let server: VigilServer;
  let smtp: SmtpPeer;
  let browser: Browser;
  let officer: Page;
  let officerErrors: string[];
  let manager: Page;
  let managerErrors: string[];
  let riskUrl = '';

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    server = await startVigil({ VIGIL_SMTP_URL: smtp.url });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('sets up the organisation and invites a security officer and top management, who join by mail', async () => {
    const owner = await newPerson(browser);
    const token = await fromLog(server, /\/setup\?token=([A-Za-z0-9_-]+)/);
    await owner.page.goto(`${server.url}/setup?token=${token}`);
    await expectHeading(owner.page, 'Set up Vigil');
    await owner.page.getByLabel('Organisation name').fill('Acme GmbH');
    await owner.page.getByLabel('Your name').fill(OWNER.name);
    await owner.page.getByLabel('Email').fill(OWNER.email);
    await owner.page.getByLabel(/^Password( \*)?$/).fill(OWNER.password);
    await owner.page.getByRole('button', { name: 'Create the organisation' }).click();
    await owner.page.waitForURL(`${server.url}/`);
    await expectHeading(owner.page, 'Overview');

    await navigate(owner.page, 'People', 'People');
    for (const [person, role] of [
      [OFFICER, 'Security officer'],
      [MANAGER, 'Top management'],
    ] as const) {
      await owner.page.getByRole('button', { name: 'Invite someone' }).click();
      const dialog = owner.page.getByRole('dialog', { name: 'Invite someone' });
      await dialog.getByLabel('Email').fill(person.email);
      await dialog.getByLabel('Name (optional)').fill(person.name);
      await choose(dialog, /^Role/, role);
      await dialog.getByRole('button', { name: 'Send the invitation' }).click();
      await expect.poll(() => dialog.textContent()).toContain(`We sent an invitation to ${person.email}`);
      await dialog.getByRole('button', { name: 'Done' }).click();
    }
    expect(owner.errors).toEqual([]);
    await owner.context.close();

    const join = async (person: typeof OFFICER) => {
      const joined = await newPerson(browser);
      const invitation = await invitationToken(smtp, person.email);
      await joined.page.goto(`${server.url}/invitations/accept?token=${invitation}`);
      await expectHeading(joined.page, 'Join Acme GmbH');
      await joined.page.getByLabel('Your name').fill(person.name);
      await joined.page.getByLabel('Choose a password').fill(person.password);
      await joined.page.getByRole('button', { name: 'Create my account' }).click();
      await joined.page.waitForURL(`${server.url}/`);
      await expectHeading(joined.page, 'Overview');
      return joined;
    };
    ({ page: officer, errors: officerErrors } = await join(OFFICER));
    ({ page: manager, errors: managerErrors } = await join(MANAGER));
  });

  it('changes the methodology and saves it as version 2', async () => {
    await navigate(officer, 'Risk methodology', 'Risk methodology');
    await checkPage(officer, 'methodology');
    await officer.getByRole('button', { name: 'Edit the methodology' }).click();
    const label = officer.getByLabel('Impact 5: label');
    expect(await label.inputValue()).toBe('Severe');
    await label.fill('Critical');
    await checkPage(officer, 'methodology-editor');
    await officer.getByRole('button', { name: 'Save as version 2' }).click();
    const confirm = officer.getByRole('dialog', { name: 'Save version 2 of the methodology?' });
    await confirm.getByRole('button', { name: 'Save version 2' }).click();
    await expect.poll(() => officer.getByText('Version 2 of the methodology was saved').count()).toBe(1);
    await expect.poll(() => officer.getByRole('main').textContent()).toContain('5 · Critical');
  });

  it('registers an information asset holding personal and citizens’ data', async () => {
    await navigate(officer, 'Assets', 'Assets');
    await expect.poll(() => officer.getByText('No assets yet').count()).toBe(1);
    await officer.getByRole('button', { name: 'Add asset' }).first().click();
    const dialog = officer.getByRole('dialog', { name: 'Add an asset' });
    await dialog.getByLabel(/^Name/).fill(ASSET);
    await choose(dialog, /^Kind/, 'Information');
    await choose(dialog, /^Classification/, 'Confidential');
    await dialog.getByLabel('Holds personal data').check();
    await dialog.getByLabel('Holds citizens’ data').check();
    await checkPage(officer, 'asset-dialog');
    await dialog.getByRole('button', { name: 'Add the asset' }).click();
    const table = officer.getByRole('table', { name: 'Assets' });
    await expect.poll(() => table.getByRole('row', { name: new RegExp(ASSET) }).count()).toBe(1);
    await expect
      .poll(() => table.getByRole('row', { name: new RegExp(ASSET) }).textContent())
      .toMatch(/Confidential.*Personal data.*Citizens’ data/);
    await checkPage(officer, 'assets');
  });

  it('registers a risk rated on the matrix, inherent by keyboard and residual by click', async () => {
    await navigate(officer, 'Risk register', 'Risk register');
    await expect.poll(() => officer.getByText('No risks yet').count()).toBe(1);
    await checkPage(officer, 'register-empty');

    await officer.getByRole('button', { name: 'New risk' }).first().click();
    const dialog = officer.getByRole('dialog', { name: 'New risk' });
    await dialog.getByLabel(/^Title/).fill(RISK);
    await dialog
      .getByLabel(/^Threat/)
      .fill('An outsider reads submissions of other citizens by changing an id');
    await dialog
      .getByLabel(/^Vulnerability/)
      .fill('Object-level authorization is not checked on every endpoint');
    await dialog
      .getByLabel(/^Consequence/)
      .fill('Personal data of many citizens exposed; regulator notified');
    await choose(dialog, /^Owner/, MANAGER.name, 'Toni');
    await choose(dialog, /^Linked assets/, `ASSET-1 · ${ASSET}`, 'Citizen');
    await officer.keyboard.press('Escape');
    await dialog.getByLabel('Confidentiality').check();

    // Inherent: the Tab stop is the top-left cell (likelihood 5, impact 1); one down, three right, Space.
    const inherent = dialog.getByRole('radiogroup', { name: /^Inherent rating/ });
    await inherent.getByRole('radio', { name: /^Likelihood 5 .*impact 1 / }).focus();
    for (const key of ['ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Space']) {
      await officer.keyboard.press(key);
    }
    const inherentCell = inherent.getByRole('radio', {
      name: 'Likelihood 4 (Likely), impact 4 (Major): High',
    });
    expect(await inherentCell.getAttribute('aria-checked')).toBe('true');
    expect(await inherent.getByRole('radio', { checked: true }).count()).toBe(1);

    await choose(dialog, /^Treatment option/, 'Mitigate');
    const residual = dialog.getByRole('radiogroup', { name: /^Residual rating/ });
    await residual
      .getByRole('radio', { name: 'Likelihood 2 (Unlikely), impact 3 (Moderate): Medium' })
      .click();
    await dialog.getByLabel(/^Reason for the rating/).fill('First assessment in the Q3 workshop');
    await checkPage(officer, 'risk-editor');

    await dialog.getByRole('button', { name: 'Register the risk' }).click();
    await officer.waitForURL(/\/risks\/[0-9a-f-]{36}$/);
    await expectHeading(officer, `RISK-1 · ${RISK}`);
    riskUrl = officer.url();
    const main = officer.getByRole('main');
    await expect.poll(() => main.textContent()).toContain(ASSET);
    await expect.poll(() => main.textContent()).toContain('Likelihood 2, impact 3');
    await checkPage(officer, 'risk-detail');

    await navigate(officer, 'Risk register', 'Risk register');
    const table = officer.getByRole('table', { name: 'Risks' });
    await expect
      .poll(() => table.getByRole('row', { name: /RISK-1/ }).textContent())
      .toMatch(/High.*Mitigate.*Medium/);
    await checkPage(officer, 'register');
  });

  it('plans the treatment: an action with an owner and a due date', async () => {
    await officer.goto(riskUrl);
    await expectHeading(officer, `RISK-1 · ${RISK}`);
    await officer.getByRole('button', { name: 'Add action' }).first().click();
    const dialog = officer.getByRole('dialog', { name: 'New action for RISK-1' });
    await dialog.getByLabel(/^Title/).fill('Check object ownership in every submissions endpoint');
    await choose(dialog, /^Owner/, OFFICER.name, 'Sam');
    await dialog.getByLabel(/^Due date/).fill(dayFromToday(30));
    await dialog.getByRole('button', { name: 'Add the action' }).click();
    const plan = officer.getByRole('table', { name: 'Treatment actions of RISK-1' });
    await expect
      .poll(() => plan.getByRole('row', { name: /Check object ownership/ }).textContent())
      .toContain(OFFICER.name);
  });

  it('the risk owner (top management) accepts the residual risk in their own browser', async () => {
    await manager.goto(riskUrl);
    await expectHeading(manager, `RISK-1 · ${RISK}`);
    await manager.getByRole('button', { name: 'Accept residual risk' }).first().click();
    const dialog = manager.getByRole('dialog', { name: 'Accept the residual risk of RISK-1' });
    await dialog.getByLabel(/^Justification/).fill('Medium after the fix; reviewed with the product team');
    await dialog.getByLabel(/^Expires on/).fill(dayFromToday(180));
    await checkPage(manager, 'acceptance-dialog');
    await dialog.getByRole('button', { name: 'Accept the risk' }).click();
    await expect.poll(() => manager.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => manager.getByRole('main').textContent()).toMatch(/Accepted until/);
    await expect
      .poll(() => manager.getByRole('main').textContent())
      .toContain(`${MANAGER.name} (Top management)`);
    await checkPage(manager, 'risk-accepted');
    expect(managerErrors).toEqual([]);
  });

  it('runs an assessment, changes the residual rating (stale acceptance), runs another and compares', async () => {
    const run = async (title: string, button: string) => {
      await officer.getByRole('button', { name: button }).first().click();
      const dialog = officer.getByRole('dialog', { name: 'Run a risk assessment' });
      await dialog.getByLabel(/^Title/).fill(title);
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await officer
        .getByRole('dialog', { name: 'Freeze the register now?' })
        .getByRole('button', { name: 'Run the assessment' })
        .click();
      await expect.poll(() => officer.getByRole('dialog').count()).toBe(0);
    };
    await navigate(officer, 'Assessments', 'Risk assessments');
    await checkPage(officer, 'assessments-empty');
    await run('Q3 planned review', 'Run the first assessment');
    await expect.poll(() => officer.getByRole('table', { name: 'Risk assessments run' }).count()).toBe(1);

    await officer.goto(riskUrl);
    await expectHeading(officer, `RISK-1 · ${RISK}`);
    await expect.poll(() => officer.getByRole('main').textContent()).toMatch(/Accepted until/);
    await officer.getByRole('button', { name: 'Edit' }).first().click();
    const editor = officer.getByRole('dialog', { name: 'Edit RISK-1' });
    await editor
      .getByRole('radiogroup', { name: /^Residual rating/ })
      .getByRole('radio', { name: 'Likelihood 1 (Rare), impact 3 (Moderate): Low' })
      .click();
    await editor.getByLabel(/^Reason for the rating/).fill('Ownership checks deployed and tested');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => officer.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => officer.getByRole('main').textContent()).toContain('Needs re-acceptance');
    await expect
      .poll(() => officer.getByRole('main').textContent())
      .toContain('The residual rating changed after acceptance');
    await checkPage(officer, 'risk-stale');

    await navigate(officer, 'Assessments', 'Risk assessments');
    await run('After the ownership fix', 'Run a risk assessment');
    const changed = officer.getByRole('table', { name: 'Risks whose rating changed' });
    await expect.poll(() => changed.getByRole('row', { name: /RISK-1/ }).count()).toBe(1);
    await expect
      .poll(() => changed.getByRole('row', { name: /RISK-1/ }).textContent())
      .toMatch(/Medium.*Low.*Lowered/);
    await checkPage(officer, 'assessments-compare');
  });

  it('shows the risk on the heat map, whose cell opens the filtered register', async () => {
    await navigate(officer, 'Heat map', 'Heat map');
    // Only the most specific entry is the current page, not "Risk register" (/risks) as well.
    const nav = officer.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link', { name: 'Heat map' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'Risk register' }).getAttribute('aria-current')).toBeNull();
    const cell = officer.getByRole('link', {
      name: 'Likelihood 4 Likely, impact 4 Major: 1 risk, level High',
    });
    await expect.poll(() => cell.textContent()).toMatch(/^1 risk/);
    await checkPage(officer, 'heat-map');
    await cell.click();
    await expectHeading(officer, 'Risk register');
    const table = officer.getByRole('table', { name: 'Risks' });
    await expect.poll(() => table.getByRole('row', { name: /RISK-1/ }).count()).toBe(1);
    expect(await officer.getByText('Inherent likelihood 4 Likely, impact 4 Major').count()).toBe(1);
    await checkPage(officer, 'register-filtered');
  });

  it('exports the register as CSV, XLSX and a PDF report', async () => {
    await navigate(officer, 'Risk register', 'Risk register');
    await expect.poll(() => officer.getByRole('row', { name: /RISK-1/ }).count()).toBe(1);
    const csv = (await exportFile(officer, 'CSV')).toString('utf8');
    expect(csv).toContain('RISK-1');
    expect(csv).toContain(RISK);
    expect((await exportFile(officer, 'Excel (XLSX)')).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await exportFile(officer, 'PDF report for auditors')).subarray(0, 4).toString('latin1')).toBe(
      '%PDF',
    );
  });

  it('shows the treatment plans and the notifications', async () => {
    await navigate(officer, 'Treatment plans', 'Treatment plans');
    await expect
      .poll(() => officer.getByRole('table', { name: 'Treatment actions' }).textContent())
      .toContain('Check object ownership');
    await checkPage(officer, 'treatment-plans');

    // The bell's popover (not a Menu: axe runs with it open).
    await officer.getByRole('button', { name: /^Notifications/ }).click();
    const seeAll = officer.getByRole('link', { name: 'See all notifications' });
    await expect.poll(() => seeAll.count()).toBe(1);
    await expect.poll(() => officer.getByText('Nothing yet.', { exact: false }).count()).toBe(1);
    await checkPage(officer, 'notifications-bell');
    await seeAll.click();
    await expectHeading(officer, 'Notifications');
    await expect.poll(() => seeAll.count()).toBe(0);
    await expect.poll(() => officer.getByText('No notifications', { exact: true }).count()).toBe(1);
    await checkPage(officer, 'notifications');
  });

  it('logged no errors in either browser', () => {
    expect(officerErrors).toEqual([]);
    expect(managerErrors).toEqual([]);
  });
});
