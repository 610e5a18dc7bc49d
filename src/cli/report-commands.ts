/**
 * The commands a report prints beside its numbers, each as the user would type it to get that
 * number again: the report itself, one scenario's `compare`, one story's `explain`, one `sweep`.
 * The scenarios and strategies are named as the user named them (a file by its path).
 */
import type { HarmedStory } from '../report/harmed-stories.js';
import type { ReproduceCommands } from '../report/html-report.js';
import { replayArguments, shellWord } from './replay-arguments.js';
import type { ChosenStrategy } from './strategy-choice.js';

export interface ReportRequest {
  /** The scenario references as given (none: every bundled scenario). */
  readonly references: readonly string[];
  /** Each scenario's name -> the argument that names it (a bundled name, or the file's path). */
  readonly scenarioArguments: ReadonlyMap<string, string>;
  readonly strategies: readonly ChosenStrategy[];
  /** Whether --strategies was given (otherwise every built-in strategy, and no flag needed). */
  readonly strategiesGiven: boolean;
  readonly seeds: number | undefined;
  readonly payments: number | undefined;
  /** --sweep field=from..to and --steps, when a sweep was asked for. */
  readonly sweep: { readonly vary: string; readonly steps: number } | undefined;
  readonly out: string;
}

export function reproduceCommands(request: ReportRequest): ReproduceCommands {
  const runFlags = [
    ...(request.seeds === undefined ? [] : [`--seeds ${request.seeds}`]),
    ...(request.payments === undefined ? [] : [`--payments ${request.payments}`]),
    ...(request.strategiesGiven
      ? [`--strategies ${shellWord(request.strategies.map(({ reference }) => reference).join(','))}`]
      : []),
  ];
  const scenarioArgument = (name: string): string => request.scenarioArguments.get(name) ?? shellWord(name);
  const sweepFlags = (sweep: { readonly vary: string; readonly steps: number }): string[] => [
    `--sweep ${shellWord(sweep.vary)}`,
    `--steps ${sweep.steps}`,
  ];
  return {
    report: words('idemsim report', [
      ...request.references.map(shellWord),
      ...runFlags,
      ...(request.sweep === undefined ? [] : sweepFlags(request.sweep)),
      `--out ${shellWord(request.out)}`,
    ]),
    compare: (scenario) => words('idemsim compare', [scenarioArgument(scenario), ...runFlags]),
    explain: (story: HarmedStory) => {
      // Every story is of a strategy this run chose; by name alone is the fallback of a built-in.
      const chosen = request.strategies.find(({ strategy }) => strategy.name === story.strategy);
      const strategy =
        chosen === undefined
          ? `--strategy ${shellWord(story.strategy)} --seed ${story.seed}${request.payments === undefined ? '' : ` --payments ${request.payments}`}`
          : replayArguments(chosen.reference, chosen.strategy, story.seed, request.payments);
      return `idemsim explain ${scenarioArgument(story.scenario)} ${strategy} --payment ${story.payment}`;
    },
    sweep: (sweep) =>
      words('idemsim sweep', [
        scenarioArgument(sweep.name),
        `--vary ${shellWord(request.sweep?.vary ?? sweep.field)}`,
        `--steps ${request.sweep?.steps ?? sweep.points.length}`,
        ...runFlags,
      ]),
  };
}

function words(command: string, parts: readonly string[]): string {
  return [command, ...parts].join(' ');
}
