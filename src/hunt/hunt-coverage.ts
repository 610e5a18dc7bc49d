/**
 * What a hunt has tried so far: how many cases, which kinds of fault, and how far each knob (the
 * strategy's settings, the client's policy, the workload, the provider's latency) was turned.
 *
 * A long hunt (`--time 1h`) adds every case it runs, so this keeps counts and ranges only: its
 * size depends on how many kinds and knobs the space has, never on how many cases ran.
 */
import type { HuntCase } from './hunt-case.js';

/** How often a knob was turned away from the base scenario, and the smallest and largest value tried. */
export interface KnobRange {
  readonly cases: number;
  readonly min: number;
  readonly max: number;
}

export interface CoverageSummary {
  /** Cases run. */
  readonly cases: number;
  /** Faults tried, by kind (a case may hold several). */
  readonly faultKinds: Readonly<Record<string, number>>;
  /** Cases by how many faults they held: index 0 is cases without a fault. */
  readonly casesByFaults: readonly number[];
  /** The strategy's settings by name (`lockTtlMs`), when turned. */
  readonly settings: Readonly<Record<string, KnobRange>>;
  /** Everything else a case turns: `payments`, `client.timeoutMs`, `provider.medianMs`, `instances`... */
  readonly knobs: Readonly<Record<string, KnobRange>>;
  /** Cases that sent every payment twice at once. */
  readonly doubleSubmits: number;
}

interface MutableRange {
  cases: number;
  min: number;
  max: number;
}

export class HuntCoverage {
  private cases = 0;
  private doubleSubmits = 0;
  private readonly faultKinds = new Map<string, number>();
  private readonly casesByFaults: number[] = [];
  private readonly settings = new Map<string, MutableRange>();
  private readonly knobs = new Map<string, MutableRange>();

  add(huntCase: HuntCase): void {
    this.cases++;
    if (huntCase.doubleSubmit) this.doubleSubmits++;
    this.casesByFaults[huntCase.faults.length] = (this.casesByFaults[huntCase.faults.length] ?? 0) + 1;
    for (const fault of huntCase.faults)
      this.faultKinds.set(fault.kind, (this.faultKinds.get(fault.kind) ?? 0) + 1);
    for (const [name, value] of Object.entries(huntCase.settings)) widen(this.settings, name, value);
    widen(this.knobs, 'payments', huntCase.payments);
    for (const [name, value] of Object.entries(huntCase.client)) widen(this.knobs, `client.${name}`, value);
    if (huntCase.instances !== undefined) widen(this.knobs, 'instances', huntCase.instances);
    if (huntCase.providerLatency !== undefined) {
      widen(this.knobs, 'provider.medianMs', huntCase.providerLatency.medianMs);
      widen(this.knobs, 'provider.sigma', huntCase.providerLatency.sigma);
    }
  }

  /** A copy, as plain data (for a report, or a message from another thread). */
  summary(): CoverageSummary {
    const frozen = (ranges: Map<string, MutableRange>): Record<string, KnobRange> =>
      Object.fromEntries([...ranges].map(([name, range]) => [name, { ...range }]));
    return {
      cases: this.cases,
      faultKinds: Object.fromEntries(this.faultKinds),
      casesByFaults: Array.from(this.casesByFaults, (count) => count ?? 0),
      settings: frozen(this.settings),
      knobs: frozen(this.knobs),
      doubleSubmits: this.doubleSubmits,
    };
  }
}

function widen(ranges: Map<string, MutableRange>, name: string, value: number): void {
  const range = ranges.get(name);
  if (range === undefined) {
    ranges.set(name, { cases: 1, min: value, max: value });
    return;
  }
  range.cases++;
  range.min = Math.min(range.min, value);
  range.max = Math.max(range.max, value);
}
