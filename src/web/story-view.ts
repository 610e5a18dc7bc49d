/**
 * "Step through a violation" for the page: the payment's run told again with the trace on, as
 * play and `idemsim explain` tell it, with a diagram to follow it on.
 */
import { runExperiment } from '../experiment/run-experiment.js';
import { summarizeRun } from '../experiment/run-summary.js';
import { paymentStory, paymentVerdict } from '../report/payment-story.js';
import type { Violation } from '../report/violations.js';
import type { Strategy } from '../strategies/strategy.js';
import type { RunRecord } from './run-view.js';
import { storyDiagramSvg } from './story-diagram-svg.js';
import type { StoryView } from './web-protocol.js';

export async function storyView(
  run: RunRecord,
  violation: Violation,
  strategy: Strategy,
  fileName: string,
): Promise<StoryView> {
  const outcome = await runExperiment({ scenario: run.scenario, strategy, seed: violation.seed });
  const steps = paymentStory(outcome, violation.payment);
  const flags = `--strategy ${violation.strategy} --seed ${violation.seed} --payment ${violation.payment}`;
  return {
    heading: `${run.scenario.name} · strategy ${violation.strategy} · seed ${violation.seed} · payment ${violation.payment}`,
    verdict: paymentVerdict(outcome, summarizeRun(outcome), violation.payment),
    steps,
    svg: storyDiagramSvg(steps),
    replay: `Tell it again from the command line: export this setup as ${fileName}, then idemsim explain ${fileName} ${flags}`,
  };
}
