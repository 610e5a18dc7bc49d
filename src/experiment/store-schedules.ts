/**
 * The schedules a run's store servers executed, one per server node, for `idemsim conform` to
 * replay on real servers (src/conformance/). Recorded only when a run asks for them
 * (`recordStoreSchedules`).
 */
import type { PgSchedule } from '../components/postgres/schedule-format.js';
import type { RedisSchedule } from '../components/redis/schedule-types.js';

export interface StoreSchedules {
  /** One per PostgreSQL server node. */
  readonly postgres?: PgSchedule[];
  /** One per Redis server node (its replica's view is inside: failovers, what the copy lacked). */
  readonly redis?: RedisSchedule[];
}
