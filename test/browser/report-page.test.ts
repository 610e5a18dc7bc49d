/**
 * The default comparison's report in a real browser (the system Chromium), opened from disk with
 * the network off: it must show every table and every harmed cell's diagram, take a reader from
 * a harmed cell to that cell's story in one click, and log no error. The numbers it is checked
 * against are the comparison's own JSON, embedded in the page (html-report.test.ts checks that
 * it is `compare --json`'s).
 *
 * Screenshots go to a temporary folder; with IDEMSIM_SCREENSHOTS=1 (`npm run screenshots`) to
 * test/browser/screenshots/, for the README.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { describeIfAvailable } from '../support/describe-if-available.js';
import { browserSkipReason, type LaunchedBrowser, launchChromium } from './chromium.js';

interface ComparisonJson {
  readonly scenarios: ReadonlyArray<{
    readonly name: string;
    readonly results: ReadonlyArray<{ readonly strategy: string; readonly harms: readonly string[] }>;
  }>;
}

/** A <details> element, as far as these tests touch it (the tests' TypeScript has no DOM types). */
interface Openable {
  open: boolean;
}

/** The default compare's report must stay small enough to attach to a pull request. */
const REPORT_BYTES_MAX = 2_000_000;
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

describeIfAvailable('the report page in Chromium, offline', browserSkipReason(), () => {
  const folder = mkdtempSync(join(tmpdir(), 'idemsim-report-page-'));
  const shots = process.env['IDEMSIM_SCREENSHOTS'] === '1' ? SCREENSHOTS : join(folder, 'screenshots');
  const reportPath = join(folder, 'report.html');
  const problems: string[] = [];
  const requests: string[] = [];
  let browser: LaunchedBrowser;
  let page: Page;
  let comparison: ComparisonJson;

  beforeAll(async () => {
    // The default comparison, once: every bundled scenario, every built-in strategy.
    const made = await runCli('report', '--out', reportPath);
    expect(made.code, made.stderr).toBe(0);
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    await browser.context.setOffline(true);
    await browser.context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`file://${reportPath}`);
    comparison = JSON.parse((await page.locator('#comparison-json').textContent()) ?? 'null');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is under 2 MB and loads with no error and no request off the disk', async () => {
    expect(statSync(reportPath).size).toBeLessThan(REPORT_BYTES_MAX);
    await page.screenshot({ path: join(shots, 'report-top.png') });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('renders every scenario table with a row per strategy, and the matrix', async () => {
    const scenarios = comparison.scenarios.length;
    const strategies = comparison.scenarios[0]?.results.length ?? 0;
    expect(scenarios).toBe(20);
    const tables = await page.$$eval('table.tradeoff', (all) =>
      all.map((table) => ({
        rows: table.querySelectorAll('tbody tr').length,
        shown: table.getBoundingClientRect().height > 0,
      })),
    );
    expect(tables).toEqual(Array(scenarios).fill({ rows: strategies, shown: true }));
    const matrix = await page.$$eval('table.matrix tbody tr', (rows) =>
      rows.map((row) => row.children.length),
    );
    expect(matrix).toEqual(Array(scenarios).fill(strategies + 1));
  });

  it("draws a diagram for every harmed cell of the comparison's JSON", async () => {
    const harmed = comparison.scenarios.flatMap((scenario) =>
      scenario.results
        .filter((result) => result.harms.length > 0)
        .map((result) => `story--${scenario.name}--${result.strategy}`),
    );
    expect(harmed.length).toBeGreaterThan(0);
    await page.$$eval('details.story', (all) => {
      for (const details of all) (details as unknown as Openable).open = true;
    });
    const drawn = await page.$$eval('details.story', (all) =>
      all.map((details) => {
        const svg = details.querySelector('svg.seq');
        const box = svg?.getBoundingClientRect();
        return {
          id: details.id,
          drawn: box !== undefined && box.width > 100 && box.height > 100,
          arrows: svg?.querySelectorAll('g.msg').length ?? 0,
        };
      }),
    );
    expect(drawn.map((story) => story.id)).toEqual(harmed);
    expect(drawn.filter((story) => !story.drawn || story.arrows === 0)).toEqual([]);
    expect(await page.locator('svg.seq').count()).toBe(harmed.length);
    await page.$$eval('details.story', (all) => {
      for (const details of all) (details as unknown as Openable).open = false;
    });
  });

  it("opens a harmed cell's story in one click, from the matrix or a table", async () => {
    await page.locator('#matrix').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, 'report-matrix.png') });
    const story = page.locator('#story--04-crash-after-charge--none');
    expect(await story.evaluate((details) => (details as unknown as Openable).open)).toBe(false);
    await page
      .locator('table.matrix tr:has(a[href="#scenario--04-crash-after-charge"]) td[data-strategy="none"] a')
      .click();
    await expect.poll(() => story.evaluate((details) => (details as unknown as Openable).open)).toBe(true);
    expect(await story.locator('summary').textContent()).toMatch(
      /^none · seed \d+ · pay-\d+: charged \d times/,
    );
    expect(await story.locator('pre.narration').textContent()).toMatch(
      /^04-crash-after-charge · strategy none · seed \d+ · payment pay-\d+\n/,
    );
    await expect
      .poll(() => story.evaluate((details) => details.getBoundingClientRect().top))
      .toBeLessThan(100);
    await page.screenshot({ path: join(shots, 'report-story.png') });

    const other = page.locator('#story--05-lease-outlived--redis-setnx');
    await page.locator('#scenario--05-lease-outlived tr[data-strategy="redis-setnx"] td.unsafe a').click();
    await expect.poll(() => other.evaluate((details) => (details as unknown as Openable).open)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('prints black on white without the contents list', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('nav').isVisible()).toBe(true);
    const html = readFileSync(reportPath, 'utf8');
    expect(html).toContain('@media print');
  });
});
