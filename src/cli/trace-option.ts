/**
 * `run --trace [file]`: the file is optional, so commander reads `run --trace 03` as a trace
 * file named "03" and runs the default scenario. A trace file's name must end in `.jsonl`; any
 * other value after `--trace` is the scenario the user meant, when they named none elsewhere.
 */
import { UsageError } from './cli-io.js';

export interface TraceChoice {
  /** true: the trace on standard output; a path: the trace streamed into that `.jsonl` file. */
  readonly trace: boolean | string | undefined;
  /** The scenario named on the command line, if any (undefined: the command's default). */
  readonly scenario: string | undefined;
}

export function resolveTraceOption(
  trace: boolean | string | undefined,
  scenario: string | undefined,
): TraceChoice {
  if (typeof trace !== 'string' || trace.endsWith('.jsonl')) return { trace, scenario };
  if (scenario === undefined) return { trace: true, scenario: trace };
  throw new UsageError(
    `--trace ${trace}: a trace file's name ends in .jsonl (e.g. --trace trace.jsonl); to print the trace, put --trace after the scenario`,
  );
}
