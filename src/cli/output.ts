/**
 * Where a command's result goes: stdout, or a file written whole (to a temporary name, then
 * renamed) so an interrupted run never leaves half a report behind.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { UsageError, type CliIo } from './cli-io.js';

export function emit(io: CliIo, text: string, outPath: string | undefined): void {
  if (outPath === undefined) {
    io.out(text);
    return;
  }
  writeWhole(outPath, text);
  io.err(`wrote ${outPath}\n`);
}

/** Writes `text` to `path` whole (a temporary file, then a rename), or throws a UsageError saying why not. */
export function writeWhole(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/** --json, --csv and --markdown pick one format; more than one is a mistake worth saying. */
export function chosenFormat(flags: {
  json?: boolean;
  csv?: boolean;
  markdown?: boolean;
}): 'table' | 'json' | 'csv' | 'markdown' {
  const chosen = (['json', 'csv', 'markdown'] as const).filter((format) => flags[format] === true);
  if (chosen.length > 1)
    throw new UsageError(
      `choose one output format, not ${chosen.map((format) => `--${format}`).join(' and ')}`,
    );
  return chosen[0] ?? 'table';
}
