/**
 * One run, rendered for a person reading a terminal. Strings only; the CLI prints them.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { HARM_CATALOGUE, type KnownHarm } from '../checks/harm-catalogue.js';
import { formatMoney, formatMs, formatPercent } from './format.js';
import type { RunSummary } from '../experiment/run-summary.js';
import type { FaultPlan } from '../world/nemesis.js';
import type { StrategyThrows } from '../experiment/strategy-watch.js';
import { exposureLine, untouchedFaultLines } from './exposure-text.js';
import { strategyThrowsLine } from './strategy-throws-text.js';

export interface TextOptions {
  /** Use ANSI colours. */
  readonly colour: boolean;
  /** The scenario's one-line title. */
  readonly title: string;
  /** The command that reproduces this run. */
  readonly replay: string;
  /** The command that tells the story of the first payment that went wrong, if any did. */
  readonly explain?: string;
  /** The scenario's fault plan, to name the faults that touched nothing (default: none named). */
  readonly faults?: FaultPlan;
  /** What a user's strategy threw (each a 500), if it threw. */
  readonly strategyThrew?: StrategyThrows;
}

export function renderRunText(summary: RunSummary, options: TextOptions): string {
  const paint = new Chalk({ level: options.colour ? 1 : 0 });
  const { latencyMs: latency, finalityMs: finality } = summary;
  const lines = [
    paint.bold(`${summary.scenario} · strategy ${summary.strategy} · seed ${summary.seed}`),
    `  ${options.title}`,
    '',
    row(
      'payments',
      `${summary.payments} (succeeded ${summary.succeeded}, failed ${summary.failed}, unknown ${summary.unknown}, still trying ${summary.pending})`,
    ),
    row(
      'attempts',
      `${summary.attempts} (${formatPercent(summary.clientErrorRate)} met an error${errorKinds(summary)})`,
    ),
    row('charges', String(summary.charges)),
    row(
      'double charges',
      badCount(
        paint,
        summary.doubleCharges,
        `charged more than once, ${formatMoney(summary.overchargedAmount)} overcharged`,
      ),
    ),
    ...OTHER_HARMS.map((entry) => row(entry.label, harmCount(paint, entry, summary[entry.field]))),
    row(
      'latency',
      `p50 ${formatMs(latency.p50)}  p95 ${formatMs(latency.p95)}  p99 ${formatMs(latency.p99)}  max ${formatMs(latency.max)}  (intent start to last answer)`,
    ),
    row('finality', `p50 ${formatMs(finality.p50)}  p99 ${formatMs(finality.p99)}  (intent start to charge)`),
    row(
      'verdict',
      summary.verdict === 'safe'
        ? paint.green('safe')
        : paint.red.bold('UNSAFE: money was wrongly taken or lost'),
    ),
    row('exposure', exposureText(paint, summary)),
  ];
  const untouched = untouchedFaultLines(summary.exposure, options.faults ?? [], summary.strategy);
  if (untouched.length > 0) lines.push('', ...untouched.map((line) => paint.yellow(line)));
  if (options.strategyThrew !== undefined)
    lines.push('', paint.yellow(strategyThrowsLine(options.strategyThrew)));
  const { examples } = summary;
  if (examples.doubleCharged.length > 0) {
    lines.push('', 'charged more than once:');
    for (const charge of examples.doubleCharged)
      lines.push(`  ${charge.intentId}: ${charge.chargeIds.join(', ')}`);
  }
  for (const entry of OTHER_HARMS) {
    const harmed = examples[entry.field];
    if (harmed.length > 0) lines.push('', `${entry.label}: ${harmed.join(', ')}`);
  }
  lines.push('', paint.dim(`replay: ${options.replay}`));
  if (options.explain !== undefined) lines.push(paint.dim(`explain: ${options.explain}`));
  return lines.join('\n');
}

function exposureText(paint: ChalkInstance, summary: RunSummary): string {
  const line = exposureLine(summary.exposure, summary.strategy);
  return summary.exposure.exercised ? line : paint.yellow(line);
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(16)}${value}`;
}

/** Every harm but double charges, which have their own row with the money. */
const OTHER_HARMS = HARM_CATALOGUE.filter((entry) => entry.id !== 'double-charge');

function badCount(paint: ChalkInstance, count: number, what: string): string {
  return count === 0 ? paint.green('0') : paint.red(`${count} ${what}`);
}

/** Red for money wrongly taken or lost, yellow for the harms that cost trust or availability. */
function harmCount(paint: ChalkInstance, entry: KnownHarm, count: number): string {
  if (count === 0) return paint.green('0');
  return (entry.money ? paint.red : paint.yellow)(`${count} ${entry.harmed}`);
}

function errorKinds(summary: RunSummary): string {
  const kinds = Object.entries(summary.errorsByKind).map(([kind, count]) => `${kind}: ${count}`);
  return kinds.length === 0 ? '' : `; ${kinds.join(', ')}`;
}
