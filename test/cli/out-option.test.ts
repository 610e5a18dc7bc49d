/**
 * --out is checked before anything runs (a typo costs a second, not the simulation), and a
 * failed write never leaves its temporary file behind.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWhole } from '../../src/cli/output.js';
import { runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'idemsim-out-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Every bundled scenario with 100,000 payments would run for many minutes: these finish in the
// test's time budget only because --out is refused first.
const HUGE = ['--payments', '100000', '--jobs', '1'];

describe('--out', () => {
  it('to a folder is refused in one line before the simulation, and leaves nothing behind', async () => {
    const target = join(folder, 'a-folder');
    mkdirSync(target);
    for (const argv of [
      ['compare', ...HUGE, '--out', target],
      ['sweep', '02', '--vary', 'client.timeout=1s..2s', ...HUGE, '--out', target],
      ['hunt', '--strategy', 'none', '--runs', '100000', '--out', target],
    ]) {
      expect(await runCli(...argv)).toEqual({
        code: 2,
        stdout: '',
        stderr: `idemsim: cannot write ${target}: it is a folder; give a file name inside it\n`,
      });
    }
    expect(readdirSync(folder)).toEqual(['a-folder']);
  });

  it('into a folder that does not exist is refused before the simulation', async () => {
    const target = join(folder, 'missing', 'result.json');
    expect(await runCli('compare', ...HUGE, '--json', '--out', target)).toEqual({
      code: 2,
      stdout: '',
      stderr: `idemsim: cannot write ${target}: no folder ${join(folder, 'missing')} to write into\n`,
    });
  });

  it('a write that fails at the rename removes its temporary file', () => {
    const target = join(folder, 'another-folder');
    mkdirSync(target);
    expect(() => writeWhole(target, 'text\n')).toThrow(`cannot write ${target}:`);
    expect(readdirSync(folder).sort()).toEqual(['a-folder', 'another-folder']);
  });
});
