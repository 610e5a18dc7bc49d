/**
 * Was the strategy tried at all? Reads the world's exposure notes (world/exposure.ts): which
 * faults of the plan touched the work done for some payment intent, and how many times an
 * intent came back to the code under test (a retry, a double submit, a gateway retry, a
 * redelivery).
 *
 * A run is exercised when a fault touched the work or a repeat reached it. A run that shows no
 * harm and was not exercised proves nothing about the strategy: the report marks it untouched
 * instead of ok.
 */
import type { ExposureRecords } from '../world/exposure.js';

/** One fault of the plan: did it touch the work, and for how many intents. */
export interface FaultExposure {
  /** Its index in the scenario's fault list (faults[index]). */
  readonly index: number;
  readonly kind: string;
  readonly touched: boolean;
  /** Intents whose work it touched. */
  readonly intents: number;
}

export interface ExposureVerdict {
  /** Every fault of the plan, in plan order. */
  readonly faults: readonly FaultExposure[];
  /** Arrivals of an intent at one door of the code under test beyond its first there. */
  readonly repeats: number;
  /** A fault touched the work, or a repeat reached it. */
  readonly exercised: boolean;
}

export function checkExposure(records: ExposureRecords): ExposureVerdict {
  const faults = records.faults.map(({ index, kind, touched, intents }) => ({
    index,
    kind,
    touched,
    intents: intents.length,
  }));
  const repeats = records.repeats.reduce((total, note) => total + note.arrivals - 1, 0);
  return { faults, repeats, exercised: isExercised(faults, repeats) };
}

/** Over several runs of one scenario (seeds): a fault touched if it touched in any run; counts add up. */
export function combineExposure(verdicts: readonly ExposureVerdict[]): ExposureVerdict {
  const byIndex = new Map<number, FaultExposure>();
  for (const verdict of verdicts) {
    for (const fault of verdict.faults) {
      const seen = byIndex.get(fault.index);
      byIndex.set(
        fault.index,
        seen === undefined
          ? fault
          : { ...seen, touched: seen.touched || fault.touched, intents: seen.intents + fault.intents },
      );
    }
  }
  const faults = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const repeats = verdicts.reduce((total, verdict) => total + verdict.repeats, 0);
  return { faults, repeats, exercised: isExercised(faults, repeats) };
}

function isExercised(faults: readonly FaultExposure[], repeats: number): boolean {
  return repeats > 0 || faults.some((fault) => fault.touched);
}
