/**
 * A knob of `idemsim play`: one setting a workshop turns, which reads its value from a Scenario
 * and writes a changed copy. Typed text is parsed by the knob, with the reason when it is not a
 * value, so every front end re-asks alike.
 */
import type { Scenario } from './scenario.js';

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

/** The scenario's knobs by name; a strategy's setting by its path in a file ("strategies.db-atomic.lease"). */
export type KnobId =
  | 'client-timeout'
  | 'retry-attempts'
  | 'key-policy'
  | 'provider-median'
  | 'provider-p99'
  | 'provider-keys'
  | 'payments'
  | 'seed'
  | 'seeds'
  | `strategies.${string}`;

export interface KnobOption {
  /** What `set` accepts. */
  readonly value: string;
  /** One line on what this choice means. */
  readonly help: string;
}

export interface Knob {
  readonly id: KnobId;
  /** A few words: "client timeout". */
  readonly label: string;
  /** One line on what it means, shown when asking. */
  readonly help: string;
  /** The current value as the prompt shows it ("1s", "stable"). */
  readonly show: (scenario: Scenario) => string;
  /** A changed copy, or why the text is not a value of this knob. */
  readonly set: (scenario: Scenario, text: string) => Parsed<Scenario>;
  /** For a knob with a few values: those values (`set` accepts exactly these). */
  readonly options?: readonly KnobOption[];
}
