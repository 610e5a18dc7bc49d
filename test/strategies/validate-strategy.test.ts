import { describe, expect, it } from 'vitest';
import { strategies } from '../../src/strategies/registry.js';
import { strategyFromExports, validateStrategy } from '../../src/strategies/validate-strategy.js';
import { strategy as exampleStrategy } from '../fixtures/user-strategy.js';

const BUILT_IN = new Set(strategies.keys());

/** A minimal correct strategy; each test breaks one member of a copy. */
const valid = {
  name: 'my-strategy',
  summary: 'Charges on every request',
  assumes: 'Nothing repeats',
  breaksUnder: 'Every retry',
  defaults: {},
  *handle() {
    return { status: 201, body: null };
  },
};

function problemsOf(value: unknown): readonly string[] {
  const check = validateStrategy(value, BUILT_IN);
  return check.ok ? [] : check.problems;
}

describe('validateStrategy', () => {
  it('accepts a correct strategy and returns it unchanged', () => {
    expect(validateStrategy(valid, BUILT_IN)).toEqual({ ok: true, strategy: valid });
  });

  it('accepts the example user strategy and every built-in one (with its name not reserved)', () => {
    expect(problemsOf(exampleStrategy)).toEqual([]);
    for (const strategy of strategies.values()) expect(validateStrategy(strategy, new Set()).ok).toBe(true);
  });

  it('accepts the optional members when they have the right types', () => {
    const full = {
      ...valid,
      setup: function* () {},
      consume: function* () {},
      validateConfig: () => [],
      workers: [{ name: 'reaper', *run() {} }],
    };
    expect(problemsOf(full)).toEqual([]);
  });

  it('names every missing member, in interface order', () => {
    expect(problemsOf({})).toEqual([
      'has no name (a kebab-case string like "my-strategy")',
      'has no summary (a string: one line, what it does)',
      'has no assumes (a string: what it relies on being true)',
      'has no breaksUnder (a string: what breaks it)',
      'has no defaults (an object of settings, {} when there are none)',
      'has no handle(request, ctx) generator method',
    ]);
  });

  it('says what a wrongly typed member holds instead', () => {
    expect(problemsOf({ ...valid, name: 7, summary: ['x'], defaults: 'none', handle: 'charge' })).toEqual([
      'has name set to a number, not a kebab-case string',
      'has summary set to an array, not a string',
      'has defaults set to a string, not an object',
      'has handle set to a string, not a handle(request, ctx) generator method',
    ]);
  });

  it('wants a kebab-case name that no built-in strategy uses', () => {
    expect(problemsOf({ ...valid, name: 'My Strategy' })).toEqual([
      'has name "My Strategy", which is not kebab-case (like "my-strategy")',
    ]);
    expect(problemsOf({ ...valid, name: 'none' })).toEqual([
      'has name "none", which a built-in strategy already uses; choose another',
    ]);
  });

  it('rejects an async handler, setup or worker: the simulator drives generators', () => {
    const asyncStrategy = {
      ...valid,
      async handle() {},
      async *setup() {},
      workers: [{ name: 'w', async run() {} }],
    };
    expect(problemsOf(asyncStrategy)).toEqual([
      'has an async handle; write it as a generator (*handle) and yield* each port call',
      'has an async setup; write it as a generator (*setup) and yield* each port call',
      'has an async workers[0].run; write it as a generator (*run) and yield* each port call',
    ]);
  });

  it('checks the optional members only when present', () => {
    expect(problemsOf({ ...valid, setup: 1, consume: null, validateConfig: 'yes', workers: {} })).toEqual([
      'has setup set to a number, not a setup(ctx) generator method',
      'has consume set to null, not a consume(record, ctx) generator method',
      'has validateConfig set to a string, not a validateConfig(config) method returning problems',
      'has workers set to an object, not an array',
    ]);
    expect(problemsOf({ ...valid, workers: [1, { run: () => undefined }, { name: 'x' }] })).toEqual([
      'has workers[0] that is not an object with a name and a run(ctx) generator method',
      'has workers[1] without a name (a string)',
      'has workers[2] without a run(ctx) generator method',
    ]);
  });

  it('rejects what is not an object at all', () => {
    expect(problemsOf(null)).toEqual(['is not an object (got null)']);
    expect(problemsOf(() => valid)).toEqual(['is not an object (got a function)']);
    expect(problemsOf([valid])).toEqual(['is not an object (got an array)']);
  });
});

describe('strategyFromExports', () => {
  it('takes the export named `strategy`, whatever else the module exports', () => {
    expect(strategyFromExports({ strategy: valid, other: { ...valid, name: 'other' } }, BUILT_IN)).toEqual({
      ok: true,
      strategy: valid,
    });
  });

  it('else takes the only export that looks like a strategy, under any name', () => {
    expect(strategyFromExports({ mine: valid, helper: () => 1, TTL_MS: 5 }, BUILT_IN)).toEqual({
      ok: true,
      strategy: valid,
    });
    expect(strategyFromExports({ default: valid }, BUILT_IN)).toEqual({ ok: true, strategy: valid });
  });

  it('finds it inside `default` when the file was compiled to CommonJS', () => {
    expect(strategyFromExports({ default: { mine: valid } }, BUILT_IN)).toEqual({
      ok: true,
      strategy: valid,
    });
    expect(strategyFromExports({ default: { default: valid } }, BUILT_IN)).toEqual({
      ok: true,
      strategy: valid,
    });
  });

  it('reports a malformed strategy as one clause about the exported strategy', () => {
    const { handle: _handle, ...noHandle } = valid;
    expect(strategyFromExports({ strategy: { ...noHandle, summary: undefined } }, BUILT_IN)).toEqual({
      ok: false,
      problems: [
        'the exported strategy has no summary (a string: one line, what it does); has no handle(request, ctx) generator method',
      ],
    });
  });

  it('a half-written strategy still counts as the intended export, so its gaps are named', () => {
    expect(strategyFromExports({ mine: { name: 'mine', summary: 'x' } }, BUILT_IN)).toMatchObject({
      ok: false,
      problems: [
        expect.stringMatching(
          /^the exported strategy has no assumes .*; has no handle\(request, ctx\) generator method$/,
        ),
      ],
    });
  });

  it('says when there is nothing to run, or too much to choose from', () => {
    expect(strategyFromExports({ helper: () => 1 }, BUILT_IN)).toEqual({
      ok: false,
      problems: [
        'the module exports no strategy (an object with name, summary and handle); add `export const strategy = { ... }`',
      ],
    });
    expect(strategyFromExports({ a: valid, b: { ...valid, name: 'b' } }, BUILT_IN)).toEqual({
      ok: false,
      problems: ['the module exports several strategies (a, b); export the one to run as `strategy`'],
    });
  });
});
