/**
 * A pg-mem speed-up: this folder makes pg-mem fast; it is not the PostgreSQL model (the folder
 * above is). It must not change any answer, only how long pg-mem takes to give it.
 *
 * Whether pg-mem would accept a value written as a literal where a live parameter of a known type
 * stood, without compiling the literal statement to find out. A live run that never read a value
 * (an UPDATE that matched no row, a poll that found nothing) must still fail where the literal
 * statement would have failed to compile, and compiling it for every fresh value was about a third
 * of the compiles left in recovery-point's runs (its completer's and reaper's polls, a new time
 * each). pg-mem 3.0.14 converts a string to a number with `Number.parseFloat`, refusing a result
 * that is not finite, or not whole for an integer type; this answers only for number types and
 * says "unknown" for every other, which the caller settles by compiling as before. Not even for
 * text: pg-mem types a parameter no cast reached as text, so "text" does not prove the literal
 * would have been one. (Where the tree names the column a value goes to, and it is plain text, the
 * caller knows more: runnable.ts, pg-mem-instance.ts `isPlainText`.)
 */

/** pg-mem's primary type names whose conversion from a string this knows. */
const INTEGERS = new Set(['integer', 'bigint']);
const FLOATS = new Set(['decimal', 'float']);

/** True: pg-mem accepts the literal; false: it refuses it; undefined: not known here (compile it). */
export function literalAccepted(type: string | undefined, value: string): boolean | undefined {
  if (type === undefined) return undefined;
  const isInteger = INTEGERS.has(type);
  if (!isInteger && !FLOATS.has(type)) return undefined;
  const number = Number.parseFloat(value);
  if (!Number.isFinite(number)) return false;
  return !isInteger || Math.floor(number) === number;
}
