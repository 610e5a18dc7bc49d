/**
 * The workshop page for browser tests: built once (as `idemsim web` builds it) into a temporary
 * folder, opened from disk in the system Chromium with the network off, every console error and
 * every request that is not the page's own recorded, and screenshots saved when asked.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { buildWebPage } from '../../src/cli/web/build-web-page.js';
import { launchChromium, type LaunchedBrowser } from './chromium.js';

/** Where `IDEMSIM_SCREENSHOTS=1` saves the page's pictures (the README shows one). */
export const SCREENSHOTS_DIR = join(import.meta.dirname, 'screenshots');

export interface OpenedPage {
  readonly page: Page;
  /** Console errors, uncaught page errors and requests that left the page, as they happened. */
  readonly problems: string[];
}

export interface PageFixture {
  readonly folder: string;
  readonly browser: LaunchedBrowser;
  open(): Promise<OpenedPage>;
  close(): Promise<void>;
}

export async function startPageFixture(): Promise<PageFixture> {
  const folder = mkdtempSync(join(tmpdir(), 'idemsim-web-page-'));
  const pagePath = join(folder, 'index.html');
  writeFileSync(pagePath, await buildWebPage());
  const browser = await launchChromium();
  await browser.context.setOffline(true);
  return {
    folder,
    browser,
    async open() {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('request', (request) => {
        if (!/^(file|blob|data):/.test(request.url())) problems.push(`request: ${request.url()}`);
      });
      await page.goto(pathToFileURL(pagePath).href);
      await page.waitForSelector('body[data-ready="yes"]', { timeout: 60_000 });
      return { page, problems };
    },
    async close() {
      await browser.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a screenshot as test/browser/screenshots/<name>.png when IDEMSIM_SCREENSHOTS=1: the whole
 * page, or from the element `from` down, one 1280×1300 screen of it (what the README shows).
 */
export async function maybeScreenshot(page: Page, name: string, from?: string): Promise<void> {
  if (process.env['IDEMSIM_SCREENSHOTS'] !== '1') return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  if (from === undefined) {
    await page.screenshot({ path, fullPage: true });
    return;
  }
  await page.setViewportSize({ width: 1280, height: 1300 });
  await page.locator(from).evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path });
}

/** Opens a bundled scenario in the page. */
export async function openScenario(page: Page, name: string): Promise<void> {
  await page.selectOption('#scenario', name);
  await page.waitForFunction(
    (expected) => document.querySelector('#title')?.textContent?.startsWith(`${expected}:`),
    name,
  );
}

/** Types a knob's value and waits until the page shows it changed. */
export async function setKnob(page: Page, knob: string, value: string): Promise<void> {
  const input = page.locator(`[data-knob="${knob}"]`);
  if ((await input.evaluate((element) => element.tagName)) === 'SELECT') await input.selectOption(value);
  else {
    await input.fill(value);
    await input.press('Enter');
  }
  await page.waitForFunction(
    ([id, expected]) =>
      (document.querySelector(`[data-knob="${id}"]`) as HTMLInputElement | null)?.value === expected &&
      !document.body.classList.contains('busy'),
    [knob, value] as const,
  );
}

/** Presses Run and waits for the run's table; returns the wall time it took, ms. */
export async function runAll(page: Page): Promise<number> {
  const runs = Number((await page.getAttribute('body', 'data-runs')) ?? 0);
  const started = performance.now();
  await page.click('#run');
  await page.waitForSelector(`body[data-runs="${runs + 1}"]`, { timeout: 300_000 });
  return performance.now() - started;
}
