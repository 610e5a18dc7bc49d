/**
 * `idemsim web --out <dir>`: the page written whole into a new or empty folder, bad input refused
 * in one line with exit code 2 before anything is built, and nothing left behind by a refusal.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'idemsim-web-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('idemsim web', () => {
  it('writes one index.html that carries the simulator and every bundled scenario, and replaces it whole', async () => {
    const out = join(folder, 'page');
    const first = await runCli('web', '--out', out);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(
      new RegExp(
        `^wrote ${out}/index\\.html \\(\\d+\\.\\d MB\\); open it in a browser: file://${out}/index\\.html\\n$`,
      ),
    );
    expect(readdirSync(out)).toEqual(['index.html']);
    expect(readdirSync(folder)).toEqual(['page']); // no temporary folder left beside it
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const name of readdirSync(join(import.meta.dirname, '..', '..', 'scenarios')).filter((f) =>
      f.endsWith('.yaml'),
    ))
      expect(html).toContain(`"name":"${name.replace(/\.yaml$/, '')}"`);
    expect(html).toMatch(/<script type="text\/plain" id="idemsim-worker">[A-Za-z0-9+/=]{100000,}<\/script>/);
    // Nothing is fetched: no src= or href= pointing anywhere.
    expect(html).not.toMatch(/\s(src|href)="/);

    const again = await runCli('web', '--out', out);
    expect(again.code).toBe(0);
    expect(readdirSync(out)).toEqual(['index.html']);
  }, 180_000);

  it('refuses bad input in one line, exit code 2, and writes nothing', async () => {
    const busy = join(folder, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    const aFile = join(folder, 'a-file');
    writeFileSync(aFile, 'x');
    const cases: [string[], string][] = [
      [[], 'idemsim: web needs --out <dir>, the folder to write the page into, like --out workshop\n'],
      [
        ['--out', join(folder, 'no', 'such')],
        `idemsim: cannot write ${join(folder, 'no', 'such')}: no folder ${join(folder, 'no')} to make it in\n`,
      ],
      [
        ['--out', aFile],
        `idemsim: cannot write ${aFile}: it is a file; give a folder for the page, like --out workshop\n`,
      ],
      [
        ['--out', busy],
        `idemsim: cannot write ${busy}: it has other files in it (notes.txt); give a new or empty folder\n`,
      ],
    ];
    for (const [args, stderr] of cases) {
      const result = await runCli('web', ...args);
      expect(result).toEqual({ code: 2, stdout: '', stderr });
    }
    expect(readdirSync(busy)).toEqual(['notes.txt']);
    expect(existsSync(join(folder, 'no'))).toBe(false);
  });
});
