import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, startVigil, type VigilServer, watchErrors } from './harness.ts';

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
    it(`a fresh instance opens on the setup page, axe-clean, with no errors (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(server.url);
      await page.waitForURL(/\/setup/, { timeout: 15_000 });
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
        .toBe('Set up Vigil');
      expect(await page.getByRole('main').count()).toBe(1);
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
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toMatch(/not found/i);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
