/**
 * Engine throughput: events per second for N concurrent processes doing sleeps, next to a bare
 * synchronous heap loop doing the same pops and pushes (the ceiling of a heap-driven design),
 * measured in the same run so the ratio survives a noisy machine.
 */
import { performance } from 'node:perf_hooks';
import { sleep, type Proc } from '../../src/engine/effects.js';
import { EventQueue } from '../../src/engine/event-queue.js';
import { Simulation } from '../../src/engine/simulation.js';

/** Sleep lengths, varied so the heap really reorders, identical in both loops. */
function durationMs(process: number, step: number): number {
  return 1 + ((process * 7919 + step * 104_729) % 97);
}

/** Events a second of the bare engine: `processes` processes that only sleep, `eventsTotal` events in all. */
export async function engineEventsPerSec(processes: number, eventsTotal: number): Promise<number> {
  const sim = new Simulation({ seed: 1, trace: false });
  const stepsEach = Math.ceil(eventsTotal / processes);
  function* sleeper(id: number): Proc {
    for (let step = 0; step < stepsEach; step++) yield* sleep(durationMs(id, step));
  }
  for (let id = 0; id < processes; id++) sim.spawn(sleeper(id), { name: 'p' });
  const started = performance.now();
  const { steps } = await sim.run();
  return steps / ((performance.now() - started) / 1000);
}

function bareEventsPerSec(processes: number, eventsTotal: number): number {
  const queue = new EventQueue<{ time: number; seq: number; id: number; step: number }>();
  const stepsEach = Math.ceil(eventsTotal / processes);
  let seq = 0;
  for (let id = 0; id < processes; id++) queue.push({ time: 0, seq: seq++, id, step: 0 });
  let events = 0;
  const started = performance.now();
  for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) {
    events++;
    if (entry.step < stepsEach) {
      const time = entry.time + durationMs(entry.id, entry.step);
      queue.push({ time, seq: seq++, id: entry.id, step: entry.step + 1 });
    }
  }
  return events / ((performance.now() - started) / 1000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function benchEngine(eventsTotal = 1_000_000): Promise<string[]> {
  const lines = [
    'engine: events/s for N processes doing sleeps, vs a bare heap loop (5 paired runs; median ratio)',
  ];
  await engineEventsPerSec(100, 100_000); // warm up the JIT
  bareEventsPerSec(100, 100_000);
  for (const processes of [1, 100, 10_000]) {
    // Paired, interleaved runs: a noisy neighbour slows both sides of a pair alike.
    const engines: number[] = [];
    const bares: number[] = [];
    for (let pair = 0; pair < 5; pair++) {
      engines.push(await engineEventsPerSec(processes, eventsTotal));
      bares.push(bareEventsPerSec(processes, eventsTotal));
    }
    const ratio = median(engines.map((engine, index) => engine / (bares[index] as number)));
    const [engine, bare] = [median(engines), median(bares)];
    const verdict = ratio >= 0.25 ? 'ok' : 'BELOW TARGET 0.25';
    lines.push(
      `  ${String(processes).padStart(6)} processes: engine ${fmt(engine)} ev/s, bare ${fmt(bare)} ev/s, ratio ${ratio.toFixed(2)} (${verdict})`,
    );
  }
  return lines;
}

function fmt(perSec: number): string {
  return `${(perSec / 1e6).toFixed(2)}M`;
}
