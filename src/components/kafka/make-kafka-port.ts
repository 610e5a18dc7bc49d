/**
 * Builds the Kafka port (port/kafka-port.ts) for code on one node: `produce` through that node's
 * own producer.
 */
import type { World } from '../../world/world.js';
import type { KafkaPort } from '../port/kafka-port.js';
import { KafkaProducer } from './kafka-producer.js';
import type { ProducerOptions } from './producer-options.js';

/** Producer options for the port: not transactional (each produce is its own unit). */
export type KafkaPortOptions = Omit<ProducerOptions, 'transactionalId'>;

/** The port for code on `fromNode`: one producer for that node, built once per call of this. */
export function makeKafkaPort(
  world: World,
  fromNode: string,
  brokerNode: string,
  options: KafkaPortOptions = {},
): KafkaPort {
  const producer = new KafkaProducer(world, world.node(fromNode), brokerNode, options);
  return { produce: (topic, record) => producer.send(topic, record) };
}
