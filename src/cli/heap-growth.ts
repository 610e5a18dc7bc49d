/**
 * How far `idemsim run` lets V8's heap grow between two full collections: by three quarters of
 * what the last one found live.
 *
 * By default V8 picks the factor itself, up to 4x, from how fast it collects against how fast the
 * program allocates; a simulation allocates fast and collects fast, so it gets a large one. A run
 * of many payments keeps hundreds of megabytes live (pg-mem's tables and indexes), and pg-mem's
 * persistent trees promote the nodes each insert replaces to the old generation, where they wait
 * for the next full collection: a 10^6-payment run of `none` kept about 450 MB live and peaked at
 * 1.39 GB resident, its heap 2.7x its live set when it was last collected. Grown by 75 % it
 * peaked at 0.90-0.91 GB in 54-56 s (main: 1.39 GB, 55 s, the same machine just before); by 50 %
 * at 0.86 GB, but at 15 s more CPU time (26 full collections instead of 8, each marking what is
 * live), by 100 % at 1.03 GB. The limit on the heap's size is not touched: a run that fits in
 * memory still fits, it is only collected more often.
 *
 * Only the CLI sets it, for its own process (`run` builds one large world); the simulator's code
 * never depends on it.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 75;

export function growHeapByThreeQuarters(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
