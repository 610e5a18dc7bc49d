/**
 * A run as the page draws it: play's compact table with what moved since the previous run, what
 * was changed to make it move, the payments that went wrong, and the comparison as JSON.
 *
 * The JSON is exactly what `idemsim compare <file> --json` prints for the setup exported under
 * `fileName`: the run itself does not depend on the scenario's name, title or story, so the same
 * comparison is shown with the name and title the exported file gives it.
 */
import type { Comparison, ScenarioComparison } from '../experiment/compare.js';
import { playRows } from '../report/comparison-changes.js';
import { renderComparisonJson } from '../report/comparison-json.js';
import { movesInWords } from '../report/play-table.js';
import { changesInOneLine, changeLine } from '../report/setup-text.js';
import { violationLabel, violationsOf } from '../report/violations.js';
import {
  changesBetween,
  changesOf,
  exportedScenario,
  scenarioNameFor,
  type PlaySetup,
} from '../scenario/play-setup.js';
import type { Scenario } from '../scenario/scenario.js';
import { runSize } from './setup-view.js';
import type { RunView } from './web-protocol.js';

export interface RunRecord {
  /** 1 for the scenario's first run. */
  readonly number: number;
  /** The setup as it was run. */
  readonly setup: PlaySetup;
  /** The scenario that ran (knobs applied, only the faults that were on). */
  readonly scenario: Scenario;
  readonly comparison: Comparison;
}

/** The one scenario of a page run's comparison. */
export function resultsOf(run: RunRecord): ScenarioComparison {
  const [only] = run.comparison.scenarios;
  if (only === undefined) throw new Error('a page run compares exactly one scenario');
  return only;
}

/** The setup as a scenario file named `fileName`: what Export writes. */
export function exportedAs(setup: PlaySetup, fileName: string): Scenario {
  return exportedScenario(setup, {
    name: scenarioNameFor(fileName),
    changeLines: changesOf(setup).map(changeLine),
  });
}

export function runView(run: RunRecord, previous: RunRecord | undefined, fileName: string): RunView {
  const results = resultsOf(run);
  const { seeds } = results;
  const seedText = seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]}–${seeds[seeds.length - 1]}`;
  const rows = playRows(results, previous === undefined ? undefined : resultsOf(previous));
  const exported = exportedAs(run.setup, fileName);
  const labelled: Comparison = {
    scenarios: [{ ...results, name: exported.name, title: exported.title }],
  };
  return {
    number: run.number,
    heading: `Run ${run.number} · ${run.scenario.name} · ${runSize(run.scenario.workload.payments, seeds.length)} (${seedText})`,
    changed: changedLine(run, previous),
    columns: rows.columns.map((column) => column.name),
    rows: rows.rows.map((row) => ({ strategy: row.strategy, cells: row.cells, expected: row.expected })),
    moves: movesInWords(rows),
    violations: violationsOf(results).map(violationLabel),
    json: renderComparisonJson(labelled),
    jsonFileName: fileName,
  };
}

function changedLine(run: RunRecord, previous: RunRecord | undefined): string {
  if (previous === undefined) {
    const changes = changesOf(run.setup);
    return changes.length === 0
      ? 'The scenario as written.'
      : `Changed from the scenario: ${changesInOneLine(changes, '')}`;
  }
  return `Changed since run ${previous.number}: ${changesInOneLine(changesBetween(previous.setup, run.setup), 'nothing')}`;
}
