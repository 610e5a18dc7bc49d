/**
 * Joins a complete set of shard files back into what one unsharded run computes, or says in one
 * line why the set is not one run: another format version, another command, other options, a
 * shard missing or given twice, or a shard that does not hold its share.
 *
 * Compare and sweep: each series was computed whole on one shard, so the joined summaries are the
 * unsharded ones. Hunt: each shard tried one contiguous block of the same fast-check case stream
 * and stopped at its first failure, so the failure with the lowest case index is the one the
 * unsharded search stops at, and its shrinking (from the same seed and path) is the same.
 */
import type { SeriesSummary } from './series-summary.js';
import { assignShards, caseBlock } from './shard-assignment.js';
import {
  SHARD_FORMAT,
  SHARD_FORMAT_VERSION,
  seriesCosts,
  type CompareShard,
  type HuntShard,
  type HuntShardOutcome,
  type ShardFile,
  type SweepShard,
} from './shard-file.js';

/** A shard file as read: its name (for messages) and its parsed JSON. */
export interface NamedShard {
  readonly name: string;
  readonly data: unknown;
}

export type JoinedShards =
  | { readonly command: 'compare'; readonly run: CompareShard['run']; readonly series: SeriesSummary[] }
  | { readonly command: 'sweep'; readonly run: SweepShard['run']; readonly series: SeriesSummary[] }
  | { readonly command: 'hunt'; readonly run: HuntShard['run']; readonly outcome: HuntShardOutcome };

export type JoinResult =
  | { readonly ok: true; readonly joined: JoinedShards }
  | { readonly ok: false; readonly problem: string };

type Named = { readonly name: string; readonly file: ShardFile };

export function joinShards(shards: readonly NamedShard[]): JoinResult {
  const read = readAll(shards);
  if (typeof read === 'string') return { ok: false, problem: read };
  const problem = setProblem(read);
  if (problem !== undefined) return { ok: false, problem };
  const sorted = [...read].sort((a, b) => a.file.shard.index - b.file.shard.index).map(({ file }) => file);
  const first = sorted[0] as ShardFile;
  if (first.command === 'hunt') return joinHunt(read as Array<Named & { file: HuntShard & ShardFile }>);
  return joinSeries(read as Array<Named & { file: (CompareShard | SweepShard) & ShardFile }>);
}

function readAll(shards: readonly NamedShard[]): Named[] | string {
  if (shards.length === 0) return 'give the shard files to merge, like: idemsim merge shard-*.json';
  const named: Named[] = [];
  for (const { name, data } of shards) {
    const file = data as Partial<ShardFile> | null;
    if (typeof file !== 'object' || file === null || file.format !== SHARD_FORMAT)
      return `${name} is not an idemsim shard file (write one with --shard i/n)`;
    if (file.version !== SHARD_FORMAT_VERSION)
      return `${name} is shard format version ${String(file.version)}; this idemsim reads version ${SHARD_FORMAT_VERSION}: run every shard with the same idemsim`;
    named.push({ name, file: file as ShardFile });
  }
  return named;
}

/** Every shard of one run, each once. */
function setProblem(shards: readonly Named[]): string | undefined {
  const [first] = shards as [Named];
  const { command, shard, run } = first.file;
  for (const { name, file } of shards) {
    if (file.command !== command)
      return `${name} is a ${file.command} shard but ${first.name} is a ${command} shard`;
    if (file.shard.count !== shard.count)
      return `${name} is shard ${file.shard.index}/${file.shard.count} but ${first.name} is one of ${shard.count}`;
    const differs = differingField(run, file.run);
    if (differs !== undefined)
      return `${name} ran with a different ${differs} than ${first.name}: merge only shards of one run, all run with the same options`;
  }
  const byIndex = new Map<number, string>();
  for (const { name, file } of shards) {
    const twice = byIndex.get(file.shard.index);
    if (twice !== undefined)
      return `shard ${file.shard.index}/${shard.count} is given twice: ${twice} and ${name}`;
    byIndex.set(file.shard.index, name);
  }
  const missing = Array.from({ length: shard.count }, (_, index) => index + 1).filter(
    (index) => !byIndex.has(index),
  );
  if (missing.length > 0)
    return `${missing.map((index) => `shard ${index}/${shard.count}`).join(', ')} missing: merge needs all ${shard.count} shards of the run`;
  return undefined;
}

/** The first top-level field of what was run that differs, or undefined when the runs are the same. */
function differingField(a: object, b: object): string | undefined {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const field = (value: object, key: string): string =>
    JSON.stringify((value as Record<string, unknown>)[key]);
  return keys.find((key) => field(a, key) !== field(b, key));
}

function joinSeries(
  shards: ReadonlyArray<Named & { file: (CompareShard | SweepShard) & ShardFile }>,
): JoinResult {
  const { file: first } = shards[0] as Named & { file: CompareShard | SweepShard };
  const owner = assignShards(seriesCosts(first.run), first.shard.count);
  const series: SeriesSummary[] = [];
  for (const { name, file } of shards) {
    const expected = owner.flatMap((shard, job) => (shard === file.shard.index ? [job] : []));
    const held = file.series.map(({ job }) => job);
    if (JSON.stringify(held) !== JSON.stringify(expected))
      return {
        ok: false,
        problem: `${name} does not hold the series of shard ${file.shard.index}/${file.shard.count}`,
      };
    for (const { job, summary } of file.series) series[job] = summary;
  }
  return { ok: true, joined: { command: first.command, run: first.run, series } as JoinedShards };
}

function joinHunt(shards: ReadonlyArray<Named & { file: HuntShard & ShardFile }>): JoinResult {
  const { file: first } = shards[0] as Named & { file: HuntShard & ShardFile };
  for (const { name, file } of shards) {
    const block = caseBlock(file.shard, file.run.runs);
    if (block.first !== file.cases.first || block.end !== file.cases.end)
      return {
        ok: false,
        problem: `${name} does not hold the cases of shard ${file.shard.index}/${file.shard.count}`,
      };
  }
  const finds = shards
    .map(({ file }) => file.outcome)
    .filter((outcome) => outcome.found)
    .sort((a, b) => a.runs - b.runs);
  const earliest = finds[0];
  if (earliest !== undefined)
    return { ok: true, joined: { command: 'hunt', run: first.run, outcome: earliest } };
  const outcomes = shards.map(({ file }) => file.outcome);
  return {
    ok: true,
    joined: {
      command: 'hunt',
      run: first.run,
      outcome: {
        found: false,
        runs: outcomes.reduce((sum, outcome) => sum + outcome.runs, 0),
        interrupted: outcomes.some((outcome) => !outcome.found && outcome.interrupted),
      },
    },
  };
}
