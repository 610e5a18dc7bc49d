/**
 * What the workshop page and its Web Worker say to each other: the page asks, the worker (which
 * holds the session and runs the simulator) answers with the whole view to draw. Plain data only,
 * so every message survives structured cloning.
 */
import type { Direction } from '../report/comparison-changes.js';
import type { StoryStep } from '../report/story-step.js';

/** A bundled scenario, as the page receives it from `idemsim web`. */
export interface ScenarioText {
  /** File name without extension ("02-client-timeout-retry"). */
  readonly name: string;
  /** The YAML text, as in scenarios/. */
  readonly text: string;
}

export type WebRequest =
  | { readonly kind: 'init'; readonly scenarios: readonly ScenarioText[] }
  /** Opens a bundled scenario by name, or a file of the user's own (with its text). */
  | { readonly kind: 'open'; readonly name: string; readonly text?: string }
  | { readonly kind: 'set'; readonly knob: string; readonly text: string }
  | { readonly kind: 'fault'; readonly index: number; readonly on: boolean }
  | { readonly kind: 'reset' }
  | { readonly kind: 'run' }
  | { readonly kind: 'story'; readonly violation: number }
  | { readonly kind: 'export'; readonly fileName: string };

/** A request with the number its answer carries back. */
export type NumberedRequest = WebRequest & { readonly id: number };

export type WebMessage =
  | { readonly kind: 'answer'; readonly id: number; readonly answer: WebAnswer }
  | { readonly kind: 'progress'; readonly id: number; readonly done: number; readonly total: number };

export type WebAnswer =
  | {
      readonly ok: true;
      readonly view: SessionView;
      readonly story?: StoryView;
      readonly file?: ExportedFile;
    }
  /** The request was refused (a value that is not one, a file that does not load); the view is unchanged. */
  | { readonly ok: false; readonly problem: string };

export interface SessionView {
  readonly scenarios: readonly { readonly name: string; readonly title: string }[];
  readonly setup: SetupView;
  /** The file name Export writes ("02-client-timeout-retry-web.yaml" until the user names it). */
  readonly fileName: string;
  /** The last run of this scenario, if any. */
  readonly run?: RunView;
}

export interface KnobView {
  readonly id: string;
  readonly label: string;
  readonly help: string;
  /** The value now, as play shows it ("1s", "stable"). */
  readonly value: string;
  /** The value in the scenario as written. */
  readonly scenarioValue: string;
  /** For a knob with a few values: those values. */
  readonly options?: readonly { readonly value: string; readonly help: string }[];
}

export interface SetupView {
  readonly name: string;
  readonly title: string;
  readonly story: string;
  readonly knobs: readonly KnobView[];
  readonly faults: readonly { readonly text: string; readonly on: boolean }[];
  /** What was changed from the scenario, one line each ("client timeout: 1s → 30s"). */
  readonly changes: readonly string[];
  /** "20 payments × 6 seeds". */
  readonly size: string;
}

export interface RunCellView {
  readonly text: string;
  readonly moved?: { readonly direction: Direction; readonly from: string };
}

export interface RunView {
  /** 1 for the scenario's first run. */
  readonly number: number;
  /** "Run 2 · 02-client-timeout-retry · 20 payments × 6 seeds (seeds 1–6)". */
  readonly heading: string;
  /** What was changed to make this run ("Changed since run 1: client timeout: 1s → 30s"). */
  readonly changed: string;
  readonly columns: readonly string[];
  readonly rows: readonly {
    readonly strategy: string;
    readonly cells: readonly RunCellView[];
    /** The scenario's expectation for this strategy ("✓ D"); '' when none. */
    readonly expected: string;
  }[];
  /** The moves of verdicts and harms in words, with the legend first; empty when nothing moved. */
  readonly moves: readonly string[];
  /** The payments that went wrong, as play lists them ("redis-setnx · pay-07 · charged twice · seed 3"). */
  readonly violations: readonly string[];
  /** The comparison as `idemsim compare <exported file> --json` prints it (see RunRecord.jsonFor). */
  readonly json: string;
  /** The file name the JSON speaks of. */
  readonly jsonFileName: string;
}

export interface StoryView {
  /** "02-client-timeout-retry · strategy none · seed 3 · payment pay-07". */
  readonly heading: string;
  /** What became of the payment ("charged 2 times (ch_1, ch_2)"). */
  readonly verdict: string;
  readonly steps: readonly StoryStep[];
  /** The story as an SVG sequence diagram; each step's drawing carries `data-step="<index>"`. */
  readonly svg: string;
  /** How to tell it again from the command line. */
  readonly replay: string;
}

export interface ExportedFile {
  readonly fileName: string;
  readonly yaml: string;
}
