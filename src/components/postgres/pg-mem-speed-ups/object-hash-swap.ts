/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * pg-mem (3.0.14) names every expression it compiles by `object-hash` (2.2.0) of a small object
 * (`{ left, op, right }` of hashes, a cast of a hash...), and compares those names to find the
 * indexes a statement may use. `object-hash` feeds SHA-1 one small piece at a time (two to four
 * native calls per value, a fresh hash object and its options per call): profiled, a fifth of
 * recovery-point's CPU time. `fastObjectHash` writes the same pieces into one string, in the same
 * order, and hashes that string once: SHA-1 of the concatenation is SHA-1 of the pieces fed one by
 * one, so every name is the very hex string `object-hash` gives (a test compares them). Values it
 * does not mirror (typed arrays, maps, sets, dates...) and calls with options go to `object-hash`.
 *
 * `installFastObjectHash` puts it in the place of `object-hash` in Node's module cache before
 * pg-mem loads (pg-mem-instance.ts imports this file first), so that pg-mem's `require` gets it.
 * Where there is no Node module system (the browser bundle) it does nothing: pg-mem then uses
 * `object-hash` as published, with the same answers.
 */

type Hasher = (value: unknown, options?: unknown) => string;

/** How `object-hash` tells a native function (its own test, cached: a function's source never changes). */
const NATIVE = /^function\s+\w*\s*\(\s*\)\s*{\s+\[native code\]\s+}$/i;
const nativeFunctions = new WeakMap<object, boolean>();

function isNativeFunction(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  let native = nativeFunctions.get(value);
  if (native === undefined) {
    native = NATIVE.test(Function.prototype.toString.call(value));
    nativeFunctions.set(value, native);
  }
  return native;
}

/** Thrown on a value `object-hash` writes in a way not mirrored here: the whole value goes to it instead. */
const NOT_MIRRORED = Symbol('not mirrored');

/**
 * The pieces `object-hash` writes for `value` with its default options (sha1, hex, objects'
 * keys sorted, arrays in order, types respected, functions with names and properties), joined.
 */
export function objectHashText(value: unknown): string {
  const context: unknown[] = [];
  let text = '';
  const dispatch = (item: unknown): void => {
    if (item === null) text += 'Null';
    else if (item === undefined) text += 'Undefined';
    else if (typeof item === 'string') text += `string:${item.length}:${item}`;
    else if (typeof item === 'number') text += `number:${item.toString()}`;
    else if (typeof item === 'boolean') text += `bool:${item.toString()}`;
    else if (typeof item === 'function') writeFunction(item);
    else if (typeof item === 'object') writeObject(item);
    else throw NOT_MIRRORED;
  };
  const writeFunction = (fn: object): void => {
    text += 'fn:';
    dispatch(isNativeFunction(fn) ? '[native]' : Function.prototype.toString.call(fn));
    dispatch(`function-name:${String((fn as { name?: unknown }).name)}`);
    writeObject(fn);
  };
  const writeObject = (object: object): void => {
    const kind = Object.prototype.toString.call(object);
    const seen = context.indexOf(object);
    if (seen >= 0) {
      dispatch(`[CIRCULAR:${seen}]`);
      return;
    }
    context.push(object);
    if (kind === '[object Array]') {
      const array = object as unknown[];
      text += `array:${array.length}:`;
      for (const entry of array) dispatch(entry);
      return;
    }
    if (kind !== '[object Object]' && kind !== '[object Function]') throw NOT_MIRRORED;
    const keys = Object.keys(object).sort();
    if (!isNativeFunction(object)) keys.unshift('prototype', '__proto__', 'constructor');
    text += `object:${keys.length}:`;
    for (const key of keys) {
      dispatch(key);
      text += ':';
      dispatch((object as Record<string, unknown>)[key]);
      text += ',';
    }
  };
  dispatch(value);
  return text;
}

/** Hashes already given, by their text: pg-mem names the same few expressions again and again. */
const MEMO_MAX = 20_000;

/**
 * `object-hash`'s answer for every value, from one SHA-1 of `objectHashText` (`sha1hex`), or from
 * `original` itself for what is not mirrored.
 */
export function fastObjectHash(original: Hasher, sha1hex: (text: string) => string): Hasher {
  const memo = new Map<string, string>();
  const fast = (value: unknown, options?: unknown): string => {
    if (options !== undefined || value === undefined) return original(value, options);
    let text: string;
    try {
      text = objectHashText(value);
    } catch (error) {
      if (error === NOT_MIRRORED) return original(value);
      throw error;
    }
    let hex = memo.get(text);
    if (hex === undefined) {
      hex = sha1hex(text);
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(text, hex);
    }
    return hex;
  };
  // The sugar `object-hash` exports beside the function (pg-mem uses none of them, others might).
  return Object.assign(fast, original);
}

interface NodeModuleApi {
  createRequire(from: string): NodeJS.Require;
}

interface NodeCrypto {
  createHash(algorithm: string): {
    update(text: string, encoding: 'utf8'): { digest(encoding: 'hex'): string };
  };
  /** One-shot (Node 20.12 on): no hash object per call. Strings are hashed as UTF-8, as `update` does. */
  hash?(algorithm: string, text: string, encoding: 'hex'): string;
}

/**
 * Puts `fastObjectHash` where pg-mem's `require('object-hash')` finds it. Returns whether it did
 * (false: no Node module system, object-hash not found, or pg-mem already loaded it).
 */
export function installFastObjectHash(): boolean {
  const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const moduleApi = nodeProcess?.getBuiltinModule?.('node:module') as NodeModuleApi | undefined;
  const crypto = nodeProcess?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  if (moduleApi === undefined || crypto === undefined) return false;
  try {
    const fromPgMem = moduleApi.createRequire(moduleApi.createRequire(import.meta.url).resolve('pg-mem'));
    const path = fromPgMem.resolve('object-hash');
    const original = fromPgMem('object-hash') as Hasher;
    const cached = fromPgMem.cache[path];
    if (cached === undefined || cached.exports !== original) return false;
    const { hash } = crypto;
    const sha1hex =
      hash === undefined
        ? (text: string) => crypto.createHash('sha1').update(text, 'utf8').digest('hex')
        : (text: string) => hash('sha1', text, 'hex');
    cached.exports = fastObjectHash(original, sha1hex);
    return true;
  } catch {
    return false;
  }
}

/** Whether pg-mem hashes with `fastObjectHash` in this thread. */
export const fastObjectHashInstalled = installFastObjectHash();
