/**
 * A scenario's strategy settings read against the strategy's own defaults: the same rules for a
 * built-in strategy and a user's, one line per problem with its path in the file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import {
  checkStrategySections,
  knownStrategies,
  settingFileName,
  strategyConfigFrom,
  withStrategySettings,
} from '../../src/scenario/strategy-settings.js';
import { strategies } from '../../src/strategies/registry.js';
import { strategy as userStrategy } from '../fixtures/user-strategy.js';

const redisSetnx = strategies.get('redis-setnx')!;

describe('strategy settings', () => {
  it("read a user's strategy's section in the file's units, over its defaults", () => {
    expect(strategyConfigFrom(userStrategy, { claimTtl: '2s' })).toEqual({
      ok: true,
      config: { claimTtlMs: 2000, resultTtlMs: 86_400_000 },
    });
    // Its own names and units too (code builds scenarios so), and a bare number is ms.
    expect(strategyConfigFrom(userStrategy, { claimTtlMs: 1500, resultTtl: 60_000 })).toEqual({
      ok: true,
      config: { claimTtlMs: 1500, resultTtlMs: 60_000 },
    });
    expect(strategyConfigFrom(userStrategy, undefined)).toEqual({ ok: true, config: userStrategy.defaults });
  });

  it('say what is wrong, one line each, with the path as the file writes it', () => {
    expect(
      strategyConfigFrom(userStrategy, { claimTtl: 'soon', claimTTL: '1s', resultTtl: '1m', resultTtlMs: 5 }),
    ).toEqual({
      ok: false,
      problems: [
        'strategies.redis-claim-409.claimTtl: expected a duration like "5s" or "250ms", got "soon"',
        'strategies.redis-claim-409.claimTTL: unknown setting; known: claimTtl, resultTtl',
        'strategies.redis-claim-409.resultTtlMs: set twice (as resultTtl and as resultTtlMs); keep one',
      ],
    });
    expect(strategyConfigFrom(redisSetnx, { loserAnswer: 'maybe', lockTtl: true })).toEqual({
      ok: false,
      problems: [
        'strategies.redis-setnx.lockTtl: expected a duration like "5s" or "250ms", got true',
        'strategies.redis-setnx.loserAnswer: expected "in-progress" or "409"',
      ],
    });
    expect(strategyConfigFrom(redisSetnx, { whenUnavailable: 3 })).toEqual({
      ok: false,
      problems: ['strategies.redis-setnx.whenUnavailable: expected a string'],
    });
  });

  it('check every section of a scenario against the known strategies, and list the names none has', () => {
    const scenario: Scenario = {
      ...defaultScenario,
      strategyConfig: {
        'redis-setnx': { lockTtl: 'long' },
        'redis-claim-409': { claimTtl: '2s' },
        'redis-claim-490': { claimTtl: '2s' },
      },
      expect: { 'db-atomic': 'ok', 'redis-claim-409': 'ok', mystery: 'ok' },
    };
    expect(checkStrategySections(scenario, knownStrategies())).toEqual({
      problems: ['strategies.redis-setnx.lockTtl: expected a duration like "5s" or "250ms", got "long"'],
      unknown: [
        'strategies.redis-claim-409',
        'strategies.redis-claim-490',
        'expect.redis-claim-409',
        'expect.mystery',
      ],
    });
    expect(checkStrategySections(scenario, knownStrategies([userStrategy])).unknown).toEqual([
      'strategies.redis-claim-490',
      'expect.mystery',
    ]);
    expect(knownStrategies([userStrategy, redisSetnx]).map((strategy) => strategy.name)).toEqual([
      ...strategies.keys(),
      'redis-claim-409',
    ]);
  });

  it('set a setting in place of either spelling of it, keeping the others', () => {
    const scenario: Scenario = {
      ...defaultScenario,
      strategyConfig: { 'redis-setnx': { lockTtl: '5s', loserAnswer: '409' }, 'db-atomic': { lease: '1s' } },
    };
    expect(withStrategySettings(scenario, 'redis-setnx', { lockTtlMs: 2000 }).strategyConfig).toEqual({
      'redis-setnx': { loserAnswer: '409', lockTtlMs: 2000 },
      'db-atomic': { lease: '1s' },
    });
    expect(withStrategySettings(scenario, 'redis-claim-409', { claimTtl: '2s' }).strategyConfig).toEqual({
      ...scenario.strategyConfig,
      'redis-claim-409': { claimTtl: '2s' },
    });
  });
});

describe("a setting's name as a file writes it", () => {
  /** The rule as it was first written; settingFileName does without the regular expression. */
  const byPattern = (field: string): string => field.replace(/(.)Ms$/, '$1');

  it('drops a trailing Ms after at least one character that is not a line break', () => {
    const names = [
      'lockTtlMs',
      'Ms',
      'xMs',
      'MsMs',
      'ms',
      'lockTtlms',
      'a\nMs',
      'a\rMs',
      'a\u2028Ms',
      'a\u2029Ms',
      '\tMs',
      'Ms ',
      '',
    ];
    for (const name of names) expect(settingFileName(name), JSON.stringify(name)).toBe(byPattern(name));
    expect(settingFileName('lockTtlMs')).toBe('lockTtl');
  });

  it('agrees with the pattern on any name', () => {
    const tail = fc.constantFrom('Ms', 'ms', 'M', 's', '', 'MsMs');
    const name = fc
      .tuple(
        fc.string({ unit: fc.constantFrom('a', 'M', 's', '\n', '\r', '\u2028', '\u2029', ' ', 'é') }),
        tail,
      )
      .map(([head, end]) => head + end);
    fc.assert(
      fc.property(fc.oneof(name, fc.string()), (field) => settingFileName(field) === byPattern(field)),
    );
  });
});
