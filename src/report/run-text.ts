/**
 * One run, rendered for a person reading a terminal. Strings only; the CLI prints them.
 */
import { Chalk } from 'chalk';
import type { RunSummary } from './run-summary.js';

export interface TextOptions {
  /** Use ANSI colours. */
  readonly colour: boolean;
  /** The scenario's one-line title. */
  readonly title: string;
  /** The command that reproduces this run. */
  readonly replay: string;
}

export function renderRunText(summary: RunSummary, options: TextOptions): string {
  const paint = new Chalk({ level: options.colour ? 1 : 0 });
  const { latencyMs: latency } = summary;
  const doubles =
    summary.doubleCharges === 0
      ? paint.green('0')
      : paint.red(
          `${summary.doubleCharges} payment${summary.doubleCharges === 1 ? '' : 's'} charged more than once ` +
            `(${summary.extraCharges} extra charge${summary.extraCharges === 1 ? '' : 's'}, ` +
            `${formatMoney(summary.overchargedAmount)} overcharged)`,
        );
  const lines = [
    paint.bold(`${summary.scenario} · strategy ${summary.strategy} · seed ${summary.seed}`),
    `  ${options.title}`,
    '',
    row('payments', `${summary.payments} (succeeded ${summary.succeeded}, failed ${summary.failed}, unknown ${summary.unknown}, still trying ${summary.pending})`),
    row('attempts', String(summary.attempts)),
    row('charges', String(summary.charges)),
    row('double charges', doubles),
    row('latency', `p50 ${ms(latency.p50)}  p95 ${ms(latency.p95)}  p99 ${ms(latency.p99)}  max ${ms(latency.max)}  (from intent start)`),
  ];
  if (summary.doubleCharged.length > 0) {
    lines.push('', 'charged more than once:');
    for (const charge of summary.doubleCharged) lines.push(`  ${charge.intentId}: ${charge.chargeIds.join(', ')}`);
  }
  lines.push('', paint.dim(`replay: ${options.replay}`));
  return lines.join('\n');
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(16)}${value}`;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)}s` : `${value.toFixed(1)}ms`;
}

/** Minor units as a plain decimal amount ("40.00"); the currency is the scenario's. */
export function formatMoney(minorUnits: number): string {
  return (minorUnits / 100).toFixed(2);
}
