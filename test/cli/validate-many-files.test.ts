/**
 * `idemsim validate a b c` checks every file: each good one is ok on stdout, each bad one's
 * problems go to stderr, and the exit code is 2 if any file was bad.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'idemsim-validate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('idemsim validate with several files', () => {
  it('checks every file and reports every bad one, not only the first', async () => {
    const broken = join(folder, 'broken.yaml');
    writeFileSync(broken, 'name: broken\n: : :\n');
    const missing = join(folder, 'missing.yaml');

    const { code, stdout, stderr } = await runCli('validate', broken, '01', missing, '02');

    expect(code).toBe(2);
    expect(stdout.split('\n').map((line) => line.replace(/ \(.*$/, ''))).toEqual([
      expect.stringMatching(/^ok: .*01-happy-path\.yaml$/),
      expect.stringMatching(/^ok: .*02-client-timeout-retry\.yaml$/),
      '',
    ]);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^idemsim: ${broken}: `));
    expect(lines[lines.length - 1]).toMatch(/^idemsim: .*missing\.yaml/);
    expect(lines.every((line) => line.startsWith('idemsim: '))).toBe(true);
  });

  it('is exit 0 when every file is good', async () => {
    expect(await runCli('validate', '01', '02')).toMatchObject({ code: 0, stderr: '' });
  });
});
