/**
 * `npm run fuzz -- --runs N [--seed S]`: the scenario fuzz at nightly size. Every case that
 * crashes or outruns the time budget is printed with the file that caused it; the closing note
 * counts them. Exit 1 if any.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { checkScenarioFile } from './check-scenario-file.js';
import { scenarioText } from './scenario-arbitrary.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string', default: '20251116' } },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const dir = mkdtempSync(join(tmpdir(), 'idemsim-fuzz-'));
const counts = { refused: 0, ran: 0, crash: 0, slow: 0 };
const started = performance.now();
const cases = fc.sample(scenarioText, { seed, numRuns: runs });
for (const [index, text] of cases.entries()) {
  const verdict = await checkScenarioFile(text, dir, index % 10);
  counts[verdict.kind]++;
  if (verdict.kind === 'crash' || verdict.kind === 'slow') {
    const kept = join(dir, `${verdict.kind}-${index}.yaml`);
    writeFileSync(kept, text);
    process.stdout.write(
      `case ${index}: ${verdict.kind} (${kept}): ${verdict.detail.split('\n').slice(0, 3).join(' | ')}\n`,
    );
  }
  if ((index + 1) % 100 === 0) process.stderr.write(`${index + 1}/${runs}\n`);
}
const seconds = Math.round((performance.now() - started) / 1000);
process.stdout.write(
  `scenario fuzz: ${runs} cases (seed ${seed}) in ${seconds}s: ${counts.refused} refused by validate, ${counts.ran} ran; ${counts.crash} crashes, ${counts.slow} over the time budget\n`,
);
process.exitCode = counts.crash + counts.slow > 0 ? 1 : 0;
