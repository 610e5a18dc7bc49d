/**
 * "Step through a violation": pick a payment that went wrong in the last run, run its seed again
 * with the trace on, and tell its story one step at a time (explain's narration, paced by the
 * facilitator). Moving forward prints every step passed, so the screen keeps the whole story.
 */
import { Chalk } from 'chalk';
import { runExperiment } from '../../experiment/run-experiment.js';
import { summarizeRun } from '../../experiment/run-summary.js';
import { paymentStory, paymentVerdict, type StoryStep } from '../../report/payment-story.js';
import { stepLine, walk, type WalkMove } from '../../report/story-walk.js';
import { violationLabel, violationsOf, type Violation } from '../../report/violations.js';
import { changesOf } from '../../scenario/play-setup.js';
import type { PlayDeps } from './play-deps.js';
import { scenarioResults, type PlayRun } from './play-run.js';
import type { Choice } from './prompter.js';

type Move = WalkMove | 'menu';

const CANNOT: Readonly<Record<WalkMove, string>> = {
  next: '(this is the last step)',
  back: '(this is the first step)',
  'next-charge': '(no charge after this step)',
  end: '(already at the end)',
};

/** `source` is how the scenario was named when it was opened (a bundled name or a path). */
export async function stepThroughViolation(deps: PlayDeps, run: PlayRun, source: string): Promise<void> {
  const violations = violationsOf(scenarioResults(run));
  const picked = await deps.prompter.select<Violation | 'back'>({
    message: `Which payment? (${violations.length} went wrong in run ${run.number}; type a strategy's name to jump to it)`,
    choices: [
      { name: '← back to the menu', value: 'back' },
      ...violations.map((violation) => ({ name: violationLabel(violation), value: violation })),
    ],
    default: violations[0] ?? 'back',
  });
  if (picked === 'back') return;
  const strategy = deps.strategies.find((candidate) => candidate.name === picked.strategy);
  if (strategy === undefined) return;
  const outcome = await runExperiment({ scenario: run.scenario, strategy, seed: picked.seed });
  const steps = paymentStory(outcome, picked.payment);
  deps.prompter.say(
    `\n${run.scenario.name} · strategy ${picked.strategy} · seed ${picked.seed} · payment ${picked.payment}\n` +
      `verdict: ${paymentVerdict(outcome, summarizeRun(outcome), picked.payment)}\n\n`,
  );
  if (steps.length === 0) return deps.prompter.say('The trace has no step of this payment to tell.\n');
  await walkStory(deps, steps);
  deps.prompter.say(`${replayHint(run, picked, source)}\n`);
}

async function walkStory(deps: PlayDeps, steps: readonly StoryStep[]): Promise<void> {
  const paint = new Chalk({ level: deps.colour ? 1 : 0 });
  const show = (index: number, prefix = ''): void => {
    const line = `${prefix}${stepLine(steps, index)}`;
    deps.prompter.say(`${steps[index]?.kind === 'charge' ? paint.bold.yellow(line) : line}\n`);
  };
  let index = 0;
  show(index);
  for (;;) {
    const move = await deps.prompter.select<Move>({
      message: 'Step:',
      choices: moveChoices(steps, index),
      default: walk(steps, index, 'next') === undefined ? 'menu' : 'next',
      clearWhenDone: true,
    });
    if (move === 'menu') return;
    const to = walk(steps, index, move);
    if (to === undefined) continue;
    if (move === 'back') show(to, 'back to ');
    else for (let at = index + 1; at <= to; at++) show(at);
    index = to;
  }
}

function moveChoices(steps: readonly StoryStep[], index: number): Choice<Move>[] {
  const move = (value: WalkMove, name: string): Choice<Move> =>
    walk(steps, index, value) === undefined ? { name, value, disabled: CANNOT[value] } : { name, value };
  return [
    move('next', 'next'),
    move('back', 'back'),
    move('next-charge', 'to the next charge'),
    move('end', 'to the end'),
    { name: 'back to the menu', value: 'menu' },
  ];
}

/** The command that tells this story again, when the setup is one a command can name. */
function replayHint(run: PlayRun, violation: Violation, source: string): string {
  const flags = `--strategy ${violation.strategy} --seed ${violation.seed} --payment ${violation.payment}`;
  if (changesOf(run.setup).length === 0) return `Tell it again: idemsim explain ${source} ${flags}`;
  return `Tell it again: export this setup, then idemsim explain <file> ${flags}`;
}
