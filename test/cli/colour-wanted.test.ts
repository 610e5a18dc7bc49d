import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { colourWanted } from '../../src/cli/cli-io.js';

describe('colourWanted (no-color.org, force-color.org)', () => {
  it('colours a terminal, not a pipe, when neither variable is set', () => {
    expect([colourWanted(true, {}), colourWanted(false, {})]).toEqual([true, false]);
  });

  it('NO_COLOR set and not empty turns colour off on a terminal; empty is unset', () => {
    expect([colourWanted(true, { NO_COLOR: '1' }), colourWanted(true, { NO_COLOR: '' })]).toEqual([
      false,
      true,
    ]);
  });

  it('FORCE_COLOR set and not empty colours a pipe, and wins over NO_COLOR', () => {
    expect([
      colourWanted(false, { FORCE_COLOR: '1' }),
      colourWanted(false, { FORCE_COLOR: 'true' }),
      colourWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' }),
      colourWanted(false, { FORCE_COLOR: '' }),
    ]).toEqual([true, true, true, false]);
  });

  it('FORCE_COLOR=0 or false means no colour, even on a terminal', () => {
    expect([colourWanted(true, { FORCE_COLOR: '0' }), colourWanted(true, { FORCE_COLOR: 'false' })]).toEqual([
      false,
      false,
    ]);
  });
});

describe('idemsim with FORCE_COLOR in a pipe', () => {
  it('colours the table although stdout is not a terminal', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const args = ['compare', '01', '--strategies', 'none', '--seeds', '1', '--payments', '2', '--jobs', '1'];
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
      });
    const [forced, plain] = [run({ FORCE_COLOR: '1' }), run({})];
    expect([forced.status, forced.stdout.startsWith('\x1b[1m01-happy-path\x1b[22m')]).toEqual([0, true]);
    expect([plain.status, plain.stdout.startsWith('01-happy-path')]).toEqual([0, true]);
  }, 60_000);
});
