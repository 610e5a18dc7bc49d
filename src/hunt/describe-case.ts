/**
 * The title and story of a counterexample scenario, written from the case itself, so the saved
 * file says in words what the search found before anyone runs it.
 */
import { duration } from '../scenario/scenario-file-writer.js';
import type { Scenario } from '../scenario/scenario.js';
import { describeFault } from './describe-fault.js';
import type { HuntCase } from './hunt-case.js';

export interface CaseDescription {
  readonly name: string;
  readonly title: string;
  readonly story: string;
}

export function describeCase(
  scenario: Scenario,
  huntCase: HuntCase,
  found: {
    readonly strategy: string;
    readonly claim: string;
    readonly violation: string;
    readonly origin: string;
  },
): CaseDescription {
  const added = scenario.faults.slice(scenario.faults.length - huntCase.faults.length);
  const kept = scenario.faults.slice(0, scenario.faults.length - huntCase.faults.length);
  const sentences = [
    `Found by ${found.origin}: the smallest case the search shrank to in which ${found.strategy} breaks "${found.claim}".`,
    payments(huntCase),
    ...clientSentences(scenario, huntCase),
    ...(huntCase.providerLatency === undefined ? [] : [providerSentence(huntCase.providerLatency)]),
    ...(huntCase.instances === undefined
      ? []
      : [
          `${huntCase.instances} service instance${huntCase.instances === 1 ? '' : 's'} behind the load balancer.`,
        ]),
    ...Object.entries(huntCase.settings).map(
      ([name, ms]) => `${found.strategy}'s ${name.replace(/Ms$/, '')} is ${duration(ms)}.`,
    ),
    ...(kept.length === 0 ? [] : [`From the base scenario: ${kept.map(describeFault).join(' ')}`]),
    ...(added.length === 0
      ? [kept.length === 0 ? 'No faults.' : 'The search added no fault.']
      : added.map(describeFault)),
    `What broke: ${found.violation}.`,
  ];
  return {
    name: `hunt-${
      found.strategy
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'strategy'
    }`,
    title: `Counterexample: ${found.strategy} breaks "${found.claim}"`,
    story: wrap(sentences.join(' '), 96),
  };
}

function payments(huntCase: HuntCase): string {
  const count = huntCase.payments === 1 ? '1 payment' : `${huntCase.payments} payments`;
  return huntCase.doubleSubmit
    ? `${count}, each sent twice at once with the same key (a double click).`
    : `${count}.`;
}

function clientSentences(scenario: Scenario, huntCase: HuntCase): string[] {
  const { client } = huntCase;
  const parts: string[] = [];
  if (client.timeoutMs !== undefined) parts.push(`gives up waiting after ${duration(client.timeoutMs)}`);
  if (client.attemptsMax !== undefined)
    parts.push(`tries at most ${client.attemptsMax} time${client.attemptsMax === 1 ? '' : 's'}`);
  if (client.backoffBaseMs !== undefined)
    parts.push(`backs off from ${duration(client.backoffBaseMs)} (${scenario.client.retry.jitter} jitter)`);
  return parts.length === 0 ? [] : [`The client ${parts.join(', ')}.`];
}

function providerSentence(latency: NonNullable<HuntCase['providerLatency']>): string {
  if (latency.sigma === 0) return `The provider takes ${duration(latency.medianMs)} every time.`;
  return `The provider takes about ${duration(latency.medianMs)}, with a log-normal spread of sigma ${latency.sigma}.`;
}

/** Lines of at most `width` characters, so the story reads well as a YAML block. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) lines.push(line);
  return lines.join('\n');
}
