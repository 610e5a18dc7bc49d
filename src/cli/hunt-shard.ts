/**
 * `hunt --shard i/n`: try this machine's block of the hunt's cases (the same fast-check case
 * stream the unsharded hunt walks), shrink what it finds there, and write a shard file. Only a
 * hunt counted in runs can be split: `--time` has no case count to divide.
 */
import type { HuntResult } from '../hunt/hunt.js';
import type { HuntProperty } from '../hunt/properties.js';
import { caseBlock, type ShardSpec } from '../experiment/shard-assignment.js';
import { shardFile, type HuntRunSpec, type HuntShardOutcome } from '../experiment/shard-file.js';
import type { Strategy } from '../strategies/strategy.js';
import { UsageError, type CliIo } from './cli-io.js';
import { emit } from './output.js';
import { progressOnStderr } from './progress.js';
import { huntOnThreads } from './hunt-pool.js';

export interface HuntShardOptions {
  readonly shard: ShardSpec;
  readonly run: HuntRunSpec;
  readonly strategy: Strategy;
  readonly properties: readonly HuntProperty[];
  readonly flags: {
    readonly time?: string;
    readonly json?: boolean;
    readonly out?: string;
    /** The shrink's budget in runs. */
    readonly shrinkRuns?: number;
    /** --jobs: worker threads to search this shard's block on. */
    readonly jobs?: number;
  };
}

export async function writeHuntShard(io: CliIo, options: HuntShardOptions): Promise<void> {
  const { shard, run, flags } = options;
  if (flags.time !== undefined)
    throw new UsageError(
      '--shard splits a hunt by its --runs cases; --time has none to split: give --runs instead',
    );
  if (flags.json === true)
    throw new UsageError(
      '--shard writes a shard file; give --json to `idemsim merge`, which prints the result',
    );
  const cases = caseBlock(shard, run.runs);
  const progress = progressOnStderr(`hunt shard ${shard.index}/${shard.count}:`);
  const request = {
    strategyReference: run.strategy,
    propertyList: run.property,
    base: run.base,
    runs: cases.end - cases.first,
    seed: run.seed,
    firstCase: cases.first,
    ...(flags.shrinkRuns === undefined ? {} : { shrinkRuns: flags.shrinkRuns }),
  };
  let result: HuntResult | undefined;
  try {
    if (cases.end > cases.first) {
      const hunted = await huntOnThreads(flags.jobs, request, options.strategy, options.properties, (step) =>
        progress.show(`hunt shard ${shard.index}/${shard.count}: ${step.phase}, ${step.runs} runs`),
      );
      result = hunted.result;
    }
  } finally {
    progress.finish();
  }
  const file = shardFile(shard, { command: 'hunt', run, cases, outcome: outcomeOf(result) });
  emit(io, `${JSON.stringify(file)}\n`, flags.out);
}

function outcomeOf(result: HuntResult | undefined): HuntShardOutcome {
  if (result === undefined) return { found: false, runs: 0, interrupted: false };
  if (!result.found) return { found: false, runs: result.runs, interrupted: result.interrupted };
  const { runs, path, shrinks, shrinkRuns, huntCase } = result;
  return { found: true, runs, path, shrinks, shrinkRuns, huntCase };
}
