/**
 * The seeded random source. One integer seeds the root; every subsystem takes a named fork, so
 * that adding a client or a fault does not reshuffle the draws of anything else.
 *
 * A fork is a pure function of (root seed, fork path): forking the same name twice gives two
 * generators with the same stream, so each purpose must use its own name.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** 32-bit FNV-1a: a stable hash of a fork name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The murmur3 finaliser: spreads a small change of input over all 32 bits. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  private readonly generator: JumpableRandomGenerator;

  /**
   * @param seed any safe integer; only its low 32 bits feed the generator.
   * @param path the fork path, for diagnostics ("root/network").
   */
  constructor(
    readonly seed: number,
    readonly path: string = 'root',
  ) {
    this.generator = xoroshiro128plus(seed | 0);
  }

  /** An independent generator for one named purpose. */
  fork(name: string): Rng {
    return new Rng(mix32((this.seed | 0) ^ fnv1a(`${this.path}/${name}`)), `${this.path}/${name}`);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  /** True with the given probability (0..1). */
  chance(probability: number): boolean {
    return probability > 0 && this.float() < probability;
  }

  /** One element, uniformly; throws on an empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: nothing to pick from');
    return items[this.int(0, items.length - 1)] as T;
  }
}
