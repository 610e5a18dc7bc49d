/**
 * What a hunt tries to break: properties over one run's records. The built-in ones are the
 * harms of the catalogue (checks/harm-catalogue.ts), one property each; a user's own is any
 * function of the same records.
 */
import { HARM_CATALOGUE, harmEntry, type Harm, type KnownHarm } from '../checks/harm-catalogue.js';
import type { Outcome } from '../experiment/run-experiment.js';
import type { RunSummary } from '../experiment/run-summary.js';

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

/** The payments behind a violation: for a double charge, the first one with its charges. */
function which(entry: KnownHarm, summary: RunSummary): string {
  const first = summary.examples.doubleCharged[0];
  if (entry.id === 'double-charge' && first !== undefined)
    return `${first.intentId}: ${first.chargeIds.join(', ')}`;
  return summary.examples[entry.field].join(', ');
}

/** "no <harm>": broken by any payment the harm's checker names. */
export function propertyOf(harm: Harm): HuntProperty {
  const entry = harmEntry(harm);
  return {
    name: `no-${entry.id}`,
    claim: entry.claim,
    harm: entry.id,
    violation: ({ summary }) => {
      const harmed = summary[entry.field];
      return harmed === 0
        ? undefined
        : `${count('payment', harmed)} ${entry.harmed} (${which(entry, summary)})`;
    },
  };
}

export const noDoubleCharge = propertyOf('double-charge');
export const noLostPayment = propertyOf('lost-payment');
export const noChargedButFailed = propertyOf('charged-but-failed');
export const noToldPaidEarly = propertyOf('told-paid-early');
export const noWrongReplay = propertyOf('wrong-replay');
export const noStuckPayment = propertyOf('stuck');

/** The built-in properties, by name, in the catalogue's order. */
export const BUILT_IN_PROPERTIES: readonly HuntProperty[] = HARM_CATALOGUE.map((entry) =>
  propertyOf(entry.id),
);

/**
 * A property by its name, with or without the "no-" prefix, and with or without a "-payment"
 * suffix: "double-charge", "lost", "no-stuck-payment" (its name before the catalogue) all work.
 */
export function builtInProperty(name: string): HuntProperty | undefined {
  const bare = name.replace(/^no-/, '');
  const candidates = [bare, `${bare}-payment`, bare.replace(/-payment$/, '')].map((id) => `no-${id}`);
  return BUILT_IN_PROPERTIES.find((property) => candidates.includes(property.name));
}
