/**
 * The CLI loads what only one command needs when that command runs: the real PostgreSQL and Redis
 * clients (conform), the terminal prompts (play), the bundler (web) and the code of every other
 * command (hunt's fast-check among it) cost each command's start-up a few hundred milliseconds.
 * compare loads the simulator (pg-mem, ioredis-mock...) only where its series run: a worker thread
 * loads it for itself, and the CLI's thread needs it only when it runs them (`--jobs 1`). A
 * child process builds the CLI as `idemsim compare` does and lists the CommonJS packages it
 * required (tsx itself, which runs the sources here, is left out).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const LIST_PACKAGES = `
import { createRequire } from 'node:module';
const { buildProgram } = await import('./src/cli/main.ts');
await buildProgram({ out: () => {}, err: () => {}, colour: false }, () => {}, ['compare']);
const require = createRequire(import.meta.url);
const packages = new Set(Object.keys(require.cache).map((path) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(path)?.[1]));
process.stdout.write(JSON.stringify([...packages].filter(Boolean).sort()));
`;

describe("the CLI's start-up", () => {
  it("loads neither conform's clients (redis-parser: the real Redis client's), play's prompts nor the simulator until they run", () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', LIST_PACKAGES],
      {
        encoding: 'utf8',
      },
    );
    expect(child.stderr).toBe('');
    const packages = JSON.parse(child.stdout) as string[];
    expect(packages).toContain('yaml'); // what compare needs to start is there: the list is real
    for (const heavy of [
      'pg',
      'pg-pool',
      '@inquirer/core',
      'playwright-core',
      'redis-parser',
      'pg-mem',
      'ioredis-mock',
    ])
      expect(packages, heavy).not.toContain(heavy);
  });
});
