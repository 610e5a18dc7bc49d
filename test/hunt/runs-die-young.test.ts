/**
 * A hunt's finished run must be garbage to V8's young-generation collector, not only to a full
 * collection. A hunt runs thousands of short runs; a run still reachable at a scavenge is copied,
 * and at the next one moved to the old generation, where it stays until a full collection. In a
 * hunt of `none` that was every run (about 50 KB of each moved per case), so a scavenge took
 * 10 ms instead of 2 and the collector took a fifth of the search's time.
 *
 * What kept them: V8 gives each generator closure, and each object literal with a getter closure,
 * a map of its own, and a scavenge treats the old generation's weak references to those maps as
 * strong, so the closure's context, the run's whole world, lived on. So process bodies are
 * module-level generator functions or class methods, and a getter shared by every outcome or
 * summary is one function (client-workload.ts, run-experiment.ts, run-summary.ts).
 *
 * Measured as what the scavenges of a hunt moved into the old generation, per case, over cases
 * 200 to 1,000 (v8.GCProfiler): a count of bytes, nothing timed. With any one of the clients'
 * processes, the database port's statements or the outcome's ledger getter a closure again, it is
 * 45 to 60 KB a case; now 5 to 7.
 */
import { GCProfiler } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { hunt } from '../../src/hunt/hunt.js';
import type { HuntProperty } from '../../src/hunt/properties.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { strategies } from '../../src/strategies/registry.js';

/** Holds in every case, so the search runs all its cases. */
const alwaysHolds: HuntProperty = { name: 'always', claim: 'nothing', violation: () => undefined };

const FROM = 200;
const TO = 1000;

/** Bytes the scavenges moved to the old generation per case, between case FROM and case TO. */
async function promotedPerCase(strategyName: string): Promise<number> {
  const strategy = strategies.get(strategyName);
  if (strategy === undefined) throw new Error(`no strategy ${strategyName}`);
  const profiler = new GCProfiler();
  let promoted = Number.NaN;
  await hunt({
    base: huntBaseScenario,
    strategy,
    properties: [alwaysHolds],
    runs: TO,
    seed: 3,
    onRun: ({ runs }) => {
      if (runs === FROM) profiler.start();
      if (runs === TO) promoted = promotedByScavenges(profiler.stop());
    },
  });
  return promoted / (TO - FROM);
}

type GCStatistics = NonNullable<ReturnType<GCProfiler['stop']>>['statistics'][number];

function promotedByScavenges(profile: ReturnType<GCProfiler['stop']>): number {
  const oldSpaceUsed = (heap: GCStatistics['beforeGC']): number =>
    heap.heapSpaceStatistics.find((space) => space.spaceName === 'old_space')?.spaceUsedSize ?? 0;
  let promoted = 0;
  for (const gc of profile?.statistics ?? []) {
    if (gc.gcType === 'Scavenge') promoted += oldSpaceUsed(gc.afterGC) - oldSpaceUsed(gc.beforeGC);
  }
  return promoted;
}

describe("a hunt's runs", () => {
  for (const name of ['none', 'db-naive']) {
    it(`die young: the scavenges move little of each into the old generation (${name})`, async () => {
      expect(await promotedPerCase(name)).toBeLessThan(20_000);
    }, 120_000);
  }
});
