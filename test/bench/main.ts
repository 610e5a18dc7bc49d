/**
 * `npm run bench`: every benchmark, each printing ratios measured within one run.
 * `npm run bench -- engine redis` runs only the named sections (`report`: the HTML report's size); `npm run bench -- scale` the
 * growth from 10^4 to 10^6 payments (minutes, so only when named); `npm run bench -- web` the
 * workshop page's first runs in headless Chromium.
 */
import { benchCompare } from './compare-bench.js';
import { benchEngine } from './engine-bench.js';
import { benchHunt } from './hunt-bench.js';
import { benchPostgres } from './postgres-bench.js';
import { benchRedis } from './redis-bench.js';
import { benchReport } from './report-bench.js';
import { benchScale } from './scale-bench.js';
import { benchWeb } from './web-bench.js';

const sections: Record<string, () => Promise<string[]>> = {
  engine: () => benchEngine(),
  postgres: benchPostgres,
  redis: benchRedis,
  compare: benchCompare,
  hunt: benchHunt,
  report: benchReport,
  scale: benchScale,
  web: benchWeb,
};
/** Sections that take minutes: run only when named. */
const onlyWhenNamed = new Set(['scale']);
const wanted = process.argv.slice(2);
for (const [name, section] of Object.entries(sections)) {
  if (wanted.length > 0 ? !wanted.includes(name) : onlyWhenNamed.has(name)) continue;
  for (const line of await section()) process.stdout.write(`${line}\n`);
  process.stdout.write('\n');
}
