/**
 * A hunt property that always holds, for the hunt bench's `idemsim hunt --jobs` runs: the search
 * then runs every case it is given. It reads the summary, as every property does.
 */
import type { HuntProperty } from '../../src/hunt/properties.js';

export const property: HuntProperty = {
  name: 'bench-holds',
  claim: 'nothing (a benchmark)',
  violation: ({ summary }) => (summary.payments < 0 ? 'impossible' : undefined),
};
