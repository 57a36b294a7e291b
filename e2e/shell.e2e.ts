import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, startVigil, type VigilServer } from './harness.ts';

describe('web shell in Chromium', () => {
  let server: VigilServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startVigil();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`renders the shell and the system status, axe-clean (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(server.url);
      await expect.poll(() => page.getByRole('banner').textContent(), { timeout: 15_000 }).toContain('Vigil');
      await expect.poll(() => page.getByRole('main').textContent(), { timeout: 15_000 }).toMatch(/sqlite/i);
      expect(await page.getByRole('navigation').count()).toBeGreaterThan(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('a client route survives a reload and an unknown one shows the not-found page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/no/such/page`);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/not found/i);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
