/**
 * Imports a user's own module from a path (`--strategy ./mine.ts`, `--property ./mine.ts`).
 *
 * TypeScript is compiled on the fly by tsx's programmatic API (esbuild: it strips types and does
 * not type-check, so a type error that still runs is not reported here). `tsImport` registers its
 * hooks in a private namespace, so nothing else this process imports changes. It loads .js and
 * .mjs too, so there is one path for every kind of file.
 *
 * Every way a file can be wrong (missing, a directory, not a module, does not compile, throws while
 * loading) becomes one UsageError line naming the file and the problem.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './cli-io.js';

const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** A reference with a slash or a module extension is a file; anything else names a built-in. */
export function isModulePath(reference: string): boolean {
  return /[/\\]/.test(reference) || /\.(ts|js|mjs)$/.test(reference);
}

/** `reference` is resolved against `cwd`; it is also how every error names the file. `what` says what the file should hold. */
export async function importUserModule(
  reference: string,
  what: string,
  cwd: string = process.cwd(),
): Promise<Readonly<Record<string, unknown>>> {
  const path = resolve(cwd, reference);
  if (!existsSync(path)) throw new UsageError(`${reference}: no such file (paths are read from ${cwd})`);
  if (!statSync(path).isFile())
    throw new UsageError(`${reference}: is a directory; give the ${what}'s .ts, .js or .mjs file`);
  if (!MODULE_EXTENSIONS.includes(extname(path)))
    throw new UsageError(`${reference}: expected a .ts, .js or .mjs file`);
  // tsx (and its esbuild) load only when a user's module does: the built-ins need neither.
  const { tsImport } = await import('tsx/esm/api');
  try {
    return (await tsImport(pathToFileURL(path).href, { parentURL: import.meta.url })) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw new UsageError(`${reference}: could not be loaded: ${firstLineOf(error)}`);
  }
}

/**
 * esbuild's message starts "Transform failed with 1 error:" and names the place on a later line;
 * a thrown error has its message first. Either way the useful part fits one line.
 */
function firstLineOf(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
      : String(error);
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const located = lines.find((line) => /ERROR:/.test(line));
  return (located ?? lines[0] ?? 'unknown error').replace(/\s+/g, ' ');
}
