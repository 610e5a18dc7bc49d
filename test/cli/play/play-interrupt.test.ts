/**
 * Ctrl-C in `idemsim play`, as a separate process sees it: exit code 130 and no stack trace.
 * The CLI runs from its sources through tsx (as the worker pool does under the test runner), so
 * the test needs no build and cannot pass on a stale one; it types through pipes, so it runs the
 * entry that takes them for a terminal (test/fixtures/play-on-pipes.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `idemsim play ...args`, presses Ctrl-C once `question` is on screen, and waits for the exit. */
function interruptAt(question: string, args: readonly string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const entry = 'test/fixtures/play-on-pipes.ts';
    const child = spawn(process.execPath, ['--import', 'tsx', entry, 'play', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let [stdout, stderr, pressed] = ['', '', false];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (!pressed && stdout.includes(question)) {
        pressed = true;
        child.stdin.write('\x03');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('idemsim play, interrupted', () => {
  it('leaves with exit code 130 and no stack trace when Ctrl-C is pressed at a prompt', async () => {
    const exit = await interruptAt('What now?', ['01', '--jobs', '1']);
    // One assertion, so a failure shows what the process printed on stderr.
    expect({
      code: exit.code,
      stderr: exit.stderr,
      asked: exit.stdout.includes('01-happy-path: A healthy system'),
    }).toEqual({
      code: 130,
      stderr: '',
      asked: true,
    });
  });

  it('refuses in one line, exit 2, when standard input is not a terminal, instead of waiting', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'play', '01'], {
      cwd: ROOT,
      encoding: 'utf8',
      input: '',
    });
    expect({ code: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'idemsim: play asks questions and needs a terminal, but standard input is not one; for a script use idemsim compare\n',
    });
  });
});
