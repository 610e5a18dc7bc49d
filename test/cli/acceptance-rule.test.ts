/**
 * One acceptance rule: what `validate` accepts runs, and what a run would refuse (or crash on)
 * `validate` refuses first, one line per problem with its path, exit 2. One test per reproducer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'idemsim-acceptance-'));
let files = 0;

/** A scenario file with a title and story, and `body` after them. */
function scenarioFile(body: string): string {
  const path = join(dir, `case-${++files}.yaml`);
  writeFileSync(path, `title: t\nstory: s\n${body}\n`);
  return path;
}

/** The lines `validate` printed on stderr, without the file's path. */
async function refusals(path: string): Promise<{ code: number; lines: string[]; stdout: string }> {
  const { code, stderr, stdout } = await runCli('validate', path);
  const lines = stderr
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(`idemsim: ${path}: `, ''));
  return { code, lines, stdout };
}

describe('validate refuses what run would crash on', () => {
  it('names the node kind each fault kind needs', async () => {
    const path = scenarioFile(
      [
        'redis: { replicationLag: 100ms }',
        'faults:',
        '  - { at: 1s, kind: redis-failover, node: client }',
        '  - { at: 1s, kind: slow-consumer, node: service-1, delay: 1s }',
        '  - { at: 1s, kind: redis-cache-load, node: postgres, keys: 10, valueBytes: 10 }',
        '  - { at: 1s, kind: redis-restart, node: redis }',
        '  - { at: 1s, kind: slow-consumer, node: consumer-2, delay: 1s }',
      ].join('\n'),
    );
    expect(await refusals(path)).toEqual({
      code: 2,
      stdout: '',
      lines: [
        'faults[0].node: redis-failover needs the Redis node (redis), not "client"',
        'faults[1].node: slow-consumer needs a Kafka consumer (consumer-1, consumer-2), not "service-1"',
        'faults[2].node: redis-cache-load needs the Redis node (redis), not "postgres"',
      ],
    });
  });

  it('refuses a Redis failover with no replica to fail over to (found by the fuzz test)', async () => {
    const path = scenarioFile('faults:\n  - { at: 1s, kind: redis-failover, node: redis }');
    expect(await refusals(path)).toEqual({
      code: 2,
      stdout: '',
      lines: ['faults[0].kind: a redis-failover needs a replica: set redis.replicationLag'],
    });
  });

  it('refuses a retry count that made a NaN delay, with the bound', async () => {
    const path = scenarioFile('client: { timeout: 1ms, retry: { attempts: 1100, backoff: 0ms } }');
    expect(await refusals(path)).toEqual({
      code: 2,
      stdout: '',
      lines: ['client.retry.attempts: at most 100 attempts'],
    });
  });

  it('refuses a zero horizon and a zero timeout', async () => {
    const path = scenarioFile(
      'horizon: 0ms\nclient: { timeout: 0ms }\ngateway: { timeout: 0s, attempts: 2 }',
    );
    expect((await refusals(path)).lines).toEqual([
      'horizon: expected a duration like "1.5s" or "250ms" longer than 0ms',
      'client.timeout: expected a duration like "1.5s" or "250ms" longer than 0ms',
      'gateway.timeout: expected a duration like "1.5s" or "250ms" longer than 0ms',
    ]);
  });

  it('states every size bound, and refuses a huge world at once', async () => {
    const path = scenarioFile(
      [
        'seeds: 1000000',
        'horizon: 30d',
        'workload: { payments: 10000000 }',
        'service: { instances: 10000000 }',
        'kafka: { consumers: 10000000, partitions: 10000000 }',
        'provider: { latency: { kind: pareto, min: 1ms, alpha: 0.001 } }',
      ].join('\n'),
    );
    const started = performance.now();
    const { code, lines } = await refusals(path);
    expect(performance.now() - started).toBeLessThan(10_000); // building this world would take minutes; a busy runner can still take a second or two to refuse
    expect({ code, lines }).toEqual({
      code: 2,
      lines: [
        'seeds: at most 10,000 seeds',
        'horizon: at most 24 hours',
        'workload.payments: at most 1,000,000 payments',
        'provider.latency.alpha: expected at least 0.1 (a heavier tail overflows)',
        'service.instances: at most 1,000 instances',
        'kafka.partitions: at most 1,000 partitions',
        'kafka.consumers: at most 1,000 consumers',
      ],
    });
  });

  it('refuses a fault plan longer than the bound', async () => {
    const faults = Array.from({ length: 1001 }, () => '  - { at: 0s, kind: heal }').join('\n');
    expect((await refusals(scenarioFile(`faults:\n${faults}`))).lines).toEqual([
      'faults: at most 1,000 faults',
    ]);
  });

  it('reports every problem of a file: a schema error does not hide the rest', async () => {
    const path = scenarioFile(
      [
        'horizon: soon',
        'client: { timeot: 1s }',
        'faults:',
        '  - { at: 1s, kind: explode }',
        '  - { at: 1s, kind: crash, node: nowhere }',
        'strategies:',
        '  redis-setnx: { ttl: forever }',
      ].join('\n'),
    );
    const { code, lines } = await refusals(path);
    expect(code).toBe(2);
    expect(lines).toHaveLength(5);
    expect(lines.map((line) => line.split(':')[0])).toEqual([
      'horizon',
      'client.timeot',
      'faults[0].kind',
      'faults[1].node',
      'strategies.redis-setnx.ttl',
    ]);
  });

  it('refuses a YAML alias bomb in one line', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 12 }, (_, level) => {
        const name = String.fromCharCode(98 + level);
        const previous = String.fromCharCode(97 + level);
        return `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`;
      }),
    ].join('\n');
    expect(await refusals(scenarioFile(bomb))).toEqual({
      code: 2,
      stdout: '',
      lines: ['(file): too many YAML aliases: at most 100 may be expanded'],
    });
  });

  it('refuses what the YAML parser only warns about, in one line and with no Node warning', async () => {
    const path = join(dir, 'future-yaml.yaml');
    writeFileSync(path, '%YAML 9.9\n---\ntitle: x\nstory: y\n');
    expect(await refusals(path)).toEqual({
      code: 2,
      stdout: '',
      lines: ['line 1, column 7: Unsupported YAML version 9.9'],
    });
  });

  it('refuses binary input in one line', async () => {
    const path = join(dir, 'garbage.yaml');
    writeFileSync(
      path,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x3a, 0x5b]),
    );
    expect(await refusals(path)).toEqual({
      code: 2,
      stdout: '',
      lines: ['(file): not a text file (binary data at character 1)'],
    });
  });
});

describe('command-line sizes have the same bounds', () => {
  it('refuses compare --seeds 1000000000 with the bound', async () => {
    const { code, stdout, stderr } = await runCli('compare', '01', '--seeds', '1000000000');
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error: option '--seeds <n>' argument '1000000000' is invalid. at most 10,000 seeds.\n(add --help for usage)\n",
    });
  });

  it('refuses run --payments past the bound', async () => {
    const { code, stderr } = await runCli('run', '01', '--payments', '1000001');
    expect(code).toBe(2);
    expect(stderr).toContain('at most 1,000,000 payments');
  });
});

describe('a file validate accepts runs', () => {
  for (const strategy of ['db-naive', 'db-atomic']) {
    it(`a network that loses every message does not stop ${strategy}'s setup`, async () => {
      const path = scenarioFile('network: { lossProbability: 1 }\nworkload: { payments: 3 }');
      expect((await runCli('validate', path)).code).toBe(0);
      const { code, stderr } = await runCli('run', path, '--strategy', strategy);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    });
  }

  it('a world too slow to deploy a setup in is said in one line, exit 2 (found by the fuzz test)', async () => {
    const path = scenarioFile('network: { latency: 4s }\nworkload: { payments: 3 }');
    const { code, stdout, stderr } = await runCli('run', path, '--strategy', 'db-naive');
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "idemsim: db-naive's setup could not finish in this scenario's world: call to postgres timed out; its outcome is unknown\n",
    });
  });

  it('a slow consumer meets no work under a strategy without consumers', async () => {
    const path = scenarioFile('faults:\n  - { at: 0s, kind: slow-consumer, node: consumer-1, delay: 1s }');
    const { code, stderr } = await runCli('run', path, '--strategy', 'none', '--payments', '3');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
