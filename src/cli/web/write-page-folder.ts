/**
 * Where `idemsim web --out <dir>` writes the page: the folder is checked before anything is built
 * (a typo costs a second, not the build), and written whole or not at all: a new folder is made
 * under a temporary name and renamed into place; an existing one gets its index.html replaced by
 * rename. A folder with other files in it is refused: the page is not written among someone's files.
 */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../cli-io.js';
import { writeWhole } from '../output.js';

/** The one file the folder holds. */
export const PAGE_FILE = 'index.html';

/** Throws a UsageError (one line) unless `dir` can take the page. */
export function checkPageFolder(dir: string): void {
  const parent = dirname(resolve(dir));
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new UsageError(`cannot write ${dir}: no folder ${dirname(dir)} to make it in`);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new UsageError(
        `cannot write ${dir}: it is a file; give a folder for the page, like --out workshop`,
      );
    const others = readdirSync(dir).filter((name) => name !== PAGE_FILE);
    if (others.length > 0)
      throw new UsageError(
        `cannot write ${dir}: it has other files in it (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}); give a new or empty folder`,
      );
  }
  const target = existsSync(dir) ? dir : parent;
  try {
    accessSync(target, constants.W_OK);
  } catch {
    throw new UsageError(
      `cannot write ${dir}: the folder ${target === dir ? dir : dirname(dir)} is not writable`,
    );
  }
}

/** Writes the page into `dir` whole; returns the page's path. */
export function writePageFolder(dir: string, html: string): string {
  const page = join(dir, PAGE_FILE);
  if (existsSync(dir)) {
    writeWhole(page, html);
    return page;
  }
  const temporary = join(dirname(resolve(dir)), `.${basename(resolve(dir))}.tmp-${process.pid}`);
  try {
    mkdirSync(temporary);
    writeFileSync(join(temporary, PAGE_FILE), html);
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw new UsageError(`cannot write ${dir}: ${(error as Error).message}`);
  }
  return page;
}
