import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSweepChart } from '../../src/report/sweep-chart.js';
import { renderSweepCsv } from '../../src/report/sweep-csv.js';
import { renderSweepJson } from '../../src/report/sweep-json.js';
import { handMadeSweep } from './sweep-fixture.js';

const GOLDEN_JSON = join(import.meta.dirname, '..', 'golden', 'sweep-hand-made.json');
const ANSI = /\x1b\[[0-9;]*m/g;

describe('a sweep drawn for a terminal', () => {
  it('prints the heading, then three charts with their numbers under them', () => {
    expect(
      renderSweepChart(handMadeSweep(), { colour: false }),
    ).toBe(`05-lease-outlived  The lock expires while the first attempt is still working
strategies.redis-setnx.lockTtl from 1s to 4s, 4 values  (2 seeds × 20 payments at each value)

Double-charge rate: payments charged more than once
          32% ┤
              │▲······▲······▲······▲
              │
          24% ┤
              │
              │
          16% ┤●·
              │  ····
              │      ·●·
           8% ┤         ··
              │           ··
              │             ·●···
           0% ┼■······■······■······*
              └┬──────┬──────┬──────┬
      lockTtl  1s     2s     3s     4s
● redis-setnx  15.0%  10.0%  2.5%   0.0%
■ db-atomic    0.0%   0.0%   0.0%   0.0%
▲ kafka-eos    30.0%  30.0%  30.0%  30.0%
               * two or more lines at that point

Client error rate: attempts that met an error (an error status, a timeout, a refused connection)
          60% ┤■······■······■······■
              │
              │●······●···
          45% ┤           ···●······●
              │
              │
          30% ┤
              │
              │
          15% ┤
              │▲······▲······▲······▲
              │
           0% ┼
              └┬──────┬──────┬──────┬
      lockTtl  1s     2s     3s     4s
● redis-setnx  50.0%  50.0%  45.0%  45.0%
■ db-atomic    60.0%  60.0%  60.0%  60.0%
▲ kafka-eos    10.0%  10.0%  10.0%  10.0%

Latency p99: from each payment's start to the client's last answer
          10s ┤
              │
              │■······■······■······■
         7.5s ┤
              │
              │●······●·
           5s ┤         ····
              │             ·●······●
              │▲······▲······▲······▲
         2.5s ┤
              │
              │
            0 ┼
              └┬──────┬──────┬──────┬
      lockTtl  1s     2s     3s     4s
● redis-setnx  5.55s  5.55s  4.20s  3.90s
■ db-atomic    8.50s  8.50s  8.50s  8.50s
▲ kafka-eos    3.30s  3.30s  3.30s  3.30s
`);
  });

  it('with colour on, only paints: without the escape codes it is the same text', () => {
    const coloured = renderSweepChart(handMadeSweep(), { colour: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(renderSweepChart(handMadeSweep(), { colour: false }));
  });

  it('says "payments" only when every value ran the same number', () => {
    const sweep = handMadeSweep();
    const varied = {
      ...sweep,
      points: sweep.points.map((point, index) => ({
        ...point,
        results: point.results.map((result) => ({ ...result, payments: 10 * (index + 1) })),
      })),
    };
    expect(renderSweepChart(varied, { colour: false }).split('\n')[1]).toBe(
      'strategies.redis-setnx.lockTtl from 1s to 4s, 4 values  (2 seeds at each value)',
    );
  });
});

describe('a sweep for machines', () => {
  it('--json: the documented shape, byte for byte', () => {
    const json = renderSweepJson(handMadeSweep());
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN_JSON, json);
    expect(json).toBe(readFileSync(GOLDEN_JSON, 'utf8'));
    const parsed = JSON.parse(json) as {
      vary: unknown;
      points: Array<{ value: number; results: Array<{ strategy: string }> }>;
    };
    expect(parsed.vary).toEqual({ field: 'strategies.redis-setnx.lockTtl', kind: 'duration', unit: 'ms' });
    expect(parsed.points.map((point) => point.value)).toEqual([1000, 2000, 3000, 4000]);
    expect(parsed.points[0]?.results.map((result) => result.strategy)).toEqual([
      'redis-setnx',
      'db-atomic',
      'kafka-eos',
    ]);
  });

  it('--csv: one row per value and strategy, plain numbers', () => {
    const lines = renderSweepCsv(handMadeSweep()).split('\n');
    expect(lines[0]).toBe(
      'field,value,unit,label,strategy,seeds,payments,doubleCharges,doubleChargeRate,clientErrorRate,latencyP50Ms,latencyP99Ms,finalityP99Ms,lostPayments,chargedButFailed,toldPaidEarly,wrongReplays,stuck,verdict',
    );
    expect(lines.slice(1, 4)).toEqual([
      'strategies.redis-setnx.lockTtl,1000,ms,1s,redis-setnx,2,40,6,0.15,0.5,1387.5,5550,900,0,0,0,0,0,unsafe',
      'strategies.redis-setnx.lockTtl,1000,ms,1s,db-atomic,2,40,0,0,0.6,2125,8500,900,0,0,0,0,0,safe',
      'strategies.redis-setnx.lockTtl,1000,ms,1s,kafka-eos,2,40,12,0.3,0.1,825,3300,900,0,0,0,0,0,unsafe',
    ]);
    expect(lines).toHaveLength(1 + 4 * 3 + 1);
    expect(lines[lines.length - 1]).toBe('');
  });
});
