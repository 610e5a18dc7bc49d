/**
 * What a hunt tries to break: properties over one run's records. The built-in ones are the
 * harms of MECHANISMS.md; a user's own is any function of the same records.
 */
import type { Outcome } from '../experiment/run-experiment.js';
import type { RunSummary } from '../experiment/run-summary.js';
import type { Harm } from '../scenario/scenario.js';

export interface JudgedRun {
  readonly outcome: Outcome;
  readonly summary: RunSummary;
}

export interface HuntProperty {
  /** Kebab-case, as `--property` takes it ("no-double-charge"). */
  readonly name: string;
  /** The claim, in a sentence ("no payment is charged twice"). */
  readonly claim: string;
  /** The harm a violation is, when it is one of the built-in harms (for explain and the table's letters). */
  readonly harm?: Harm;
  /** undefined when the claim held; otherwise one line saying how it broke. */
  violation(run: JudgedRun): string | undefined;
}

function count(noun: string, n: number): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export const noDoubleCharge: HuntProperty = {
  name: 'no-double-charge',
  claim: 'no payment is charged twice',
  harm: 'double-charge',
  violation: ({ summary }) => {
    const first = summary.examples.doubleCharged[0];
    if (first === undefined) return undefined;
    return `${count('payment', summary.doubleCharges)} charged more than once (${first.intentId}: ${first.chargeIds.join(', ')})`;
  },
};

export const noLostPayment: HuntProperty = {
  name: 'no-lost-payment',
  claim: 'no payment the client was told succeeded goes uncharged',
  harm: 'lost-payment',
  violation: ({ summary }) =>
    summary.lostPayments === 0
      ? undefined
      : `${count('payment', summary.lostPayments)} accepted but never charged (${summary.examples.lostPayments.join(', ')})`,
};

export const noChargedButFailed: HuntProperty = {
  name: 'no-charged-but-failed',
  claim: 'no client is told a payment failed when it was charged',
  harm: 'charged-but-failed',
  violation: ({ summary }) =>
    summary.chargedButFailed === 0
      ? undefined
      : `${count('payment', summary.chargedButFailed)} charged while the client was told it failed (${summary.examples.chargedButFailed.join(', ')})`,
};

export const noStuckPayment: HuntProperty = {
  name: 'no-stuck-payment',
  claim: 'every payment reaches an answer the client can act on',
  harm: 'stuck',
  violation: ({ summary }) =>
    summary.stuck === 0
      ? undefined
      : `${count('payment', summary.stuck)} never settled (${summary.examples.stuck.join(', ')})`,
};

export const noWrongReplay: HuntProperty = {
  name: 'no-wrong-replay',
  claim: 'a replayed answer always belongs to the request that carries the key',
  harm: 'wrong-replay',
  violation: ({ summary }) =>
    summary.wrongReplays === 0
      ? undefined
      : `${count('payment', summary.wrongReplays)} got another request's stored answer (${summary.examples.wrongReplays.join(', ')})`,
};

/** The built-in properties, by name; the money ones first. */
export const BUILT_IN_PROPERTIES: readonly HuntProperty[] = [
  noDoubleCharge,
  noLostPayment,
  noChargedButFailed,
  noStuckPayment,
  noWrongReplay,
];

/** A property by its name, with or without the "no-" prefix ("double-charge" works too). */
export function builtInProperty(name: string): HuntProperty | undefined {
  const wanted = name.startsWith('no-') ? name : `no-${name}`;
  return BUILT_IN_PROPERTIES.find(
    (property) => property.name === wanted || property.name === `${wanted}-payment`,
  );
}
