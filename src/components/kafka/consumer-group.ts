/**
 * Runs a consumer group: one member on each given node, as a node daemon, so a node that crashes
 * and restarts rejoins the group as a new member (its old member lingers until its session
 * times out, as in Kafka). The group object records every hand-over (see consumption-log.ts) and
 * carries the slow-consumer fault's per-node delay.
 */
import type { FaultCause } from '../../world/exposure.js';
import type { Node } from '../../world/node.js';
import type { World } from '../../world/world.js';
import {
  resolveConsumerSettings,
  type ConsumerGroupOptions,
  type ConsumerSettings,
  type RecordHandler,
} from './consumer-options.js';
import { runMember } from './consumer-member.js';
import { ConsumptionLog } from './consumption-log.js';

export class KafkaConsumerGroup {
  readonly consumption = new ConsumptionLog();
  private readonly slowdowns = new Map<string, { readonly delayMs: number; readonly cause?: FaultCause }>();

  constructor(
    readonly settings: ConsumerSettings,
    /** The nodes a member runs on. */
    readonly nodeNames: readonly string[],
  ) {}

  get groupId(): string {
    return this.settings.groupId;
  }

  /** Adds `delayMs` of processing before each record handled on the node from now on (0 ends it). */
  setSlowdown(nodeName: string, delayMs: number, cause?: FaultCause): void {
    if (delayMs > 0) this.slowdowns.set(nodeName, cause === undefined ? { delayMs } : { delayMs, cause });
    else this.slowdowns.delete(nodeName);
  }

  slowdownMs(nodeName: string): number {
    return this.slowdowns.get(nodeName)?.delayMs ?? 0;
  }

  /** The fault that slowed the node down, while it is slowed by one. */
  slowdownCause(nodeName: string): FaultCause | undefined {
    return this.slowdowns.get(nodeName)?.cause;
  }
}

/**
 * Starts a member on each node. `handlerFor` builds the node's handler once (a strategy's
 * consumer worker with a port whose calls leave from that node).
 */
export function startConsumerGroup(
  world: World,
  brokerNode: string,
  nodes: readonly Node[],
  handlerFor: (node: Node) => RecordHandler,
  options: ConsumerGroupOptions,
): KafkaConsumerGroup {
  const settings = resolveConsumerSettings(options);
  const group = new KafkaConsumerGroup(
    settings,
    nodes.map((node) => node.name),
  );
  for (const node of nodes) {
    const slowdownMs = (): number => group.slowdownMs(node.name);
    const slowdownCause = (): FaultCause | undefined => group.slowdownCause(node.name);
    const handler = handlerFor(node);
    const consumption = group.consumption;
    const ctx = { world, node, brokerNode, settings, handler, consumption, slowdownMs, slowdownCause };
    node.daemon(`kafka-consumer:${settings.groupId}`, () => runMember(ctx));
  }
  return group;
}
