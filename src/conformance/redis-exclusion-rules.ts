/**
 * The named rules by which a Redis replay leaves a comparison out, each with its reason: where a
 * real server is nondeterministic, or cannot be driven, in a way the model cannot mirror. A replay
 * counts every exclusion under its rule (ScheduleConformance.excluded); nothing is skipped
 * silently.
 */
export const REDIS_EXCLUSION_RULES = {
  'expiry-boundary':
    'a key whose model deadline lies within the expiry tolerance of the moment it is looked at, or within a stall of the replay (a busy machine held it back while the real clock ran past the deadline, and taking the time back cannot undo an expiry): the replay reaches the real server near the virtual time, not at it, so either answer is right; the key is then set to the model state',
  'eviction-sampled':
    "a key that one side evicted and the other did not: Redis's LRU samples keys (maxmemory-samples) on a 1 s clock and counts allocator bytes, the model evicts the exact least recently used key by its own byte count; only the class of evicted keys is compared",
  'oom-threshold':
    "a write that exactly one side refused with OOM: the budget is calibrated once, when the model first runs out, and the two count each key's bytes differently afterwards",
  'machine-crash':
    "a machine crash (power loss) loses what the page cache held; the harness can SIGKILL a process but not drop a machine's page cache, so the restart is not compared and the real server is loaded with the model's image",
  'uncontrolled-server':
    'a crash, failover or eviction replayed on a server the harness does not run (--redis URL): it cannot be killed, failed over or given a memory budget, so the real server is made to hold what the model held after the event instead',
  'unmodelled-command':
    'a command the model refuses because it does not model it (its reply says so): nothing to compare, and it is not sent, so the real data stays as the model has it',
} as const;

export type RedisExclusionRule = keyof typeof REDIS_EXCLUSION_RULES;
