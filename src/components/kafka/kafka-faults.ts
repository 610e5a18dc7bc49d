/**
 * Kafka's faults for the fault plan. A consumer crash is the world's node crash (its member's
 * processes die, its session expires, the group rebalances), and a broker crash or partition is
 * the world's too; what Kafka adds is the slow consumer: handling that takes longer than usual
 * for a while (a slow downstream, a CPU-starved pod), which is what pushes a member past
 * max.poll.interval.ms while it still works, making it a zombie.
 */
import type { Nemesis } from '../../world/nemesis.js';
import type { World } from '../../world/world.js';
import type { KafkaConsumerGroup } from './consumer-group.js';

/** A type alias, not an interface, so it satisfies the nemesis's open AnyFault shape. */
export type SlowConsumerFault = {
  readonly kind: 'slow-consumer';
  /** The consumer node whose record handling slows down. */
  readonly node: string;
  /** Extra processing time before each record's handler runs, ms. */
  readonly delayMs: number;
  /** How long the slowdown lasts, ms (default: to the end of the run). */
  readonly durationMs?: number;
};

export type KafkaFault = SlowConsumerFault;

export function registerKafkaFaults(
  nemesis: Nemesis,
  world: World,
  groups: readonly KafkaConsumerGroup[],
): void {
  const { sim } = world;
  nemesis.register<SlowConsumerFault>('slow-consumer', (fault, cause) => {
    // A strategy without consumers runs no group on the consumer nodes: the slowdown meets no work.
    const affected = groups.filter((group) => group.nodeNames.includes(fault.node));
    if (affected.length === 0) return;
    for (const group of affected) group.setSlowdown(fault.node, fault.delayMs, cause);
    sim.trace.record(sim.now, 'kafka.slow-consumer', { node: fault.node, delayMs: fault.delayMs });
    if (fault.durationMs === undefined) return;
    sim.schedule(
      fault.durationMs,
      () => {
        for (const group of affected) group.setSlowdown(fault.node, 0);
        sim.trace.record(sim.now, 'kafka.slow-consumer', { node: fault.node, delayMs: 0 });
      },
      'fault:slow-consumer-end',
    );
  });
}
