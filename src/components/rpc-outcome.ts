/**
 * Ports speak exceptions, like real client libraries: an RPC's info (timeout) becomes
 * CallTimeoutError and its fail (refused) becomes CallRefusedError.
 */
import type { RpcOutcome } from '../world/rpc.js';
import { CallRefusedError, CallTimeoutError } from './port/port.js';

export function valueOrThrow<T>(target: string, outcome: RpcOutcome<T>): T {
  if (outcome.type === 'ok') return outcome.value;
  if (outcome.type === 'info') throw new CallTimeoutError(target);
  throw new CallRefusedError(target);
}
