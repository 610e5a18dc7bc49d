/**
 * What a recorded statement or answer is, as the replay needs to know it: a session's start and
 * end, and a serialization failure only the real server gave.
 */
import type { PgAnswer } from '../components/postgres/schedule-format.js';
import type { RealPgAnswer } from './postgres-answer.js';

export function isBegin(sql: string): boolean {
  return /^\s*(begin|start\s+transaction)\b/i.test(sql);
}

export function endsSession(sql: string): boolean {
  return /^\s*(commit|rollback|end|abort)\b/i.test(sql);
}

/** The real server said 40001 (could not serialize) where the model answered otherwise. */
export function isSerializationFailureOnlyReal(model: PgAnswer, real: RealPgAnswer): boolean {
  return !real.ok && real.code === '40001' && (model.ok || model.code !== '40001');
}
