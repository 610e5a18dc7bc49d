/**
 * What a hunt has tried, in words: a short clause for the progress line, and a few lines for the
 * end of a timed hunt's report ("what did an hour of searching cover?").
 */
import type { CoverageSummary, KnobRange } from '../hunt/hunt-coverage.js';

/** "fault kinds: pause 40, crash 38; settings: lockTtlMs 500-19800 ms". */
export function coverageProgress(coverage: CoverageSummary): string {
  const settings = Object.entries(coverage.settings).map(([name, range]) => `${name} ${span(range)}`);
  return [
    `fault kinds: ${faultKinds(coverage)}`,
    ...(settings.length === 0 ? [] : [`settings: ${settings.join(', ')}`]),
  ].join('; ');
}

export function coverageLines(coverage: CoverageSummary): string[] {
  const byFaults = coverage.casesByFaults.map((count, faults) => `${count} with ${faults}`).join(', ');
  const settings = Object.entries(coverage.settings);
  // "client.timeoutMs" is said as "timeoutMs" on the client's line; "payments" keeps its name.
  const knobs = (prefix: string): string[] =>
    Object.entries(coverage.knobs)
      .filter(([name]) => name.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, range]) => turned([prefix.endsWith('.') ? name.slice(prefix.length) : name, range]));
  const workload = [
    ...knobs('payments'),
    ...knobs('instances'),
    `double submits in ${coverage.doubleSubmits} cases`,
  ];
  return [
    `Covered by the search: ${coverage.cases} case${coverage.cases === 1 ? '' : 's'}.`,
    `  faults tried, by kind: ${faultKinds(coverage)}`,
    ...(byFaults === '' ? [] : [`  cases by how many faults: ${byFaults}`]),
    `  strategy settings: ${settings.length === 0 ? 'none turned' : settings.map(turned).join(', ')}`,
    `  workload: ${workload.join(', ')}`,
    `  client: ${orNone(knobs('client.'))}`,
    `  provider latency: ${orNone(knobs('provider.'))}`,
  ];
}

function orNone(parts: readonly string[]): string {
  return parts.length === 0 ? 'never turned' : parts.join(', ');
}

/** In the order the hunt's space lists fault kinds, simplest first. */
const FAULT_ORDER = [
  'pause',
  'crash',
  'partition',
  'crash-at',
  'pause-at',
  'redis-restart',
  'redis-failover',
];

function faultKinds(coverage: CoverageSummary): string {
  const kinds = Object.entries(coverage.faultKinds).sort(
    ([a], [b]) => FAULT_ORDER.indexOf(a) - FAULT_ORDER.indexOf(b),
  );
  return kinds.length === 0 ? 'none yet' : kinds.map(([kind, count]) => `${kind} ${count}`).join(', ');
}

function turned([name, range]: readonly [string, KnobRange]): string {
  return `${name} ${span(range)} in ${range.cases} cases`;
}

function span(range: KnobRange): string {
  return range.min === range.max ? `${range.min}` : `${range.min}-${range.max}`;
}
