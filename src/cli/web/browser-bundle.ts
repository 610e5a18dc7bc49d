/**
 * Bundles a module of src/web (or its compiled copy in dist/web) and everything it imports, the
 * simulator's libraries included, into one script a browser runs. esbuild does it at run time:
 * `idemsim web` always bundles the code it runs itself, from sources (tsx, tests) or dist alike.
 *
 * What the libraries need from Node, and what the bundle gives them instead (the smallest change
 * that makes them run; the stores themselves are the very pg-mem and ioredis-mock the CLI runs):
 * - ioredis-mock: its own browser build (package.json "browser") loads ioredis's utils, which read
 *   `fs` when they load, and throws; the bundle takes its Node build instead (lib/index.js) with:
 *   `events` and `Buffer` from the npm packages `events` and `buffer` (browser ports of Node's);
 *   `process.nextTick` as `queueMicrotask` (it defers its connect/end events with it);
 *   `crypto` and `stream` as stand-ins that say why on use (Lua scripts and SCAN streams only).
 * - fengari (ioredis-mock's Lua): reads `process.env.FENGARICONF` when it loads; defined as
 *   undefined, its browser branch runs, so its Node-only libraries (fs, os, child_process) are
 *   never loaded; they resolve to an empty module.
 * - pg-mem, pgsql-ast-parser, zod, yaml, hdr-histogram-js, pure-rand: nothing.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** This file's extension: the bundle's entries are .ts beside the sources, .js in dist/. */
const EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** A module of src/web (path inside it, without extension) as a file path. */
export function webModule(name: string): string {
  return fileURLToPath(new URL(`../../web/${name}${EXTENSION}`, import.meta.url));
}

/** Node modules the libraries import that never run in the simulator (see absent-module.ts). */
const ABSENT = ['fs', 'path', 'os', 'child_process', 'tty', 'util', 'readline-sync', 'tmp'];

function aliases(): Record<string, string> {
  const absent = webModule('node-shims/absent-module');
  return {
    'ioredis-mock': require.resolve('ioredis-mock'),
    events: require.resolve('events/'),
    crypto: webModule('node-shims/crypto-without-hash'),
    stream: webModule('node-shims/stream-without-readable'),
    ...Object.fromEntries(ABSENT.map((name) => [name, absent])),
  };
}

/** The bundle of `entry` as one classic script (an IIFE), minified. Throws esbuild's error on failure. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    // Minified names would change what `.name` says of a class or function; libraries read it.
    keepNames: true,
    alias: aliases(),
    inject: [webModule('node-shims/buffer-global')],
    define: { 'process.nextTick': 'queueMicrotask', 'process.env.FENGARICONF': 'undefined' },
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.text;
}
