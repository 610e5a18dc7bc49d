/**
 * Availability as the client sees it: how many payments went through, and how many attempts
 * met an error (an error status, a refused connection or a timeout).
 */
import type { HistoryRecords } from '../components/history.js';

export interface Availability {
  /** Payments the client was told succeeded, over all payments (0..1; 1 when there are none). */
  readonly successRate: number;
  /** Attempts that got no 2xx, over all attempts (0..1; 0 when there are none). */
  readonly attemptErrorRate: number;
  /** Error answers by kind: an HTTP status ("409", "503"), "timeout" or "refused". */
  readonly errorsByKind: Readonly<Record<string, number>>;
}

export function checkAvailability(history: HistoryRecords): Availability {
  const { intents, attempts } = history;
  const errorsByKind: Record<string, number> = {};
  let errors = 0;
  for (const attempt of attempts) {
    if (attempt.outcome === 'ok') continue;
    errors++;
    const kind =
      attempt.status !== null ? String(attempt.status) : attempt.outcome === 'info' ? 'timeout' : 'refused';
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  }
  const succeeded = intents.filter((intent) => intent.result === 'succeeded').length;
  return {
    successRate: intents.length === 0 ? 1 : succeeded / intents.length,
    attemptErrorRate: attempts.length === 0 ? 0 : errors / attempts.length,
    errorsByKind: sortedByKey(errorsByKind),
  };
}

/** Stable key order, so JSON output is byte-stable whatever order errors happened in. */
function sortedByKey(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
