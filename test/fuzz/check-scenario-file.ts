/**
 * The property every scenario file must have: `validate` refuses it (exit 2, every line on stderr
 * a problem of the file, nothing on stdout), or it runs for every built-in strategy (exit 0 or
 * 1, no stack trace) within a time budget. The CLI is driven in-process, with three payments and
 * one seed so a run is quick.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';

/** Wall time one file's runs may take, ms (generous: the test machine is shared). */
export const RUN_BUDGET_MS = 20_000;

export type FileVerdict =
  | { readonly kind: 'refused' | 'ran' }
  | { readonly kind: 'crash' | 'slow'; readonly detail: string };

const STACK_LINE = /^\s+at |\n\s+at |Error: .*\n.*\n/;

export async function checkScenarioFile(text: string, dir: string, index: number): Promise<FileVerdict> {
  const path = join(dir, `fuzz-${index}.yaml`);
  writeFileSync(path, text);
  try {
    const validated = await runCli('validate', path);
    if (validated.code === 2) return refusal(validated.stdout, validated.stderr, path);
    if (validated.code !== 0) return crash(`validate exit ${validated.code}: ${validated.stderr}`);
    const started = performance.now();
    const ran = await runCli('compare', path, '--seeds', '1', '--payments', '3', '--jobs', '1');
    const elapsedMs = performance.now() - started;
    // The one refusal validate cannot foresee: a world too slow to deploy a strategy's setup in.
    const undeployable =
      ran.code === 2 &&
      /^idemsim: .*'s setup could not finish in this scenario's world: [^\n]*\n$/.test(ran.stderr);
    if (ran.code !== 0 && ran.code !== 1 && !undeployable)
      return crash(`compare exit ${ran.code}: ${ran.stderr}`);
    if (STACK_LINE.test(ran.stderr)) return crash(`compare printed a stack trace: ${ran.stderr}`);
    if (elapsedMs > RUN_BUDGET_MS) return { kind: 'slow', detail: `compare took ${Math.round(elapsedMs)}ms` };
    return { kind: 'ran' };
  } catch (error) {
    return crash(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}

/** Every line on stderr must be a problem of this file, one line each. */
function refusal(stdout: string, stderr: string, path: string): FileVerdict {
  const lines = stderr.trimEnd().split('\n');
  const stray = lines.find((line) => !line.startsWith(`idemsim: ${path}: `));
  if (stdout !== '' || stray !== undefined || STACK_LINE.test(stderr))
    return crash(`validate refused badly: ${stderr}`);
  return { kind: 'refused' };
}

function crash(detail: string): FileVerdict {
  return { kind: 'crash', detail };
}
