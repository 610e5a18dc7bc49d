/**
 * The workshop page: how long `idemsim web` takes to build it and how big it is, then each bundled
 * scenario's first run in the page (every built-in strategy, the scenario's own seeds) in headless
 * Chromium: a fresh page per scenario, so every run is that page's first. Wall time from the click
 * on Run to the table, and the CPU time all of Chromium's processes spent meanwhile; beside it, the
 * same comparison's CPU time in this Node process (one thread), as a ratio measured in one run.
 * The target: the first run under 5 s.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildWebPage } from '../../src/cli/web/build-web-page.js';
import { bundledScenarioFiles, readScenario } from '../../src/cli/scenario-files.js';
import { compare } from '../../src/experiment/compare.js';
import { strategies } from '../../src/strategies/registry.js';
import { browserSkipReason } from '../browser/chromium.js';
import { openScenario, runAll, startPageFixture } from '../browser/web-page-fixture.js';
import { canReadCpu, descendantsCpuSeconds } from './chromium-cpu.js';

const TARGET_SECONDS = 5;

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

/** The comparison in this thread: its CPU seconds. */
async function nodeCpuSeconds(name: string): Promise<number> {
  const file = bundledScenarioFiles().find((candidate) => candidate.name === name);
  if (file === undefined) throw new Error(`no scenario ${name}`);
  const before = process.cpuUsage();
  await compare({ scenarios: [readScenario(file)], strategies: [...strategies.values()] });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

export async function benchWeb(): Promise<string[]> {
  const skip = browserSkipReason();
  if (skip !== undefined) return [`web: ${skip}`];
  const loadBefore = load();
  const cpuBefore = process.cpuUsage();
  const buildStarted = performance.now();
  const html = await buildWebPage();
  const buildS = (performance.now() - buildStarted) / 1000;
  const buildCpu = process.cpuUsage(cpuBefore);
  const lines = [
    `web: the workshop page in headless Chromium (load average ${loadBefore} before; 2 cores)`,
    `  idemsim web: ${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB page, built in ${buildS.toFixed(1)}s wall (${((buildCpu.user + buildCpu.system) / 1e6).toFixed(1)}s CPU in Node; esbuild's own process not counted)`,
    '  first run per scenario: wall from Run to the table | Chromium CPU | Node CPU (one thread) | ratio',
  ];
  const fixture = await startPageFixture();
  let slowest = 0;
  try {
    for (const file of bundledScenarioFiles()) {
      const { page } = await fixture.open();
      if (file.name !== '01-happy-path') await openScenario(page, file.name);
      const cpuStart = descendantsCpuSeconds();
      const wallS = (await runAll(page)) / 1000;
      const browserCpu = descendantsCpuSeconds() - cpuStart;
      await page.close();
      const nodeCpu = await nodeCpuSeconds(file.name);
      slowest = Math.max(slowest, wallS);
      const cpu = canReadCpu() ? `${browserCpu.toFixed(1)}s` : 'n/a';
      lines.push(
        `    ${file.name.padEnd(40)} ${wallS.toFixed(1).padStart(5)}s | ${cpu.padStart(6)} | ${nodeCpu.toFixed(1).padStart(5)}s | ${(browserCpu / nodeCpu).toFixed(2)}x`,
      );
    }
  } finally {
    await fixture.close();
  }
  const verdict =
    slowest <= TARGET_SECONDS ? 'ok' : `ABOVE TARGET ${TARGET_SECONDS}s (wall; see CPU and load)`;
  lines.push(`  slowest first run: ${slowest.toFixed(1)}s wall (${verdict}); load average after: ${load()}`);
  return lines;
}
