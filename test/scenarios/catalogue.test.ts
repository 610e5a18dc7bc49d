/**
 * scenarios/catalogue.md is the project's own account of the mechanisms: one entry (a `## name`
 * heading) per bundled scenario, and no name of a scenario that does not exist, there or wherever
 * else a doc or a strategy's `breaksUnder` names one, so a renamed or added scenario cannot leave
 * the catalogue behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strategies } from '../../src/strategies/registry.js';
import { SCENARIOS_DIR } from '../fixtures/bundled-scenario.js';
import { entriesOf, scenarioNamesIn } from './catalogue-names.js';

const ROOT = join(SCENARIOS_DIR, '..');
const bundled = readdirSync(SCENARIOS_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.replace(/\.yaml$/, ''))
  .sort();
const catalogue = readFileSync(join(SCENARIOS_DIR, 'catalogue.md'), 'utf8');

function unknownNames(text: string): string[] {
  return scenarioNamesIn(text).filter((name) => !bundled.includes(name));
}

describe('the mechanism catalogue', () => {
  it('has one entry per bundled scenario, in file order, and no other', () => {
    expect(bundled.length).toBeGreaterThanOrEqual(18);
    expect(entriesOf(catalogue)).toEqual(bundled);
  });

  it('names no scenario that does not exist', () => {
    expect(unknownNames(catalogue)).toEqual([]);
  });

  it.each(['README.md', 'scenarios/README.md'])('%s names no scenario that does not exist', (file) => {
    expect(unknownNames(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('every built-in strategy names the scenarios that break it, and only ones that exist', () => {
    for (const strategy of strategies.values()) {
      expect(scenarioNamesIn(strategy.breaksUnder), strategy.name).not.toEqual([]);
      expect(unknownNames(strategy.breaksUnder), strategy.name).toEqual([]);
    }
  });
});

describe('the catalogue readers themselves', () => {
  it('find the entries: level-2 headings that are scenario names, nothing else', () => {
    expect(entriesOf('# Title\n\n## 01-a\ntext\n### 02-b\n## 03-c-d\n## Notes\n')).toEqual([
      '01-a',
      '03-c-d',
    ]);
  });

  it('find scenario names in prose and links, not in paths, dates or numbers', () => {
    const text =
      'see 04-crash-after-charge, [05](catalogue.md#05-lease-outlived) and `17-no-provider-keys`; ' +
      'not /tmp/08-aof.yaml, 2026-11-29, 1-5 or 12-13.';
    expect(scenarioNamesIn(text)).toEqual([
      '04-crash-after-charge',
      '05-lease-outlived',
      '17-no-provider-keys',
    ]);
  });
});
