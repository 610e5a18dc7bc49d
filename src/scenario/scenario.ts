/**
 * A scenario: the world, the workload and the faults one experiment runs, as plain data.
 *
 * Scenario files (YAML) are parsed into this shape; the walking skeleton builds it in code.
 */
import type { ClientOptions, WorkloadOptions } from '../components/client-workload.js';
import type { PaymentProviderOptions } from '../components/payment-provider.js';
import type { ServiceOptions } from '../components/service-instance.js';
import type { LinkOptions } from '../world/network.js';
import type { FaultPlan } from '../world/nemesis.js';

export interface Scenario {
  /** Short id, kebab-case ("01-timeout-retry"). */
  readonly name: string;
  /** One line for tables. */
  readonly title: string;
  /** The plain-language story of what happens and why it matters. */
  readonly story: string;
  /** Seed used when none is given. */
  readonly seed: number;
  /** The run stops at this virtual time, ms, whatever is still going on. */
  readonly horizonMs: number;
  readonly workload: WorkloadOptions;
  readonly client: ClientOptions;
  /** Every link's latency and loss, unless a fault changes it. */
  readonly network: LinkOptions;
  readonly provider: PaymentProviderOptions;
  readonly service: Omit<ServiceOptions, 'providerNode'>;
  readonly faults: FaultPlan;
}
