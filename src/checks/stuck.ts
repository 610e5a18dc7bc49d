/**
 * Stuck: a payment the client could not complete because the server kept saying another
 * attempt was in flight (its last answer was 409), or that was still retrying when the run
 * ended. A claim whose owner died holds the key until a TTL, a lease or a completer frees it.
 */
import type { HistoryRecords } from '../components/history.js';

export function checkStuck(history: HistoryRecords): readonly string[] {
  return history.intents
    .filter(
      (intent) =>
        intent.result === 'pending' || (intent.result !== 'succeeded' && intent.finalStatus === 409),
    )
    .map((intent) => intent.intentId);
}
