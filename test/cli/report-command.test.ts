/**
 * `idemsim report`: writes one HTML file whole, says where and how big, checks --out before
 * running anything, and prints commands that reproduce what it shows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'idemsim-report-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('idemsim report', () => {
  it("writes the comparison and the harmed cell's story, with the commands that reproduce them", async () => {
    const out = join(folder, 'crash.html');
    const result = await runCli(
      'report',
      '04',
      '--strategies',
      'none,db-atomic',
      '--seeds',
      '2',
      '--jobs',
      '1',
      '--out',
      out,
    );
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`^wrote ${out} \\(\\d+ kB, 1 story of harmed payments\\)\\n$`));
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`idemsim report 04 --seeds 2 --strategies none,db-atomic --out ${out}</code>`);
    expect(html).toContain(
      'idemsim compare 04-crash-after-charge --seeds 2 --strategies none,db-atomic</code>',
    );
    expect(html).toMatch(
      /replay: idemsim explain 04-crash-after-charge --strategy none --seed \d+ --payment pay-\d+/,
    );
  });

  it('charts a sweep of each named scenario with --sweep, and exits 1 with the report written when an expectation failed', async () => {
    const out = join(folder, 'sweep.html');
    const result = await runCli(
      ...['report', '05', '--strategies', 'redis-setnx', '--seeds', '1', '--payments', '5', '--jobs', '1'],
      ...['--sweep', 'strategies.redis-setnx.lockTtl=1s..4s', '--steps', '2', '--out', out],
    );
    // Five payments are too few for the lease to run out: the scenario's expected double charge never shows.
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('  05-lease-outlived / redis-setnx: expected D E, saw no harm\n');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('✗ 1 stated expectation did not hold: 05-lease-outlived / redis-setnx');
    expect(html.match(/<svg class="chart"/g)).toHaveLength(3);
    expect(html).toContain(
      'idemsim sweep 05-lease-outlived --vary strategies.redis-setnx.lockTtl=1s..4s --steps 2 --seeds 1 --payments 5 --strategies redis-setnx</code>',
    );
  });

  it('refuses an --out it cannot write before running anything', async () => {
    const result = await runCli('report', '--out', join(folder, 'no-such-folder', 'r.html'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `idemsim: cannot write ${join(folder, 'no-such-folder', 'r.html')}: no folder ${join(folder, 'no-such-folder')} to write into\n`,
    );
  });

  it('asks for the scenario to sweep, and says a bad range as --sweep', async () => {
    const none = await runCli('report', '--sweep', 'client.timeout=1s..2s', '--out', join(folder, 'x.html'));
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toBe(
      'idemsim: --sweep needs the scenario to sweep: name it, like idemsim report 05 --sweep ...\n',
    );
    const bad = await runCli(
      'report',
      '05',
      '--sweep',
      'client.timeout=2s..1s',
      '--out',
      join(folder, 'x.html'),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^idemsim: --sweep client\.timeout=2s\.\.1s: from is above to/);
  });

  it('needs --out', async () => {
    const result = await runCli('report', '04');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--out <file>' not specified");
  });
});
