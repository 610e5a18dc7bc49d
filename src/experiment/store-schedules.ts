/**
 * The schedules a run's store servers executed, one per server node, for `idemsim conform` to
 * replay on real servers (src/conformance/). Recorded only when a run asks for them
 * (`recordStoreSchedules`).
 *
 * Redis's schedules (`redis?: RedisSchedule[]`, src/components/redis/schedule-*) join this shape
 * when that recording is merged.
 */
import type { PgSchedule } from '../components/postgres/schedule-format.js';

export interface StoreSchedules {
  /** One per PostgreSQL server node. */
  readonly postgres?: PgSchedule[];
}
