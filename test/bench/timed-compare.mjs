// Child process of compare-bench.ts: runs the built CLI's `compare --json` with the given arguments
// and prints, as JSON, its own wall and CPU time (every thread) and how long importing the CLI
// took. Plain JavaScript, run by plain node: the worker threads it starts inherit its flags, so it
// must not need tsx (or `-e`).
import { performance } from 'node:perf_hooks';

const started = performance.now();
const [mainPath, ...args] = process.argv.slice(2);
const { main, buildProgram } = await import(mainPath);
// Loading the CLI's modules (pg-mem, ioredis-mock, commander...): what compare pays first. The
// CLI loads a command's modules when it builds the program for it, so build it once here.
await buildProgram({ out: () => {}, err: () => {}, colour: false }, () => {}, ['compare']);
const importS = (performance.now() - started) / 1000;
const code = await main(['compare', '--json', ...args], { out: () => {}, err: () => {}, colour: false });
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    code,
    importS,
    wallS: (performance.now() - started) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
  }),
);
