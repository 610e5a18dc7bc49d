/**
 * `redis-setnx`: the guide's option B. Claim the key with `SET key in-progress NX PX ttl`; if the
 * claim fails, return whatever is cached; else charge, record the payment in the service's
 * payments table (its own statement), and cache the result with a TTL. A record write that fails
 * after the charge answers 500 and leaves the in-progress marker until its TTL.
 *
 * Faithful to the guide's code, a loser that arrives while the first attempt is still running is
 * answered 200 with the cached value, which is the literal marker `in-progress` (measured on
 * Redis 7: that is what the code returns). If the first attempt then never charges, that client
 * was told success for a payment that was never made. `loserAnswer: 409` answers 409 instead.
 *
 * Assumes: the lock outlives the work (TTL > the provider's tail plus any pause), Redis keeps
 * acknowledged writes, and nothing evicts the keys. Breaks under: a crash after charging once the
 * TTL frees the key (04-crash-after-charge), a pause or slow provider past the TTL
 * (05-lease-outlived, Kleppmann's pause), a late retry after the result expired (06-key-forgotten),
 * failover, restart and eviction losing the key (07-redis-failover, 08-redis-restart,
 * 09-redis-eviction), failing open in a partition (10-store-partition), a reused key with another
 * payload (11-key-reused-other-payload: wrong replay), a provider timeout (12-provider-reply-lost),
 * a new key per retry (13-new-key-per-retry).
 */
import { CallRefusedError, CallTimeoutError } from '../components/port/port.js';
import type { HttpResponse, PaymentRequest } from '../components/port/http.js';
import type { Proc } from '../engine/effects.js';
import type { Strategy, StrategyContext } from './strategy.js';

export interface RedisSetnxConfig {
  /** How long the in-progress lock lives, ms (default 10 000). */
  readonly lockTtlMs: number;
  /** How long a finished result stays cached, ms (default 86 400 000: 24 h). */
  readonly resultTtlMs: number;
  /** What a loser gets while the lock is held: 'in-progress' (the guide: 200 + marker) or '409'. */
  readonly loserAnswer: 'in-progress' | '409';
  /** When Redis cannot be reached: 'fail-closed' (503) or 'fail-open' (charge unprotected). */
  readonly whenUnavailable: 'fail-closed' | 'fail-open';
}

const IN_PROGRESS = 'in-progress';

export const redisSetnx: Strategy<RedisSetnxConfig> = {
  name: 'redis-setnx',
  summary: 'Claim the key with SET NX PX, charge, cache the response with a TTL',
  assumes: 'The lock TTL outlives every charge and pause; Redis never loses or evicts an acknowledged key.',
  breaksUnder:
    'A crash or pause that outlives the lock (04-crash-after-charge, 05-lease-outlived); a key that expired, failed over, restarted away or was evicted (06-key-forgotten, 07-redis-failover, 08-redis-restart, 09-redis-eviction); a reused key (11-key-reused-other-payload: wrong replay); a provider timeout (12-provider-reply-lost); a new key per retry (13-new-key-per-retry); failing open in a partition (10-store-partition).',
  defaults: {
    lockTtlMs: 10_000,
    resultTtlMs: 86_400_000,
    loserAnswer: 'in-progress',
    whenUnavailable: 'fail-closed',
  },
  validateConfig(config) {
    const problems: string[] = [];
    if (!['in-progress', '409'].includes(config.loserAnswer))
      problems.push('loserAnswer: expected "in-progress" or "409"');
    if (!['fail-closed', 'fail-open'].includes(config.whenUnavailable))
      problems.push('whenUnavailable: expected "fail-closed" or "fail-open"');
    return problems;
  },
  *handle(request, ctx) {
    if (request.key === null) return { status: 400, body: { error: 'missing Idempotency-Key' } };
    const lockKey = `idem:${request.key}`;
    let claimed: 'OK' | null;
    try {
      claimed = yield* ctx.redis.set(lockKey, IN_PROGRESS, 'PX', ctx.config.lockTtlMs, 'NX');
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      if (ctx.config.whenUnavailable === 'fail-closed')
        return { status: 503, body: { error: 'idempotency store unavailable' } };
      return yield* charge(request, ctx);
    }
    if (claimed === null) return yield* replayOrConflict(lockKey, ctx);
    const response = yield* charge(request, ctx);
    yield* ctx.redis.set(lockKey, JSON.stringify(response), 'PX', ctx.config.resultTtlMs);
    return response;
  },
};

function* charge(request: PaymentRequest, ctx: StrategyContext<RedisSetnxConfig>): Proc<HttpResponse> {
  const charged = yield* ctx.psp.charge({ amount: request.body.amount, currency: request.body.currency });
  yield* ctx.payments.record(charged, request.key);
  return { status: 201, body: charged };
}

/** The guide's loser path: return what is cached, which may be the in-progress marker itself. */
function* replayOrConflict(lockKey: string, ctx: StrategyContext<RedisSetnxConfig>): Proc<HttpResponse> {
  const cached = yield* ctx.redis.get(lockKey);
  if (cached === null) return { status: 409, body: { error: 'retry: the previous attempt just expired' } };
  if (cached === IN_PROGRESS) {
    if (ctx.config.loserAnswer === '409')
      return { status: 409, body: { error: 'a request with this key is in progress' } };
    return { status: 200, body: IN_PROGRESS };
  }
  return JSON.parse(cached) as HttpResponse;
}

function isUnreachable(error: unknown): boolean {
  return error instanceof CallTimeoutError || error instanceof CallRefusedError;
}
