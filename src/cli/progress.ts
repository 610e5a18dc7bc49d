/**
 * A progress line on stderr for long runs: silent for the first second, and only on a terminal,
 * so quick commands and piped output stay clean. Uses the real clock: it measures the user's wait.
 */
import { performance } from 'node:perf_hooks';

export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export function progressOnStderr(label: string): Progress {
  const startedMs = performance.now();
  const enabled = process.stderr.isTTY === true;
  let shown = false;
  return {
    update(done, total) {
      if (!enabled || performance.now() - startedMs < 1000) return;
      shown = true;
      process.stderr.write(`\r${label} ${done}/${total} runs (${Math.floor((done / total) * 100)}%)`);
    },
    finish() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
