/**
 * Where a command's result goes: stdout, or a file written whole (to a temporary name, then
 * renamed) so an interrupted run never leaves half a report behind.
 */
import { accessSync, constants, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
    // The rename failed (a folder of that name, a full disk): the half-done copy goes too.
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

/**
 * Throws a UsageError if `path` (an --out) cannot be written: called before a command runs its
 * simulations, so a typo costs a second, not the whole run. A missing path is nothing to check.
 */
export function checkWritable(path: string | undefined): void {
  if (path === undefined) return;
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new UsageError(`cannot write ${path}: no folder ${dirname(path)} to write into`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`cannot write ${path}: it is a folder; give a file name inside it`);
  // The file is written next to itself first and renamed over, so its folder must take new files.
  const unwritable = [...(existsSync(path) ? [path] : []), folder].find((target) => !isWritable(target));
  if (unwritable !== undefined)
    throw new UsageError(
      `cannot write ${path}: ${unwritable === folder ? `the folder ${dirname(path)}` : 'the file'} is not writable`,
    );
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
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
