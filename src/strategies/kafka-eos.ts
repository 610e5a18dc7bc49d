/**
 * `kafka-eos`: the guide's option C. Publish the payment request with an idempotent producer,
 * answer 202 at once, and let a consumer charge the provider, record the payment in the service's
 * payments table (its own statement) and commit its offset, trusting Kafka's "exactly-once"
 * settings. There is no deduplication by idempotency key. The handler charges nothing, so it has
 * nothing to record; a consumer whose record write fails after the charge throws, and the record
 * is read again and charged again.
 *
 * Kafka's exactly-once covers writes into Kafka (idempotent producer, transactions), not the
 * consumer's call to the outside world: a consumer that charged and then crashed, or overran
 * max.poll.interval, before committing its offset hands the record to another consumer, which
 * charges again. Assumes: nothing repeats a request before it reaches Kafka, and a consumer
 * never dies or stalls between charging and committing. Breaks under: client and gateway retries
 * and double submits (02-client-timeout-retry, 03-double-submit, 14-gateway-retries: each is a new
 * record), a consumer crash before its commit (04-crash-after-charge), processing past
 * max.poll.interval (05-lease-outlived, the zombie still charges), a provider timeout
 * (12-provider-reply-lost, the record is charged again), a producer without idempotence resending
 * after a lost ack (16-kafka-producer-without-idempotence), and with commit-before-processing a
 * crash loses the payment (15-kafka-commit-before-processing). It answers fast and charges late.
 */
import type { PaymentBody } from '../components/port/http.js';
import { PAYMENTS_TOPIC } from '../components/port/port.js';
import type { Strategy } from './strategy.js';

export const kafkaEos: Strategy<Record<string, never>> = {
  name: 'kafka-eos',
  summary: 'Publish the request to Kafka, answer 202; a consumer charges and commits its offset',
  assumes:
    "Kafka's exactly-once reaches the provider; consumers never die or stall between charge and commit.",
  breaksUnder:
    'Every repeat is a new record (02-client-timeout-retry, 03-double-submit, 06-key-forgotten, 11-key-reused-other-payload, 13-new-key-per-retry, 14-gateway-retries); a redelivery after a crash, a rebalance or a provider timeout (04-crash-after-charge, 05-lease-outlived, 12-provider-reply-lost); committing before processing loses payments (15-kafka-commit-before-processing); a producer without idempotence (16-kafka-producer-without-idempotence).',
  defaults: {},
  *handle(request, ctx) {
    yield* ctx.kafka.produce(PAYMENTS_TOPIC, { key: request.key, value: request.body });
    return { status: 202, body: { status: 'accepted' } };
  },
  *consume(record, ctx) {
    const body = record.value as PaymentBody;
    const charge = yield* ctx.psp.charge({ amount: body.amount, currency: body.currency });
    yield* ctx.payments.record(charge, record.key);
  },
};
