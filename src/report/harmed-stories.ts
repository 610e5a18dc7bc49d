/**
 * The stories behind a comparison's harmed cells, as data: for each scenario and strategy that
 * came to harm, the first seed that harmed a payment is run again, this time with its trace, and
 * its first harmed payment is told as `explain` tells it (payment-story.ts). A run is a pure
 * function of (scenario, strategy, seed), so the rerun harms the same payment the comparison
 * counted. No I/O: the HTML report (html-report.ts) draws what this returns.
 */
import type { Comparison } from '../experiment/compare.js';
import { runExperiment } from '../experiment/run-experiment.js';
import { summarizeRun, type RunSummary } from '../experiment/run-summary.js';
import type { SeriesSummary } from '../experiment/series-summary.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Strategy } from '../strategies/strategy.js';
import { firstHarmedPayment, paymentStory, paymentVerdict } from './payment-story.js';
import type { StoryStep } from './story-step.js';

export interface HarmedStory {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: number;
  readonly payment: string;
  /** What became of the payment ("charged 2 times (ch-1, ch-2)"). */
  readonly verdict: string;
  /** When traffic and faults started, ms of virtual time (narration.ts says why it matters). */
  readonly startMs: number;
  readonly steps: readonly StoryStep[];
}

export interface HarmedStoriesInput {
  readonly comparison: Comparison;
  /** The scenarios the comparison ran, in its order. */
  readonly scenarios: readonly Scenario[];
  /** The strategies it ran, by name. */
  readonly strategies: readonly Strategy[];
  /** Called after each story with (stories done, stories in all). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One story per harmed cell, in the table's order (scenario by scenario, strategy by strategy). */
export async function harmedStories(input: HarmedStoriesInput): Promise<HarmedStory[]> {
  const cells = harmedCells(input);
  const stories: HarmedStory[] = [];
  for (const [index, cell] of cells.entries()) {
    const story = await storyOf(cell.scenario, cell.strategy, cell.run);
    if (story !== undefined) stories.push(story);
    input.onProgress?.(index + 1, cells.length);
  }
  return stories;
}

interface HarmedCell {
  readonly scenario: Scenario;
  readonly strategy: Strategy;
  /** The first seed's run that harmed a payment. */
  readonly run: RunSummary;
}

function harmedCells(input: HarmedStoriesInput): HarmedCell[] {
  return input.comparison.scenarios.flatMap((compared, index) => {
    const scenario = input.scenarios[index];
    if (scenario === undefined) return [];
    return compared.results.flatMap((result): HarmedCell[] => {
      const strategy = input.strategies.find((candidate) => candidate.name === result.strategy);
      const run = firstHarmedRun(result);
      return strategy === undefined || run === undefined ? [] : [{ scenario, strategy, run }];
    });
  });
}

/** The earliest seed's run with a harmed payment, or undefined for a cell with no harm. */
export function firstHarmedRun(result: SeriesSummary): RunSummary | undefined {
  return result.runs.find((run) => firstHarmedPayment(run) !== undefined);
}

async function storyOf(
  scenario: Scenario,
  strategy: Strategy,
  run: RunSummary,
): Promise<HarmedStory | undefined> {
  const outcome = await runExperiment({ scenario, strategy, seed: run.seed });
  const summary = summarizeRun(outcome);
  const payment = firstHarmedPayment(summary);
  if (payment === undefined) return undefined;
  return {
    scenario: scenario.name,
    strategy: strategy.name,
    seed: run.seed,
    payment,
    verdict: paymentVerdict(outcome, summary, payment),
    startMs: outcome.startMs,
    steps: paymentStory(outcome, payment),
  };
}
