/**
 * Exit codes mean one thing each: 0 done, 1 an expectation failed, 2 bad input, 70 a bug in
 * idemsim (one line, the stack only with --debug). The internal error is provoked through the
 * injected output, the one part of the CLI a test can break without breaking the code under test.
 */
import { describe, expect, it } from 'vitest';
import { EXIT_INTERNAL_ERROR } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/main.js';
import { runCli } from './run-cli.js';

async function withBrokenStdout(...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, {
    out: () => {
      throw new TypeError('stdout went away');
    },
    err: (text) => {
      stderr += text;
    },
    colour: false,
  });
  return { code, stderr };
}

describe('exit codes', () => {
  it('an internal error is exit 70 and one line saying what failed and where to report it', async () => {
    expect(EXIT_INTERNAL_ERROR).toBe(70);
    expect(await withBrokenStdout('list')).toEqual({
      code: 70,
      stderr:
        'idemsim: internal error in list (a bug in idemsim, not in your input): TypeError: stdout went away; please report it to the idemsim maintainers with the command you ran and what it prints with --debug\n',
    });
  });

  it('prints the stack of an internal error only under --debug (before or after the command)', async () => {
    for (const argv of [
      ['--debug', 'list'],
      ['list', '--debug'],
    ]) {
      const { code, stderr } = await withBrokenStdout(...argv);
      const [line, ...stack] = stderr.split('\n');
      expect(code).toBe(70);
      expect(line).toMatch(/^idemsim: internal error in list .*and the stack below$/);
      expect(stack[0]).toBe('TypeError: stdout went away');
      expect(stack[1]).toMatch(/^ {4}at /);
    }
  });

  it('documents every code in --help', async () => {
    const { code, stdout } = await runCli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Exit codes:\n' +
        '  0    done\n' +
        "  1    a scenario's stated expectation did not hold (hunt: a counterexample was found;\n" +
        '       conform: a real server answered otherwise than the model)\n' +
        '  2    bad input: one line per problem on stderr\n' +
        '  70   internal error: a bug in idemsim; one line on stderr (the stack with --debug)\n' +
        '  130  Ctrl-C at a prompt (play)\n',
    );
    expect(stdout).toContain('--debug');
  });

  it('bad input stays exit 2 in one line, whatever --debug says', async () => {
    const result = await runCli('--debug', 'run', '99-nothing');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });
});
