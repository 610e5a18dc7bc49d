/**
 * SET's options parsed the way Redis 7 parses them, so the mock sees only what it understands.
 *
 * Real Redis matches options case-insensitively and validates them; ioredis-mock matches only
 * upper-case tokens and silently ignores the rest (a lower-case `px 200 nx` overwrote the key and
 * dropped its TTL), accepts `PX 0` and negative expiries, and mishandles GET before an expiry and
 * KEEPTTL. So the server parses here, rejects what Redis rejects with Redis's messages, and hands
 * the mock one canonical order: NX|XX, then PX or PXAT, then GET. KEEPTTL is stripped and applied
 * by the store.
 */
import { RedisError } from '../port/redis-port.js';

export const SYNTAX_ERROR = 'ERR syntax error';
export const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';
export const INVALID_SET_EXPIRY = "ERR invalid expire time in 'set' command";

export interface SetOptions {
  /** The options for the mock, canonical and upper-case. */
  readonly mockOptions: readonly string[];
  /** Keep the key's current TTL (the mock would drop it). */
  readonly keepTtl: boolean;
}

type ExpiryUnit = 'EX' | 'PX' | 'EXAT' | 'PXAT';
type Expiry = { readonly unit: ExpiryUnit; readonly amount: number };

/** Parses `args` after key and value; throws RedisError as Redis 7 would reply. */
export function parseSetOptions(args: readonly string[]): SetOptions {
  let condition: 'NX' | 'XX' | undefined;
  let get = false;
  let keepTtl = false;
  let expiry: { readonly unit: ExpiryUnit; readonly text: string } | undefined;
  for (let index = 0; index < args.length; index++) {
    const option = (args[index] as string).toUpperCase();
    const next = args[index + 1];
    if (option === 'NX' || option === 'XX') {
      if (condition !== undefined && condition !== option) throw new RedisError(SYNTAX_ERROR);
      condition = option;
    } else if (option === 'GET') {
      get = true;
    } else if (option === 'KEEPTTL' && expiry === undefined) {
      keepTtl = true;
    } else if (isExpiryUnit(option) && next !== undefined && expiry === undefined && !keepTtl) {
      expiry = { unit: option, text: next };
      index++;
    } else {
      throw new RedisError(SYNTAX_ERROR);
    }
  }
  // As in Redis, the number is checked only once the options parse.
  const amount = expiry === undefined ? undefined : parseInteger(expiry.text);
  if (amount !== undefined && amount <= 0) throw new RedisError(INVALID_SET_EXPIRY);
  const parsed = expiry === undefined || amount === undefined ? undefined : { unit: expiry.unit, amount };
  return {
    mockOptions: [...(condition ? [condition] : []), ...mockExpiry(parsed), ...(get ? ['GET'] : [])],
    keepTtl,
  };
}

function isExpiryUnit(option: string): option is ExpiryUnit {
  return option === 'EX' || option === 'PX' || option === 'EXAT' || option === 'PXAT';
}

/** Redis's string2ll: an optional minus sign and digits, nothing else. */
export function parseInteger(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new RedisError(NOT_AN_INTEGER);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RedisError(NOT_AN_INTEGER);
  return value;
}

/**
 * Relative expiries become PX; absolute ones become PXAT plus half a millisecond, because the
 * store's clock presentation (mock-store.ts) adds the other half to every new expiry.
 */
function mockExpiry(expiry: Expiry | undefined): string[] {
  if (expiry === undefined) return [];
  switch (expiry.unit) {
    case 'PX':
      return ['PX', String(expiry.amount)];
    case 'EX':
      return ['PX', String(expiry.amount * 1000)];
    case 'PXAT':
      return ['PXAT', String(expiry.amount + 0.5)];
    case 'EXAT':
      return ['PXAT', String(expiry.amount * 1000 + 0.5)];
  }
}
