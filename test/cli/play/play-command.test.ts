import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';

describe('idemsim play (arguments)', () => {
  it('refuses an unknown scenario before asking anything: one line, exit code 2', async () => {
    const { code, stdout, stderr } = await runCli('play', '99-nothing');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^idemsim: no scenario "99-nothing"; bundled: 01-happy-path, .*\n$/);
  });

  it('refuses a strategy it cannot load before asking anything', async () => {
    expect(await runCli('play', '05', '--strategies', 'none,nope')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^idemsim: unknown strategy "nope"/),
    });
  });

  it('says how to move and how to leave in its help', async () => {
    const { code, stdout } = await runCli('play', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Move with the arrow keys, choose with Enter, leave with Quit or Ctrl-C (exit code 130).',
    );
  });

  it('refuses without a terminal in one line, exit 2, once the arguments are good', async () => {
    expect(await runCli('play', '01', '--jobs', '1')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'idemsim: play asks questions and needs a terminal, but standard input is not one; for a script use idemsim compare\n',
    });
  });
});
