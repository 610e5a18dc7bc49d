/**
 * The world a hunt starts from when the user names none: the healthy defaults, a client that
 * keeps its key, a provider that honours it. Every harm the hunt finds there is the strategy's.
 */
import { defaultScenario } from '../scenario/default-scenario.js';
import type { Scenario } from '../scenario/scenario.js';

export const huntBaseScenario: Scenario = {
  ...defaultScenario,
  name: 'hunt',
  title: "The hunt's base world",
  story:
    'The healthy defaults: a client that keeps its Idempotency-Key, a provider that honours it. The hunt adds the rest.',
};
