/**
 * What a play session needs from a terminal: pick one of a list, type a value (re-asked with the
 * reason until it parses), answer yes or no, and print. The session sees only this, so tests
 * drive it with a script and the real program with a prompt library (inquirer-prompter.ts).
 *
 * An implementation ends the session by throwing an error named 'ExitPromptError' (Ctrl-C);
 * main() maps it to exit code 130.
 */
import type { Parsed } from '../../scenario/knob.js';

export interface Choice<T> {
  readonly name: string;
  readonly value: T;
  /** What the answered question shows (default: the name). */
  readonly short?: string;
  /** One line shown under the list while this choice is highlighted. */
  readonly description?: string;
  /** Why it cannot be chosen now; the choice is shown greyed with this reason. */
  readonly disabled?: string;
}

export interface SelectQuestion<T> {
  readonly message: string;
  readonly choices: readonly Choice<T>[];
  /** The value highlighted first (default: the first that can be chosen). */
  readonly default?: T;
  /** Remove the question from the screen once answered (for quick repeated moves). */
  readonly clearWhenDone?: boolean;
}

export interface InputQuestion<T> {
  readonly message: string;
  /** Taken when the answer is empty. */
  readonly default?: string;
  /** The value, or the reason the text is not one (shown, and the question asked again). */
  readonly parse: (text: string) => Parsed<T>;
}

export interface Prompter {
  select<T>(question: SelectQuestion<T>): Promise<T>;
  input<T>(question: InputQuestion<T>): Promise<T>;
  confirm(question: { readonly message: string; readonly default: boolean }): Promise<boolean>;
  /** Prints text as is (include the newline). */
  say(text: string): void;
}
