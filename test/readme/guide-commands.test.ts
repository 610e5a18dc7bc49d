import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const ROOT = join(import.meta.dirname, '../..');

/** Every `node bin/idemsim.js explain ...` a document quotes, without any pipe after it. */
function explainCommands(file: string): string[][] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const commands = [...text.matchAll(/node bin\/idemsim\.js (explain [^`\n|]*)/g)].map((match) =>
    (match[1] as string).trim(),
  );
  return [...new Set(commands)].map((command) => command.split(/\s+/));
}

describe.each(['scenarios/README.md', 'README.md'])('the explain commands %s quotes', (file) => {
  const commands = explainCommands(file);

  it('are there to check', () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  it.each(commands.map((argv) => [argv.join(' '), argv]))('%s tells a story', async (_, argv) => {
    const { code, stdout, stderr } = await runCli(...(argv as string[]));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^\S+ · strategy \S+ · seed \d+ · payment \S+\nverdict: /);
  });
});
