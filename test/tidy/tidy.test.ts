import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBannedUses, findImportCycles, findLayerViolations, importsOf, layerOf } from './tidy-rules.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  path: relative(SRC, path).split('\\').join('/'),
  source: readFileSync(path, 'utf8'),
}));

describe('tidy: the repository', () => {
  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('uses no real randomness, clock, timers, console or I/O outside src/cli', () => {
    expect(files.flatMap(({ path, source }) => findBannedUses(path, source))).toEqual([]);
  });

  it('imports only downward through the layers of DESIGN.md', () => {
    expect(files.flatMap(({ path, source }) => findLayerViolations(path, source))).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(files.map(({ path, source }) => [path, importsOf(path, source)]));
    expect(findImportCycles(graph)).toEqual([]);
  });
});

describe('tidy: the rules themselves catch what they must', () => {
  it('flags banned calls outside cli, ignores them in comments and in cli', () => {
    expect(findBannedUses('world/x.ts', 'const t = Date.now();')).toEqual([
      { path: 'world/x.ts', problem: 'uses Date.now (use the simulation clock)' },
    ]);
    expect(
      findBannedUses(
        'engine/x.ts',
        'const r = Math.random();\nconsole.log(r);\nsetTimeout(f, 1);\nconst d = new Date();',
      ),
    ).toHaveLength(4);
    expect(findBannedUses('world/x.ts', '// Date.now() is what the mock reads\n/* new Date() */')).toEqual(
      [],
    );
    expect(findBannedUses('cli/x.ts', 'console.log(Date.now())')).toEqual([]);
    // conformance waits on real servers, but through the WallClock the CLI gives it, not a timer of its own
    expect(findBannedUses('conformance/x.ts', 'setTimeout(f, Date.now() - start);')).toHaveLength(2);
    expect(findBannedUses('report/x.ts', "import { writeFileSync } from 'node:fs';")).toHaveLength(1);
    expect(findBannedUses('report/x.ts', 'export default 1;')).toHaveLength(1);
  });

  it('resolves relative imports to layers', () => {
    expect(importsOf('components/redis/server.ts', "import { x } from '../../engine/effects.js';")).toEqual([
      'engine/effects.ts',
    ]);
    expect(layerOf('experiment.ts')).toBe('experiment');
    expect(layerOf('cli/commands/run-command.ts')).toBe('cli');
  });

  it('flags an import of a higher layer, and a strategy reaching past its port', () => {
    expect(findLayerViolations('engine/x.ts', "import { World } from '../world/world.js';")).toEqual([
      {
        path: 'engine/x.ts',
        problem: 'imports world/world.ts: engine may not depend on world, a higher layer',
      },
    ]);
    expect(findLayerViolations('strategies/x.ts', "import { call } from '../world/rpc.js';")).toHaveLength(1);
    expect(
      findLayerViolations(
        'strategies/x.ts',
        "import type { Node } from '../components/service-instance.js';",
      ),
    ).toHaveLength(1);
    expect(
      findLayerViolations(
        'strategies/x.ts',
        "import type { ServicePort } from '../components/port/port.js';",
      ),
    ).toEqual([]);
    expect(
      findLayerViolations(
        'strategies/x.ts',
        "import type { DatabasePort } from '../components/port/database-port.js';",
      ),
    ).toEqual([]);
    // A file named like a port outside the port folder is not the port.
    expect(
      findLayerViolations(
        'strategies/x.ts',
        "import { makeKafkaPort } from '../components/kafka/make-kafka-port.js';",
      ),
    ).toEqual([
      {
        path: 'strategies/x.ts',
        problem:
          'imports components/kafka/make-kafka-port.ts: a strategy sees only its port (engine, components/port/)',
      },
    ]);
    expect(
      findLayerViolations('checks/x.ts', "import { runExperiment } from '../experiment/run-experiment.js';"),
    ).toHaveLength(1);
    expect(findLayerViolations('cli/x.ts', "import { World } from '../world/world.js';")).toEqual([]);
  });

  it('flags a port file that would hand a strategy more than the port', () => {
    expect(
      findLayerViolations('components/port/x.ts', "import type { World } from '../../world/world.js';"),
    ).toEqual([
      {
        path: 'components/port/x.ts',
        problem: 'imports world/world.ts: the port imports only the engine and components/port/',
      },
    ]);
    expect(
      findLayerViolations('components/port/x.ts', "import type { Proc } from '../../engine/effects.js';"),
    ).toEqual([]);
  });

  it('finds import cycles, and only those', () => {
    const graph = new Map([
      ['port.ts', ['kafka-port.ts', 'effects.ts']],
      ['kafka-port.ts', ['kafka-producer.ts']],
      ['kafka-producer.ts', ['port.ts', 'effects.ts']],
      ['effects.ts', []],
      ['strategy.ts', ['port.ts', 'outside.ts']],
      ['self.ts', ['self.ts']],
    ]);
    expect(findImportCycles(graph)).toEqual([['kafka-port.ts', 'kafka-producer.ts', 'port.ts'], ['self.ts']]);
    expect(
      findImportCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });
});
