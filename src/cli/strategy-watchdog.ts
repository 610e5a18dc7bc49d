/**
 * The watchdog for a user's strategy that never yields back: a synchronous endless loop cannot be
 * interrupted in its own thread, so its runs go to a worker thread, which tells this one through
 * shared memory when strategy code starts and stops running; the main thread terminates a worker
 * whose strategy code has run for longer than the budget without yielding, and reports where.
 *
 * The memory holds: [0] 1 while strategy code runs, [1] how many times it started, [2] the byte
 * length of the label (which strategy, payment and last port call), then the label's bytes.
 */
import type { StrategyMonitor } from '../experiment/strategy-watch.js';

/** Wall time one resume of strategy code may take before its worker is stopped, ms. */
export const STEP_BUDGET_MS = 5_000;

const HEADER_BYTES = 12;
const LABEL_BYTES_MAX = 500;

export function watchdogMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + LABEL_BYTES_MAX);
}

/** The worker's side: writes what runs into the shared memory. */
export function sharedMonitor(memory: SharedArrayBuffer): StrategyMonitor {
  const words = new Int32Array(memory, 0, 3);
  const bytes = new Uint8Array(memory, HEADER_BYTES);
  const encoder = new TextEncoder();
  let written = '';
  return {
    enter(where) {
      // Only a changed label is encoded: most resumes are the same body's.
      if (where !== written) {
        written = where;
        Atomics.store(words, 2, encoder.encodeInto(where, bytes).written);
      }
      Atomics.add(words, 1, 1);
      Atomics.store(words, 0, 1);
    },
    leave() {
      Atomics.store(words, 0, 0);
    },
  };
}

/**
 * The main thread's side: calls `onStuck` with the label once strategy code has run for
 * `budgetMs` without yielding back. Returns the function that stops watching.
 */
export function watchStrategy(
  memory: SharedArrayBuffer,
  onStuck: (where: string) => void,
  budgetMs: number = STEP_BUDGET_MS,
): () => void {
  const words = new Int32Array(memory, 0, 3);
  const pollMs = Math.min(250, budgetMs);
  let seen = -1;
  let stalledMs = 0;
  const timer = setInterval(() => {
    const started = Atomics.load(words, 1);
    if (Atomics.load(words, 0) === 0 || started !== seen) {
      seen = started;
      stalledMs = 0;
      return;
    }
    stalledMs += pollMs;
    if (stalledMs < budgetMs) return;
    clearInterval(timer);
    const length = Atomics.load(words, 2);
    onStuck(new TextDecoder().decode(new Uint8Array(memory, HEADER_BYTES, length).slice()));
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
