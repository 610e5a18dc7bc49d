/**
 * The workshop page in a real browser (the system Chromium), opened from disk with the network
 * off: it loads with no console error, its runs give the numbers `idemsim compare --json` gives
 * for the file it exports, byte for byte, and a click steps through a violation's story.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIfAvailable } from '../support/describe-if-available.js';
import { runCli } from '../cli/run-cli.js';
import { browserSkipReason } from './chromium.js';
import {
  maybeScreenshot,
  openScenario,
  runAll,
  setKnob,
  startPageFixture,
  type PageFixture,
} from './web-page-fixture.js';

/** Three scenarios, a knob turned in each (seeds cut to 2 to keep the suite quick). */
const SETUPS: readonly { scenario: string; knob: string; value: string; fault?: number }[] = [
  { scenario: '02-client-timeout-retry', knob: 'key-policy', value: 'per-attempt' },
  { scenario: '05-lease-outlived', knob: 'strategies.db-atomic.lease', value: '30s' },
  { scenario: '07-redis-failover', knob: 'strategies.redis-setnx.lockTtl', value: '2s', fault: 0 },
];

describeIfAvailable('the workshop page in Chromium', browserSkipReason(), () => {
  let fixture: PageFixture;
  beforeAll(async () => {
    fixture = await startPageFixture();
  }, 240_000);
  afterAll(async () => fixture?.close());

  it('opens from disk, offline, with no console error, and offers every bundled scenario', async () => {
    const { page, problems } = await fixture.open();
    const names = await page.$$eval('#scenario option', (options) =>
      options.map((option) => option.getAttribute('value')),
    );
    expect(names[0]).toBe('01-happy-path');
    expect(names).toContain('20-pause-after-charge');
    expect(await page.textContent('#title')).toBe('01-happy-path: A healthy system');
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  for (const setup of SETUPS) {
    it(`${setup.scenario}: a knob turned, run, gives the CLI's numbers for the exported file, byte for byte`, async () => {
      const { page, problems } = await fixture.open();
      await openScenario(page, setup.scenario);
      await setKnob(page, 'seeds', '2');
      await setKnob(page, setup.knob, setup.value);
      if (setup.fault !== undefined) {
        await page.uncheck(`[data-fault="${setup.fault}"]`);
        await page.waitForFunction(() =>
          document.querySelector('#changes')?.textContent?.includes('fault 1 off'),
        );
      }
      await runAll(page);
      const json = (await page.textContent('#json')) ?? '';
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
      const file = join(fixture.folder, download.suggestedFilename());
      expect(download.suggestedFilename()).toBe(`${setup.scenario}-web.yaml`);
      writeFileSync(file, readFileSync(await download.path()));
      const cli = await runCli('compare', file, '--json', '--jobs', '1');
      expect(cli.code).toBe(0);
      expect(json).toBe(cli.stdout);
      // The table shows the same numbers: each strategy's double charges, as play writes them.
      const results = (
        JSON.parse(cli.stdout) as {
          scenarios: [{ results: { strategy: string; doubleCharges: number; payments: number }[] }];
        }
      ).scenarios[0].results;
      for (const result of results) {
        const cell = await page.textContent(
          `tr[data-strategy="${result.strategy}"] td[data-column="double charges"]`,
        );
        expect(cell).toBe(`${result.doubleCharges}/${result.payments}`);
      }
      expect(problems).toEqual([]);
      await page.close();
    }, 300_000);
  }

  it('marks what moved since the last run, and a click steps through a violation’s story', async () => {
    const { page, problems } = await fixture.open();
    await openScenario(page, '02-client-timeout-retry');
    await setKnob(page, 'seeds', '2');
    await runAll(page);
    await setKnob(page, 'key-policy', 'per-attempt');
    await runAll(page);
    expect(await page.textContent('#run-changed')).toBe(
      'Changed since run 1: key policy: stable → per-attempt',
    );
    expect(await page.locator('td.moved-up').count()).toBeGreaterThan(0);

    await page.click('[data-violation="0"]');
    await page.waitForSelector('#story-section:not([hidden]) #story-current');
    expect(await page.textContent('#story-current')).toMatch(/^step +1\/\d+ {2}t=/);
    await page.click('[data-move="next"]');
    expect(await page.textContent('#story-current')).toMatch(/^step +2\/\d+ {2}t=/);
    expect(await page.locator('#story-diagram g.current[data-step="1"]').count()).toBe(1);
    expect(await page.isDisabled('[data-move="back"]')).toBe(false);
    await page.click('[data-move="next-charge"]');
    expect(await page.textContent('#story-current')).toContain('psp charges');
    await maybeScreenshot(page, 'web-story', '#run-section');
    await page.click('[data-move="end"]');
    expect(await page.isDisabled('[data-move="next"]')).toBe(true);
    expect(await page.textContent('#story-verdict')).toMatch(/^verdict: /);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);
});
