/**
 * The repository stands alone: no tracked file cites the private background document the project
 * was specified from, whose name is spelled here in two halves so that this file does not cite
 * it either. Mechanisms are named by bundled scenario and explained in scenarios/catalogue.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const OUTSIDE_NAME = ['MECHA', 'NISMS'].join('');

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path !== '' && !/(^|\/)(node_modules|dist)\//.test(path));
}

function filesCiting(paths: readonly string[], read: (path: string) => string): string[] {
  return paths.filter((path) => read(path).includes(OUTSIDE_NAME));
}

describe('the repository stands alone', () => {
  it('no tracked file names the outside mechanism document', () => {
    const paths = trackedFiles();
    expect(paths).toContain('README.md');
    expect(filesCiting(paths, (path) => readFileSync(join(ROOT, path), 'utf8'))).toEqual([]);
  });

  it('the search finds a citation where there is one', () => {
    const texts = new Map([
      ['a.md', `see ${OUTSIDE_NAME}.md, row 3`],
      ['b.md', 'see scenario 04-crash-after-charge'],
    ]);
    expect(filesCiting([...texts.keys()], (path) => texts.get(path) ?? '')).toEqual(['a.md']);
  });
});
