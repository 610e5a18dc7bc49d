/**
 * A result's exposure as JSON (see README, `compare --json`): whether anything exercised the
 * strategy, each fault of the plan with whether it touched the strategy's work and for how many
 * intents (summed over seeds), and the repeats that reached it.
 */
import type { ExposureVerdict } from '../checks/exposure.js';

export function exposureJson(exposure: ExposureVerdict) {
  return {
    exercised: exposure.exercised,
    repeats: exposure.repeats,
    faults: exposure.faults.map(({ index, kind, touched, intents }) => ({ index, kind, touched, intents })),
  };
}
