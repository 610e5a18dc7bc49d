import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from './check-scenario-file.js';
import { scenarioText } from './scenario-arbitrary.js';

/** Pinned, so a failure replays; `npm run fuzz -- --runs N --seed S` explores further. */
const SEED = 20_251_116;
const RUNS = 60;

describe('scenario fuzz', () => {
  it(`every file is refused by validate or runs for every strategy (${RUNS} cases, seed ${SEED})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idemsim-fuzz-'));
    const counts = { refused: 0, ran: 0 };
    let index = 0;
    await fc.assert(
      fc.asyncProperty(scenarioText, async (text) => {
        const verdict = await checkScenarioFile(text, dir, index++);
        if (verdict.kind === 'crash' || verdict.kind === 'slow')
          expect.fail(`${verdict.kind}: ${verdict.detail}`);
        counts[verdict.kind]++;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`scenario fuzz: ${RUNS} cases, ${counts.refused} refused by validate, ${counts.ran} ran`);
    expect(counts.refused + counts.ran).toBe(RUNS);
  });
});
