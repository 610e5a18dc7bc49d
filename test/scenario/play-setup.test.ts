import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { KnobId } from '../../src/scenario/knob.js';
import { knobNamed } from '../../src/scenario/play-knobs.js';
import {
  changesBetween,
  changesOf,
  exportedScenario,
  scenarioNameFor,
  scenarioOf,
  startSetup,
  toggleFault,
  withScenario,
  type PlaySetup,
} from '../../src/scenario/play-setup.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { scenarioToYaml } from '../../src/scenario/scenario-file-writer.js';

function bundled(name: string): Scenario {
  const result = loadScenario(
    readFileSync(join(import.meta.dirname, '../../scenarios', `${name}.yaml`), 'utf8'),
    name,
  );
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.scenario;
}

function turn(setup: PlaySetup, id: KnobId, text: string): PlaySetup {
  const result = knobNamed(id).set(setup.scenario, text);
  if (!result.ok) throw new Error(result.problem);
  return withScenario(setup, result.value);
}

const lease = bundled('05-lease-outlived');

describe('play setup', () => {
  it('runs the scenario as written, expectations and all, until something changes', () => {
    const setup = startSetup(lease);
    expect(scenarioOf(setup)).toEqual(lease);
    expect(changesOf(setup)).toEqual([]);
  });

  it('switches faults off and on again without losing them', () => {
    const off = toggleFault(startSetup(lease), 1);
    expect(scenarioOf(off).faults).toEqual([lease.faults[0]]);
    expect(changesOf(off)).toEqual([{ kind: 'fault', index: 1, fault: lease.faults[1], on: false }]);
    expect(scenarioOf(toggleFault(off, 1))).toEqual(lease);
  });

  it('lists what changed, knob by knob, and drops the expectations of the scenario as written', () => {
    const setup = turn(
      turn(startSetup(lease), 'strategies.redis-setnx.lockTtl', '30s'),
      'client-timeout',
      '2s',
    );
    expect(
      changesOf(setup).map((change) =>
        change.kind === 'knob' ? [change.knob.id, change.from, change.to] : change,
      ),
    ).toEqual([
      ['client-timeout', '1s', '2s'],
      ['strategies.redis-setnx.lockTtl', '1s', '30s'],
    ]);
    expect(scenarioOf(setup).expect).toEqual({});
    const later = toggleFault(turn(setup, 'client-timeout', '1s'), 0);
    expect(
      changesBetween(setup, later).map((change) =>
        change.kind === 'knob' ? change.knob.id : `fault ${change.index}`,
      ),
    ).toEqual(['client-timeout', 'fault 0']);
  });

  it('exports a file that loads back to exactly the scenario it ran', () => {
    let setup = startSetup(lease);
    for (const [id, text] of [
      ['client-timeout', '2.5s'],
      ['retry-attempts', '4'],
      ['key-policy', 'per-attempt'],
      ['strategies.redis-setnx.lockTtl', '30s'],
      ['strategies.db-atomic.lease', '750ms'],
      ['strategies.db-atomic.completer', 'true'],
      ['provider-median', '250ms'],
      ['provider-p99', '3s'],
      ['provider-keys', 'ignored'],
      ['payments', '7'],
      ['seed', '40'],
      ['seeds', '2'],
    ] as const) {
      setup = turn(setup, id, text);
    }
    setup = toggleFault(setup, 0);
    const exported = exportedScenario(setup, {
      name: 'my-setup',
      changeLines: ['client timeout: 1s → 2.5s', 'fault 1 off'],
    });
    const loaded = loadScenario(scenarioToYaml(exported), 'ignored');
    expect(loaded).toEqual({ ok: true, scenario: exported });
    expect({ ...exported, name: lease.name, title: lease.title, story: lease.story }).toEqual(
      scenarioOf(setup),
    );
    expect(
      exported.story.endsWith(
        'Changed from 05-lease-outlived in idemsim play:\n- client timeout: 1s → 2.5s\n- fault 1 off',
      ),
    ).toBe(true);
    expect(exported.title).toBe(`${lease.title} (changed)`);
  });

  it('names the scenario after its file', () => {
    expect(['my-setup.yaml', 'Lease 30s.YML', '05_copy.yaml', '.yaml'].map(scenarioNameFor)).toEqual([
      'my-setup',
      'lease-30s',
      '05-copy',
      'play',
    ]);
  });
});
