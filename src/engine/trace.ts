/**
 * The structured record of what happened in a run: a list of plain JSON-able entries, each
 * stamped with the virtual time. Two runs with the same seed must produce byte-identical traces;
 * `serializeTrace` is the byte form that tests compare.
 */

/** A field value that survives JSON unchanged. */
export type TraceValue = string | number | boolean | null;

export interface TraceEntry {
  /** Virtual time in ms. */
  readonly t: number;
  /** What happened, as `subject.verb` ("msg.drop", "node.crash"). */
  readonly type: string;
  readonly [field: string]: TraceValue;
}

/** Where entries go instead of being kept: a long run streams its trace rather than hold it. */
export type TraceSink = (entry: TraceEntry) => void;

export class Trace {
  private readonly entries: TraceEntry[] = [];

  /**
   * @param enabled when false, `record` does nothing (benchmarks, large sweeps).
   * @param sink when given, each entry is handed to it and not kept (`all` stays empty).
   */
  constructor(
    readonly enabled = true,
    private readonly sink?: TraceSink,
  ) {}

  record(t: number, type: string, fields: Readonly<Record<string, TraceValue>> = {}): void {
    if (!this.enabled) return;
    const entry = { t, type, ...fields };
    if (this.sink === undefined) this.entries.push(entry);
    else this.sink(entry);
  }

  get all(): readonly TraceEntry[] {
    return this.entries;
  }

  get length(): number {
    return this.entries.length;
  }
}

/** One entry per line, keys in insertion order: stable bytes for golden files and diffs. */
export function serializeTrace(entries: readonly TraceEntry[]): string {
  return entries.map((entry) => JSON.stringify(entry)).join('\n');
}
