/**
 * The context a strategy's code runs with: the port of the node it runs on, and its settings.
 */
import type { ServicePort } from '../components/port/port.js';
import { withFields } from '../engine/with-fields.js';
import type { StrategyContext } from '../strategies/strategy.js';

/**
 * What `{ ...port, config }` makes, the same fields in the same order; every request a service
 * instance handles gets one, and that spread is slow on Node 20 (see engine/with-fields.ts).
 */
export function strategyContext<Config>(port: ServicePort, config: Config): StrategyContext<Config> {
  return withFields(port, { config });
}
