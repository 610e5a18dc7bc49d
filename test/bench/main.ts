/**
 * `npm run bench`: every benchmark, each printing ratios measured within one run.
 */
import { benchEngine } from './engine-bench.js';

const sections: Array<() => Promise<string[]>> = [() => benchEngine()];
for (const section of sections) {
  for (const line of await section()) process.stdout.write(`${line}\n`);
}
