/**
 * What a play session is given: the prompter, the strategies, how to read scenarios and write
 * files, how to run series and show progress. The command wires the real ones; tests pass their
 * own, so the session itself touches no file, stream or clock.
 */
import type { SeriesRunner } from '../../experiment/compare.js';
import type { Parsed } from '../../scenario/knob.js';
import type { Scenario } from '../../scenario/scenario.js';
import type { Strategy } from '../../strategies/strategy.js';
import type { Progress } from '../progress.js';
import type { Prompter } from './prompter.js';

export interface BundledScenario {
  /** File name without extension ("05-lease-outlived"). */
  readonly name: string;
  readonly title: string;
}

/** Where a session opens: a scenario given on the command line, or picked. */
export interface PlayStart {
  readonly scenario: Scenario;
  /** How it was named (bundled name or path), for the commands the session suggests. */
  readonly source: string;
}

export interface PlayFiles {
  /** Why `path` cannot be written (no such folder, a folder of that name), or undefined. */
  readonly problemWith: (path: string) => string | undefined;
  readonly exists: (path: string) => boolean;
  /** Writes the whole text or nothing; throws a UsageError saying why not. */
  readonly write: (path: string, text: string) => void;
}

export interface PlayDeps {
  readonly prompter: Prompter;
  /** Use ANSI colours in tables. */
  readonly colour: boolean;
  /** The bundled curriculum, in order. */
  readonly bundled: readonly BundledScenario[];
  /** A bundled name or a path to a scenario; the problems when it is not one. */
  readonly readScenario: (reference: string) => Parsed<Scenario>;
  /** The strategies every run compares. */
  readonly strategies: readonly Strategy[];
  /** Runs series (on worker threads); undefined runs them in this thread. */
  readonly runner?: SeriesRunner;
  /** A progress line for a wait the user sees (silent for the first second). */
  readonly progress: (label: string) => Progress;
  readonly files: PlayFiles;
}
