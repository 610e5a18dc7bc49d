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

export class Trace {
  private readonly entries: TraceEntry[] = [];

  /** @param enabled when false, `record` does nothing (benchmarks, large sweeps). */
  constructor(readonly enabled = true) {}

  record(t: number, type: string, fields: Readonly<Record<string, TraceValue>> = {}): void {
    if (this.enabled) this.entries.push({ t, type, ...fields });
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
