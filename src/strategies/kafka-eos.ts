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
 * and double submits (rows 1, 2, 13: each is a new record), a consumer crash before its commit
 * (row 3), processing past max.poll.interval (row 4, the zombie still charges), a producer
 * without idempotence resending after a lost ack (row 15), and with commit-before-processing a
 * crash loses the payment (row 14). It answers fast and charges late.
 */
import type { PaymentBody } from '../components/http.js';
import { PAYMENTS_TOPIC } from '../components/port.js';
import type { Strategy } from './strategy.js';

export const kafkaEos: Strategy<Record<string, never>> = {
  name: 'kafka-eos',
  summary: 'Publish the request to Kafka, answer 202; a consumer charges and commits its offset',
  assumes:
    "Kafka's exactly-once reaches the provider; consumers never die or stall between charge and commit.",
  breaksUnder:
    'Rows 1-5, 10, 12-13 (every repeat is a new record; redelivery after crash or rebalance), 14 (L), 15.',
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
