/**
 * A small world for the Kafka tests: a broker, a payment provider, and helpers that turn the
 * trace into whole-log lines ("t type field=value ...") with virtual timestamps.
 */
import { sleep, type Proc } from '../../../src/engine/effects.js';
import { Simulation } from '../../../src/engine/simulation.js';
import type { TraceEntry } from '../../../src/engine/trace.js';
import { CHARGE_METHOD, PaymentProvider } from '../../../src/components/payment-provider.js';
import { startConsumerGroup } from '../../../src/components/kafka/consumer-group.js';
import type { CommitMode, RecordHandler } from '../../../src/components/kafka/consumer-options.js';
import type { Consumption } from '../../../src/components/kafka/consumption-log.js';
import { registerKafkaFaults } from '../../../src/components/kafka/kafka-faults.js';
import { KafkaProducer } from '../../../src/components/kafka/kafka-producer.js';
import { KafkaBroker } from '../../../src/components/kafka/kafka-broker.js';
import { Nemesis, type FaultPlan } from '../../../src/world/nemesis.js';
import { call } from '../../../src/world/rpc.js';
import { World } from '../../../src/world/world.js';

export const TOPIC = 'payments';

/** Short Kafka timings so that a rebalance fits in a readable log. */
export const FAST_GROUP = {
  sessionTimeoutMs: 300,
  heartbeatIntervalMs: 100,
  maxPollIntervalMs: 1000,
  fetchMaxWaitMs: 50,
  requestTimeoutMs: 200,
  retryBackoffMs: 10,
} as const;

export function kafkaWorld(partitions = 1) {
  const sim = new Simulation({ seed: 1 });
  const world = new World(sim, { defaultLink: { latency: { kind: 'constant', ms: 1 }, lossProbability: 0 } });
  const broker = new KafkaBroker(world, world.addNode('kafka'), {
    topics: { [TOPIC]: partitions },
    initialRebalanceDelayMs: 20,
  });
  const provider = new PaymentProvider(
    world,
    world.addNode('psp'),
    { latency: { kind: 'constant', ms: 10 }, idempotency: { enabled: false, retentionMs: 0 } },
    sim.rng.fork('psp'),
  );
  const nemesis = new Nemesis(world);
  return { sim, world, broker, provider, nemesis };
}

/** The consumer worker of the tests: `workMs` of work, then one charge from the consumer's node. */
export function charging(world: World, nodeName: string, workMs = 0): RecordHandler {
  return function* (record): Proc {
    if (workMs > 0) yield* sleep(workMs);
    const request = { amount: 1000, currency: 'EUR', reference: `${record.partition}@${record.offset}` };
    yield* call(world, nodeName, 'psp', CHARGE_METHOD, request, { timeoutMs: 1000 });
  };
}

/** At t=50 a transactional producer starts, sends one record for pay-1 in a transaction, and aborts it. */
export function* abortOneRecord(producer: KafkaProducer): Proc {
  yield* sleep(50);
  yield* producer.initTransactions();
  producer.beginTransaction();
  yield* producer.send(TOPIC, { key: 'pay-1', value: null });
  yield* producer.abortTransaction();
}

/** What the Kafka tests are about: the Kafka model's own events, crashes, charges and drops. */
const INTERESTING = /^(kafka\.|node\.|psp\.charge$|msg\.drop$)/;
/** Fields that repeat on every line of a one-group test and would only add noise. */
const NOISE = new Set(['t', 'type', 'group', 'topic', 'call', 'amount']);

export function kafkaLog(trace: readonly TraceEntry[], exclude: readonly string[] = []): string[] {
  return trace
    .filter((entry) => INTERESTING.test(entry.type) && !exclude.includes(entry.type))
    .map((entry) => {
      const fields = Object.entries(entry)
        .filter(([name, value]) => !NOISE.has(name) && value !== null)
        .map(([name, value]) => `${name}=${String(value)}`);
      return [entry.t, entry.type, ...fields].join(' ');
    });
}

/** One partition, members on c1 and c2, one record for pay-1 produced at t=50. */
export function runOneRecord(
  commitMode: CommitMode,
  faults: FaultPlan,
  workMs = 0,
  autoCommitIntervalMs = 5000,
) {
  const setup = kafkaWorld();
  const { world } = setup;
  const consumers = [world.addNode('c1'), world.addNode('c2')];
  const group = startConsumerGroup(world, 'kafka', consumers, (node) => charging(world, node.name, workMs), {
    groupId: 'charger',
    topic: TOPIC,
    commitMode,
    autoCommitIntervalMs,
    ...FAST_GROUP,
  });
  registerKafkaFaults(setup.nemesis, world, [group]);
  const service = world.addNode('svc');
  const producer = new KafkaProducer(world, service, 'kafka');
  function* publish(): Proc {
    yield* sleep(50);
    yield* producer.send(TOPIC, { key: 'pay-1', value: { amount: 1000 } });
  }
  service.spawn(publish(), 'publish', { intentId: 'pay-1' });
  setup.nemesis.schedule(faults);
  return { ...setup, group };
}

export const ledgerOf = (ledger: readonly { atMs: number; intentId: string | null }[]): string[] =>
  ledger.map((entry) => `${entry.atMs} ${entry.intentId}`);

export function describeConsumption(entry: Consumption): string {
  const finished = entry.finishedAtMs === null ? 'never finished' : `finished ${entry.finishedAtMs}`;
  return `${entry.member} gen ${entry.generation} offset ${entry.offset} ${entry.intentId}: consumed ${entry.consumedAtMs}, ${finished} (${entry.outcome})`;
}
