import { describe, expect, it } from 'vitest';
import { timeInside } from './time-inside.js';

/** A clock the methods below move by hand, so the test knows exactly how long each one took. */
let now = 0;
const clock = (): number => now;

class Worker {
  calls = 0;
  outer(): number {
    this.calls++;
    now += 5;
    return this.inner() + 1;
  }
  inner(): number {
    this.calls++;
    now += 5;
    return 41;
  }
  untimed(): void {
    now += 20;
  }
  failing(): never {
    now += 3;
    throw new Error('boom');
  }
}

describe('timeInside', () => {
  it('counts time inside the wrapped methods once, a nested call in its caller, and keeps results', () => {
    const timer = timeInside(Worker.prototype, ['outer', 'inner'], clock);
    try {
      const worker = new Worker();
      expect(worker.outer()).toBe(42);
      worker.untimed();
      expect(worker.calls).toBe(2);
      // outer's 10 (inner's 5 inside it counted once): not 15 (inner twice), nor 30 (untimed too).
      expect(timer.elapsedMs()).toBe(10);
      expect(worker.inner()).toBe(41);
      expect(timer.elapsedMs()).toBe(15);
      timer.reset();
      expect(timer.elapsedMs()).toBe(0);
    } finally {
      timer.restore();
    }
  });

  it('counts a call that throws, and puts the methods back on restore', () => {
    const original = Worker.prototype.failing;
    const timer = timeInside(Worker.prototype, ['failing'], clock);
    expect(() => new Worker().failing()).toThrow('boom');
    expect(timer.elapsedMs()).toBe(3);
    timer.restore();
    expect(Worker.prototype.failing).toBe(original);
    expect(() => new Worker().failing()).toThrow('boom');
    expect(timer.elapsedMs()).toBe(3);
  });

  it('refuses a name that is not a method', () => {
    expect(() => timeInside(Worker.prototype, ['calls'])).toThrow('timeInside: calls is not a method');
  });
});
