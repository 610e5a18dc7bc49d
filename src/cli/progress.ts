/**
 * A progress line on stderr for long runs: silent for the first second, and only on a terminal,
 * so quick commands and piped output stay clean. Uses the real clock: it measures the user's wait.
 */
import { performance } from 'node:perf_hooks';

export interface Progress {
  /** `label done/total runs (n%)`. */
  update(done: number, total: number): void;
  /** Any one-line status. */
  show(text: string): void;
  finish(): void;
}

export function progressOnStderr(label: string): Progress {
  const startedMs = performance.now();
  const enabled = process.stderr.isTTY === true;
  let shown = false;
  const show = (text: string) => {
    if (!enabled || performance.now() - startedMs < 1000) return;
    shown = true;
    process.stderr.write(`\r\x1b[K${text}`);
  };
  return {
    update: (done, total) => show(`${label} ${done}/${total} runs (${Math.floor((done / total) * 100)}%)`),
    show,
    finish() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
