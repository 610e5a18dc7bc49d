/**
 * Streams a run's trace as JSON lines while the run goes, so a long run never holds its trace:
 * entries are serialised as they come (the bytes `serializeTrace` gives, one entry a line) and
 * written in chunks, to standard output or to a file (`run --trace file.jsonl`).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceEntry, TraceSink } from '../engine/trace.js';

/** Text gathered before a write, characters: few syscalls, little held. */
const CHUNK_CHARS = 1 << 16;

export interface TraceWriter {
  readonly sink: TraceSink;
  /** Writes what is left; an empty trace still ends in one newline, as `serializeTrace` + "\n" did. */
  finish(): void;
}

export function traceWriter(write: (text: string) => void): TraceWriter {
  let pending: string[] = [];
  let pendingChars = 0;
  let written = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    write(pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  return {
    sink(entry: TraceEntry) {
      const line = `${JSON.stringify(entry)}\n`;
      pending.push(line);
      pendingChars += line.length;
      written++;
      if (pendingChars >= CHUNK_CHARS) flush();
    },
    finish() {
      flush();
      if (written === 0) write('\n');
    },
  };
}

/** A trace writer into a file (created or truncated); `finish` closes it. */
export function traceFileWriter(path: string): TraceWriter {
  const fd = openSync(path, 'w');
  const writer = traceWriter((text) => writeSync(fd, text));
  return {
    sink: writer.sink,
    finish() {
      writer.finish();
      closeSync(fd);
    },
  };
}
