/**
 * The context a strategy's code runs with: the port of the node it runs on, and its settings.
 */
import type { ServicePort } from '../components/port/port.js';
import type { StrategyContext } from '../strategies/strategy.js';

/**
 * What `{ ...port, config }` makes, spelled out: every request a service instance handles gets
 * one. V8 (Node 20) gives every object that a spread copies and then adds a property to a map
 * of its own once the code is optimized (about 0.5 µs each, and every `ctx.db` the strategy reads
 * a map it has not seen). Exact: a ServicePort (made by makeServicePort) has these fields, in
 * this order; strategy-context.test.ts checks it against the spread.
 */
export function strategyContext<Config>(port: ServicePort, config: Config): StrategyContext<Config> {
  return {
    psp: port.psp,
    payments: port.payments,
    db: port.db,
    redis: port.redis,
    kafka: port.kafka,
    sleep: port.sleep,
    now: port.now,
    config,
  };
}
