/**
 * Exposure in words, for `run` and `explain`: which faults of the plan never touched the
 * strategy's work, and whether anything tried the strategy at all. A fault that touched nothing
 * tested nothing, whatever the verdict says.
 */
import type { ExposureVerdict } from '../checks/exposure.js';
import { describeFault } from '../hunt/describe-fault.js';
import type { FaultPlan } from '../world/nemesis.js';

/** One line for the run's summary: what reached the strategy's work. */
export function exposureLine(exposure: ExposureVerdict, strategy: string): string {
  if (!exposure.exercised)
    return `untouched: no fault reached ${strategy}'s work and no payment came to it twice`;
  const touched = exposure.faults.filter((fault) => fault.touched);
  const intents = touched.reduce((total, fault) => total + fault.intents, 0);
  const faults =
    touched.length === 0
      ? 'no fault touched its work'
      : `${touched.length} of ${exposure.faults.length} fault${exposure.faults.length === 1 ? '' : 's'} touched its work (${plural(intents, 'payment')} in all)`;
  return `${faults}, ${plural(exposure.repeats, 'repeat')} reached it`;
}

/**
 * "fault 2 (partition) touched nothing: At 1s consumer-1 is cut off from kafka for 3s; none's work
 * never met it." for each fault of `plan` that touched nothing (numbered from 1, as play lists them).
 */
export function untouchedFaultLines(exposure: ExposureVerdict, plan: FaultPlan, strategy: string): string[] {
  const lines: string[] = [];
  for (const fault of exposure.faults) {
    const timed = plan[fault.index];
    if (fault.touched || timed === undefined) continue;
    const told = describeFault(timed).replace(/\.$/, '');
    lines.push(
      `fault ${fault.index + 1} (${fault.kind}) touched nothing: ${told}; ${strategy}'s work never met it.`,
    );
  }
  return lines;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
