/**
 * What `idemsim hunt` prints: the verdict of the search, the counterexample as a scenario file,
 * the commands that replay and explain it, and the story of the payment it harmed. Built as data
 * first (for --json), rendered as text last.
 */
import type { HuntFound, HuntResult } from '../hunt/hunt.js';
import { caseSize } from '../hunt/hunt-case.js';
import { scenarioToYaml } from '../scenario/scenario-file-writer.js';
import { harmEntry, type Harm } from '../checks/harm-catalogue.js';
import type { RunSummary } from '../experiment/run-summary.js';
import { startNote } from './narration.js';
import {
  firstHarmedPayment,
  formatT,
  paymentStory,
  paymentVerdict,
  type StoryStep,
} from './payment-story.js';

export interface HuntCommands {
  /** Where the counterexample is (or should be) saved, as the replay commands name it. */
  readonly scenarioPath: string;
  /** `--strategy x` as the user gave it (a path for their own strategy). */
  readonly strategyArgument: string;
  /** Whether the file was written (else the user is told to save it). */
  readonly saved: boolean;
}

export interface HuntReport {
  readonly found: boolean;
  readonly strategy: string;
  readonly properties: readonly string[];
  readonly hunt: {
    readonly seed: number;
    /** Set when searches of several seeds held side by side (`hunt --time --jobs`): each seed. */
    readonly seeds?: readonly number[];
    readonly runs: number;
    readonly interrupted?: boolean;
    readonly path?: string;
    readonly shrinks?: number;
    readonly shrinkRuns?: number;
  };
  readonly counterexample?: {
    readonly property: string;
    readonly violation: string;
    readonly size: { readonly payments: number; readonly faults: number; readonly changes: number };
    readonly seed: number;
    readonly scenarioYaml: string;
    readonly replay: string;
    readonly explain?: string;
    readonly payment?: string;
    readonly verdict?: string;
    readonly steps?: readonly StoryStep[];
    /** When the workload and the faults started, ms of virtual time (story times count from 0). */
    readonly startMs: number;
  };
}

export function huntReport(result: HuntResult, commands: HuntCommands): HuntReport {
  const common = {
    strategy: result.strategy,
    properties: result.properties.map((property) => property.name),
  };
  if (!result.found)
    return {
      ...common,
      found: false,
      hunt: {
        seed: result.seed,
        ...(result.seeds === undefined ? {} : { seeds: result.seeds }),
        runs: result.runs,
        interrupted: result.interrupted,
      },
    };
  const { scenario, run } = result;
  const args = `--strategy ${commands.strategyArgument} --seed ${scenario.seed}`;
  const payment = harmedPayment(run.summary, result.property.harm);
  return {
    ...common,
    found: true,
    hunt: {
      seed: result.seed,
      runs: result.runs,
      path: result.path,
      shrinks: result.shrinks,
      shrinkRuns: result.shrinkRuns,
    },
    counterexample: {
      property: result.property.name,
      violation: result.violation,
      size: caseSize(result.huntCase),
      seed: scenario.seed,
      startMs: run.outcome.startMs,
      scenarioYaml: scenarioToYaml(scenario),
      replay: `idemsim run ${commands.scenarioPath} ${args}`,
      ...(payment === undefined
        ? {}
        : storyOf(result, payment, `idemsim explain ${commands.scenarioPath} ${args} --payment ${payment}`)),
    },
  };
}

function storyOf(result: HuntFound, payment: string, explain: string) {
  return {
    explain,
    payment,
    verdict: paymentVerdict(result.run.outcome, result.run.summary, payment),
    steps: paymentStory(result.run.outcome, payment),
  };
}

/** The payment the broken property is about; for a user's property, the first harmed one. */
function harmedPayment(summary: RunSummary, harm: Harm | undefined): string | undefined {
  if (harm === undefined) return firstHarmedPayment(summary);
  return summary.examples[harmEntry(harm).field][0];
}

export function renderHuntText(report: HuntReport, commands: HuntCommands): string {
  const claims = report.properties.join(', ');
  const counterexample = report.counterexample;
  if (!report.found || counterexample === undefined) {
    const budget =
      report.hunt.interrupted === true
        ? `${report.hunt.runs} runs before the time ran out`
        : `${report.hunt.runs} runs`;
    return [
      `hunt: ${report.strategy} held ${claims} in all ${budget} (${huntSeedsText(report.hunt)}).`,
      'No counterexample within this budget; that is evidence, not proof. Try more --runs, another --seed,',
      'or a --scenario whose world is harsher (no provider keys, a replica that lags, a slow provider).',
      '',
    ].join('\n');
  }
  const { size } = counterexample;
  const lines = [
    `hunt: ${report.strategy} breaks ${counterexample.property}: ${counterexample.violation}.`,
    `Found at run ${report.hunt.runs} (hunt seed ${report.hunt.seed}); shrunk ${plural(report.hunt.shrinks ?? 0, 'time')} to ${plural(size.payments, 'payment')}, with ${plural(size.faults, 'fault')} and ${plural(size.changes, 'other change')} added to the base scenario.`,
    '',
    commands.saved
      ? `The counterexample, saved as ${commands.scenarioPath}:`
      : `The counterexample as a scenario file (save it as ${commands.scenarioPath} to run it again):`,
    '',
    `# ${commands.scenarioPath}`,
    counterexample.scenarioYaml.trimEnd(),
    '',
    `replay:  ${counterexample.replay}`,
    ...(counterexample.explain === undefined ? [] : [`explain: ${counterexample.explain}`]),
  ];
  const { payment, steps, verdict } = counterexample;
  if (payment !== undefined && steps !== undefined && verdict !== undefined) {
    const clock = startNote(counterexample.startMs);
    lines.push(
      '',
      `What happened to ${payment} (${verdict}):`,
      ...(clock === undefined ? [] : [clock]),
      '',
      ...steps.map((step) => `  ${formatT(step.tMs)}  ${step.text}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "hunt seed 1", or for searches side by side "hunt seeds 1-4, one per worker thread". */
function huntSeedsText(hunt: HuntReport['hunt']): string {
  const seeds = hunt.seeds;
  if (seeds === undefined || seeds.length < 2) return `hunt seed ${hunt.seed}`;
  return `hunt seeds ${seeds[0]}-${seeds[seeds.length - 1]}, one per worker thread`;
}
