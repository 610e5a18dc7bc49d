/**
 * The numbers of one run, as data: what the text, JSON and table renderings print.
 */
import { checkExposure, type ExposureVerdict } from '../checks/exposure.js';
import { checkDoubleCharges } from '../checks/double-charge.js';
import { HARM_CATALOGUE, perHarm, perHarmField, type HarmField } from '../checks/harm-catalogue.js';
import { judgeRun, type RunVerdicts } from '../checks/judge-run.js';
import type { IntentResult } from '../components/history.js';
import type { Outcome } from './run-experiment.js';
import { clientLatenciesMs, finalityDurationsMs } from '../metrics/finality.js';
import { summarizeLatency, type LatencySummary } from '../metrics/latency-summary.js';

/**
 * How many payment intents suffered each harm, one count per entry of checks/harm-catalogue.ts,
 * named by its `field` (`doubleCharges`, `lostPayments`, ...).
 */
export type HarmCounts = { readonly [F in HarmField]: number };

export interface RunSummary extends HarmCounts {
  readonly scenario: string;
  readonly strategy: string;
  readonly seed: number;
  readonly payments: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly unknown: number;
  readonly pending: number;
  readonly attempts: number;
  readonly charges: number;
  /** Charges beyond the first per intent. */
  readonly extraCharges: number;
  /** Minor units taken beyond the first charge per intent. */
  readonly overchargedAmount: number;
  /** Attempts that got no 2xx, over all attempts. */
  readonly clientErrorRate: number;
  /** Error answers by kind ("409", "503", "timeout", "refused"). */
  readonly errorsByKind: Readonly<Record<string, number>>;
  /** From each intent's start to the client's last answer (finished intents only). */
  readonly latencyMs: LatencySummary;
  /** From each intent's start to its first charge (charged intents only). */
  readonly finalityMs: LatencySummary;
  readonly verdict: 'safe' | 'unsafe';
  /** Which faults touched the strategy's work, and the repeats that reached it. */
  readonly exposure: ExposureVerdict;
  /** The intents behind the counts, for explanations: per harm field, and the double charges' charges. */
  readonly examples: { readonly [F in HarmField]: readonly string[] } & {
    readonly doubleCharged: ReadonlyArray<{
      readonly intentId: string;
      readonly chargeIds: readonly string[];
    }>;
  };
}

export interface SummaryOptions {
  /**
   * Compute `latencyMs` and `finalityMs` only when first read (default false). A hunt's search
   * judges thousands of runs by their harms and rarely reads their latency, whose histograms
   * were about a fifth of its time per case.
   */
  readonly lazyLatency?: boolean;
}

/** What a summary is made of, judged from the full history or from a tally (checks/run-tally.ts). */
interface Judged {
  readonly verdicts: RunVerdicts;
  readonly results: { readonly [R in IntentResult]: number };
  readonly payments: number;
  readonly attempts: number;
  /** Latency and finality, computed when called (a tally has them already). */
  readonly latencyMs: () => LatencySummary;
  readonly finalityMs: () => LatencySummary;
}

function judged(outcome: Outcome): Judged {
  const { history, ledger, tally } = outcome;
  if (tally !== undefined) {
    const tallied = tally.judge();
    const doubleCharges = checkDoubleCharges(ledger);
    const harmed = perHarm((entry) =>
      entry.id === 'double-charge'
        ? doubleCharges.doubleCharged.map((double) => double.intentId)
        : tallied.harmed[entry.id],
    );
    const unsafe = HARM_CATALOGUE.some((entry) => entry.money && harmed[entry.id].length > 0);
    return {
      verdicts: {
        harmed,
        doubleCharges,
        availability: tallied.availability,
        verdict: unsafe ? 'unsafe' : 'safe',
      },
      ...tallied,
      latencyMs: () => tally.durations.latency,
      finalityMs: () => tally.durations.finality,
    };
  }
  const count = (result: IntentResult): number =>
    history.intents.filter((intent) => intent.result === result).length;
  return {
    verdicts: judgeRun(history, ledger),
    results: {
      succeeded: count('succeeded'),
      failed: count('failed'),
      unknown: count('unknown'),
      pending: count('pending'),
    },
    payments: history.intents.length,
    attempts: history.attempts.length,
    latencyMs: () => summarizeLatency(clientLatenciesMs(history)),
    finalityMs: () => summarizeLatency(finalityDurationsMs(history, ledger)),
  };
}

export function summarizeRun(outcome: Outcome, options: SummaryOptions = {}): RunSummary {
  const lazy = options.lazyLatency === true;
  const { ledger } = outcome;
  const { verdicts, results, payments, attempts, latencyMs, finalityMs } = judged(outcome);
  // Double charges first, with their money, then the other harms: the field order JSON shows.
  const { doubleCharges, ...otherHarms } = perHarmField((entry) => verdicts.harmed[entry.id].length);
  const summary: RunSummary = {
    scenario: outcome.scenario,
    strategy: outcome.strategy,
    seed: outcome.seed,
    payments,
    ...results,
    attempts,
    charges: ledger.length,
    doubleCharges,
    extraCharges: verdicts.doubleCharges.extraCharges,
    overchargedAmount: verdicts.doubleCharges.overchargedAmount,
    ...otherHarms,
    clientErrorRate: verdicts.availability.attemptErrorRate,
    errorsByKind: verdicts.availability.errorsByKind,
    latencyMs: lazy ? NOT_YET : latencyMs(),
    finalityMs: lazy ? NOT_YET : finalityMs(),
    verdict: verdicts.verdict,
    exposure: checkExposure(outcome.exposure),
    examples: {
      doubleCharged: verdicts.doubleCharges.doubleCharged.map(({ intentId, chargeIds }) => ({
        intentId,
        chargeIds,
      })),
      ...perHarmField((entry) => verdicts.harmed[entry.id]),
    },
  };
  if (lazy) {
    computedOnRead(summary, 'latencyMs', latencyMs);
    computedOnRead(summary, 'finalityMs', finalityMs);
  }
  return summary;
}

const NOT_YET: LatencySummary = { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };

/** The fields a summary may compute on first read. */
type LazyField = 'latencyMs' | 'finalityMs';

/** Where a summary's getters find how to compute each lazy field, and its value once computed. */
const LAZY = Symbol('computed on read');

type LazyValues = { [F in LazyField]?: { readonly compute: () => LatencySummary; value?: LatencySummary } };

/**
 * Turns a field into an enumerable getter that computes once; it keeps its place, so JSON and
 * copies see the same. The getter is one function per field, shared by every summary, not a
 * closure per summary: each closure would give its summary a map of its own, and a
 * young-generation GC keeps a map's getter (and what its context holds) alive until the next
 * full GC, so a hunt's every run would outlive it into the old generation.
 */
function computedOnRead(summary: RunSummary, field: LazyField, compute: () => LatencySummary): void {
  const holder = summary as RunSummary & { [LAZY]?: LazyValues };
  let lazy = holder[LAZY];
  if (lazy === undefined) {
    lazy = {};
    Object.defineProperty(summary, LAZY, { value: lazy });
  }
  lazy[field] = { compute };
  Object.defineProperty(summary, field, { enumerable: true, get: LAZY_GETTERS[field] });
}

const LAZY_GETTERS: { readonly [F in LazyField]: (this: { [LAZY]: LazyValues }) => LatencySummary } = {
  latencyMs() {
    return computeOnce(this[LAZY], 'latencyMs');
  },
  finalityMs() {
    return computeOnce(this[LAZY], 'finalityMs');
  },
};

function computeOnce(lazy: LazyValues, field: LazyField): LatencySummary {
  const entry = lazy[field] as NonNullable<LazyValues[LazyField]>;
  entry.value ??= entry.compute();
  return entry.value;
}
