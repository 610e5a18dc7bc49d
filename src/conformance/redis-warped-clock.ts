/**
 * The real server's clock as the replay sees it: virtual time, compressed where the schedule is
 * idle.
 *
 * Redis reads its own wall clock; nothing can set it. A replay that slept through every gap of
 * virtual time would take as long as the simulated run, so a gap longer than the real-time limit
 * is jumped instead: one script moves every key's deadline on the real server that much earlier
 * (PEXPIREAT to PEXPIRETIME minus the jump), which is what the clock moving forward would do to
 * them; a deadline it moves into the past deletes the key, as expiry does. Which keys go is still
 * the real server's decision from deadlines it computed itself. The same move backwards (deadlines
 * later) takes back the real time a busy replay falls behind the virtual one.
 *
 * virtual(real) = real - startMs + warpMs, where warpMs is the total jumped.
 */
import type { WallClock } from './wall-clock.js';
import type { Redis } from 'ioredis';

/**
 * Moves every deadline in the database by -shift ms and returns the shift; a deadline moved into
 * the past deletes its key. With ARGV[1] = 'to', the shift is computed from the server's own clock
 * (TIME) so that it then reads virtual ARGV[2] (ARGV[3] = startMs - warpMs): a busy machine that
 * delivers the script late does not make it jump too far. allow-oom: time passes on a server that
 * is out of memory too.
 */
const WARP_SCRIPT = `#!lua flags=allow-oom
local shift = tonumber(ARGV[2])
if ARGV[1] == 'to' then
  local time = redis.call('TIME')
  local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  shift = tonumber(ARGV[2]) - (nowMs - tonumber(ARGV[3]))
end
local moved = 0
for _, key in ipairs(redis.call('KEYS', '*')) do
  local at = redis.call('PEXPIRETIME', key)
  if at > 0 then
    redis.call('PEXPIREAT', key, at - shift)
    moved = moved + 1
  end
end
return shift`;

export class WarpedClock {
  private readonly startMs: number;
  private warpMs = 0;

  constructor(private readonly wall: WallClock) {
    this.startMs = wall.nowMs();
  }

  /** The virtual time the real servers' clocks now stand for, ms. */
  virtualNow(): number {
    return this.wall.nowMs() - this.startMs + this.warpMs;
  }

  /**
   * Moves the real servers' clocks (forward or back) so that they read virtual `atMs`, by moving
   * their deadlines. The first server's own clock decides the shift; the others get the same.
   */
  async warpTo(atMs: number, servers: readonly Redis[]): Promise<void> {
    const [first, ...others] = servers;
    if (first === undefined) return;
    const base = String(this.startMs - this.warpMs);
    const shift = Number(await first.eval(WARP_SCRIPT, 0, 'to', String(Math.round(atMs)), base));
    await Promise.all(others.map((server) => server.eval(WARP_SCRIPT, 0, 'by', String(shift))));
    this.warpMs += shift;
  }

  /** The total jumped so far, ms. */
  get warpedMs(): number {
    return this.warpMs;
  }

  /**
   * Data that missed jumps (an RDB file written before them, loaded again): moves its deadlines by
   * what the clock jumped since `sinceWarpedMs`, leaving the clock as it is.
   */
  async catchUp(sinceWarpedMs: number, server: Redis): Promise<void> {
    const shift = this.warpMs - sinceWarpedMs;
    if (shift !== 0) await server.eval(WARP_SCRIPT, 0, 'by', String(shift));
  }

  /** A real PEXPIRETIME (the last real ms the key lives) as the model's deadline (the first virtual ms it is gone). */
  virtualDeadline(pexpiretimeMs: number): number {
    return pexpiretimeMs + 1 - this.startMs + this.warpMs;
  }

  /** The real PXAT that makes a key gone from the model's deadline on. */
  realExpireAt(deadlineMs: number): number {
    return deadlineMs - 1 + this.startMs - this.warpMs;
  }

  /** A virtual absolute time (ms since the virtual epoch) as real unix ms. */
  realAt(virtualMs: number): number {
    return virtualMs + this.startMs - this.warpMs;
  }
}
