/**
 * Where one hunt case's CPU time goes: the search a hunt of seed 1 makes (fast-check checking a
 * property over the same arbitrary and space), each case laid over the base, run and judged as
 * the hunt does, with the CPU time of each phase (runExperiment's `onPhase`) summed over the
 * cases. What the whole check took beyond the phases is fast-check's (generating each case,
 * running the property) and the promise machinery's between them. Inside the simulation, the time
 * pg-mem itself spent executing statements (compiled code, conflict probes and replays included)
 * is measured apart: it is the part of a database strategy's case no change to the model can cut.
 */
import fc from 'fast-check';
import { type ExperimentPhase, runExperiment } from '../../src/experiment/run-experiment.js';
import { summarizeRun } from '../../src/experiment/run-summary.js';
import { applyHuntCase } from '../../src/hunt/apply-hunt-case.js';
import { huntSpace } from '../../src/hunt/derive-space.js';
import { huntBaseScenario } from '../../src/hunt/hunt-base.js';
import { noDoubleCharge } from '../../src/hunt/properties.js';
import { huntCaseArbitrary } from '../../src/hunt/world-arbitraries.js';
import { PgMemInstance } from '../../src/components/postgres/pg-mem-speed-ups/pg-mem-instance.js';
import type { Strategy } from '../../src/strategies/strategy.js';
import { timeInside } from './time-inside.js';

/** CPU time per case, µs, by phase; `events` is engine steps per case. */
export interface CasePhases {
  /** Laying the case over the base scenario (apply-hunt-case.ts) and building the world. */
  readonly buildUs: number;
  /** The strategy's setup (schema, topics) and the warm-up until every consumer group formed. */
  readonly setupUs: number;
  /** The workload and the fault plan, run to the end. */
  readonly simulateUs: number;
  /** Handing the stores back, summarising and judging the run. */
  readonly judgeUs: number;
  /** The rest of the search's time per case: fast-check generating it and calling the property. */
  readonly restUs: number;
  /** Of the phases above (nearly all of it in `simulateUs`): inside pg-mem executing statements (0 without PostgreSQL). */
  readonly pgMemUs: number;
  readonly events: number;
}

/** Which column each of runExperiment's phases ends. */
const COLUMN: Readonly<Record<ExperimentPhase, 'buildUs' | 'setupUs' | 'simulateUs' | 'judgeUs'>> = {
  built: 'buildUs',
  'set-up': 'setupUs',
  warm: 'setupUs',
  ran: 'simulateUs',
  released: 'judgeUs',
};

function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

export async function casePhases(strategy: Strategy, cases: number): Promise<CasePhases> {
  const space = await huntSpace(strategy, huntBaseScenario);
  const sums = { buildUs: 0, setupUs: 0, simulateUs: 0, judgeUs: 0, events: 0 };
  const property = fc.asyncProperty(huntCaseArbitrary(space), async (huntCase) => {
    let last = cpuUs();
    const scenario = applyHuntCase(huntBaseScenario, strategy.name, huntCase);
    const outcome = await runExperiment({
      scenario,
      strategy,
      seed: scenario.seed,
      trace: false,
      onPhase: (phase) => {
        const now = cpuUs();
        sums[COLUMN[phase]] += now - last;
        last = now;
      },
    });
    // Judged as the hunt judges; the answer is not needed: the search runs every case.
    noDoubleCharge.violation({ outcome, summary: summarizeRun(outcome, { lazyLatency: true }) });
    sums.judgeUs += cpuUs() - last;
    sums.events += outcome.steps;
    return true;
  });
  const started = cpuUs();
  // Every way a statement reaches pg-mem in a run: the strategy's schema, its statements, probes, replays.
  const pgMem = timeInside(PgMemInstance.prototype, ['run', 'runReading', 'runText']);
  try {
    await fc.check(property, { seed: 1, numRuns: cases });
  } finally {
    pgMem.restore();
  }
  const totalUs = cpuUs() - started;
  const measuredUs = sums.buildUs + sums.setupUs + sums.simulateUs + sums.judgeUs;
  return {
    buildUs: sums.buildUs / cases,
    setupUs: sums.setupUs / cases,
    simulateUs: sums.simulateUs / cases,
    judgeUs: sums.judgeUs / cases,
    restUs: (totalUs - measuredUs) / cases,
    pgMemUs: (pgMem.elapsedMs() * 1000) / cases,
    events: sums.events / cases,
  };
}
