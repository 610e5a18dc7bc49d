/**
 * `idemsim web --out <dir>`: the workshop page. One HTML file that runs the simulator itself in
 * the browser (a Web Worker): pick a scenario, turn play's knobs, run every strategy, see what
 * moved, step through a violation's story, save the setup as a scenario file for the CLI. It opens
 * from disk or any static host, offline, and gives the numbers `idemsim compare` gives.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { UsageError, type CliIo } from '../cli-io.js';
import { checkPageFolder, writePageFolder } from '../web/write-page-folder.js';

export function registerWebCommand(program: Command, io: CliIo): void {
  program
    .command('web')
    .description('write the workshop page: the simulator in one HTML file that runs in a browser, offline')
    .option('--out <dir>', 'the folder to write index.html into (new, empty, or one idemsim web wrote)')
    .addHelpText(
      'after',
      '\nOpen <dir>/index.html in a browser (from disk is fine), or put the folder on any static host.\n\n' +
        'Examples:\n  idemsim web --out workshop\n  idemsim web --out /tmp/idemsim-page && chromium /tmp/idemsim-page/index.html',
    )
    .action(async (flags: { out?: string }) => {
      if (flags.out === undefined || flags.out.trim() === '')
        throw new UsageError('web needs --out <dir>, the folder to write the page into, like --out workshop');
      checkPageFolder(flags.out);
      // Loaded here, not with the CLI: the bundler costs every other command start-up time.
      const { buildWebPage } = await import('../web/build-web-page.js');
      const html = await buildWebPage();
      const page = writePageFolder(flags.out, html);
      const size = (Buffer.byteLength(html) / 1e6).toFixed(1);
      io.err(`wrote ${page} (${size} MB); open it in a browser: ${pathToFileURL(resolve(page)).href}\n`);
    });
}
