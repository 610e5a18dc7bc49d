/**
 * The structured record of what happened in a run: a list of plain JSON-able entries, each
 * stamped with the virtual time. Two runs with the same seed must produce byte-identical traces;
 * `serializeTrace` is the byte form that tests compare.
 *
 * Every kind of entry and its fields are one typed union, `TraceEvent`, shared by the code that
 * writes an entry and the code that reads it (the story renderers), so that renaming a field
 * fails to compile instead of silently dropping a line from a story. The engine knows nothing of
 * payments, so it declares no kind itself: `TraceEvents` is an empty interface that each layer
 * extends, by declaration merging, with the kinds it writes, in a `*-trace-events.ts` file next
 * to its writers: src/world/trace-events.ts; redis-, postgres- and kafka-trace-events.ts in their
 * component folders; payment-trace-events.ts in src/components; experiment-trace-events.ts.
 * Each of those files names only the engine and its own layer's types, so the layers stay as
 * DESIGN.md draws them (a union file in a low layer would have to import Kafka or PostgreSQL from
 * above it), and the union is still one: `TraceEvent` is every kind any layer declared, and
 * `Trace.record` checks every writer against it. Adding a kind is one entry in the interface of
 * the layer that writes it.
 *
 * The JSON keeps the field name `type` for the kind (the `--trace` output is unchanged); readers
 * narrow on it.
 */

/** A field value that survives JSON unchanged. */
export type TraceValue = string | number | boolean | null;

/**
 * Every kind of trace event ("subject.verb": "msg.drop", "node.crash") and its fields, in the
 * order they are written (the JSON's key order). Layers add to it with
 * `declare module '.../engine/trace.js' { interface TraceEvents { 'kind': { ...fields } } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: declaration merging: each layer adds the kinds it writes.
export interface TraceEvents {}

export type TraceKind = keyof TraceEvents;

/** One entry of kind K: its virtual time in ms, its kind, then its fields. */
type Stamped<K extends TraceKind> = { readonly t: number; readonly type: K } & Readonly<TraceEvents[K]>;

/** Any entry of the trace: narrow it on `type` to read its fields. */
export type TraceEvent = { [K in TraceKind]: Stamped<K> }[TraceKind];

/** The entries of kind K (or of any kind in K, a union). */
export type TraceEventOf<K extends TraceKind> = Extract<TraceEvent, { readonly type: K }>;

/** An entry read as plain JSON, whatever its kind: for printers and test fixtures that print any entry. */
export interface TraceEntry {
  /** Virtual time in ms. */
  readonly t: number;
  /** What happened, as `subject.verb` ("msg.drop", "node.crash"). */
  readonly type: string;
  readonly [field: string]: TraceValue | undefined;
}

/** Where entries go instead of being kept: a long run streams its trace rather than hold it. */
export type TraceSink = (entry: TraceEntry) => void;

export class Trace {
  private readonly entries: TraceEvent[] = [];

  /**
   * @param enabled when false, `record` does nothing (benchmarks, large sweeps).
   * @param sink when given, each entry is handed to it and not kept (`all` stays empty).
   */
  constructor(
    readonly enabled = true,
    private readonly sink?: TraceSink,
  ) {}

  /** `fields` must be exactly the kind's (TraceEvents): a misspelt or missing field does not compile. */
  record<K extends TraceKind>(t: number, type: K, fields: TraceEvents[K]): void {
    if (!this.enabled) return;
    // The cast joins what the signature checked: K's fields, stamped with K.
    const entry = { t, type, ...fields } as unknown as TraceEvent;
    if (this.sink === undefined) this.entries.push(entry);
    else this.sink(entry);
  }

  get all(): readonly TraceEvent[] {
    return this.entries;
  }

  get length(): number {
    return this.entries.length;
  }
}

/** One entry per line, keys in insertion order: stable bytes for golden files and diffs. */
export function serializeTrace(entries: readonly (TraceEvent | TraceEntry)[]): string {
  return entries.map((entry) => JSON.stringify(entry)).join('\n');
}
