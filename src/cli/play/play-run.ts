/**
 * "Run": every strategy through the current setup over its seeds, shown as play's compact table
 * with what moved since the previous run marked, and what was changed to make it move.
 */
import { compare, type Comparison, type ScenarioComparison } from '../../experiment/compare.js';
import { playRows } from '../../report/comparison-changes.js';
import { renderPlayTable } from '../../report/play-table.js';
import { changesInOneLine } from '../../report/setup-text.js';
import { violationsOf } from '../../report/violations.js';
import { changesBetween, changesOf, scenarioOf, type PlaySetup } from '../../scenario/play-setup.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { PlayDeps } from './play-deps.js';

export interface PlayRun {
  /** 1 for the session's first run. */
  readonly number: number;
  /** The setup as it was run. */
  readonly setup: PlaySetup;
  /** The scenario that ran (knobs applied, faults that were on). */
  readonly scenario: Scenario;
  readonly comparison: Comparison;
}

/** The one scenario of a play run's comparison. */
export function scenarioResults(run: PlayRun): ScenarioComparison {
  const [only] = run.comparison.scenarios;
  if (only === undefined) throw new Error('a play run compares exactly one scenario');
  return only;
}

export async function runComparison(
  deps: PlayDeps,
  setup: PlaySetup,
  previous: PlayRun | undefined,
): Promise<PlayRun> {
  const scenario = scenarioOf(setup);
  const progress = deps.progress(`run ${(previous?.number ?? 0) + 1}:`);
  let comparison: Comparison;
  try {
    comparison = await compare({
      scenarios: [scenario],
      strategies: deps.strategies,
      ...(deps.runner === undefined ? {} : { runner: deps.runner }),
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
  }
  const run: PlayRun = { number: (previous?.number ?? 0) + 1, setup, scenario, comparison };
  deps.prompter.say(`${runText(run, previous, deps.colour)}\n`);
  return run;
}

export function runText(run: PlayRun, previous: PlayRun | undefined, colour: boolean): string {
  const results = scenarioResults(run);
  const { scenario } = run;
  const seeds =
    results.seeds.length === 1
      ? `seed ${results.seeds[0]}`
      : `seeds ${results.seeds[0]}–${results.seeds[results.seeds.length - 1]}`;
  const changed =
    previous === undefined
      ? changesOf(run.setup).length === 0
        ? 'The scenario as written.'
        : `Changed from the scenario: ${changesInOneLine(changesOf(run.setup), '')}`
      : `Changed since run ${previous.number}: ${changesInOneLine(changesBetween(previous.setup, run.setup), 'nothing')}`;
  const violations = violationsOf(results).length;
  const harmed =
    violations === 0
      ? 'No payment went wrong in this run.'
      : `${violations} payment${violations === 1 ? '' : 's'} went wrong in this run: "Step through a violation" shows one happen.`;
  return [
    '',
    `Run ${run.number} · ${scenario.name} · ${runSize(scenario.workload.payments, results.seeds.length)} (${seeds})`,
    changed,
    renderPlayTable(playRows(results, previous === undefined ? undefined : scenarioResults(previous)), {
      colour,
    }),
    harmed,
    '',
  ].join('\n');
}

/** "20 payments × 6 seeds", "1 payment × 1 seed". */
export function runSize(payments: number, seeds: number): string {
  return `${payments} payment${payments === 1 ? '' : 's'} × ${seeds} seed${seeds === 1 ? '' : 's'}`;
}
