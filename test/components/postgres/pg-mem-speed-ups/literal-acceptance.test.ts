/**
 * literal-acceptance.ts answers for pg-mem without compiling: wherever it says a literal is
 * accepted or refused, pg-mem compiling that literal against a column of that type must agree
 * (an "accepted" that pg-mem refuses would let a statement succeed that must fail).
 */
import { newDb } from 'pg-mem';
import { describe, expect, it } from 'vitest';
import { literalAccepted } from '../../../../src/components/postgres/pg-mem-speed-ups/literal-acceptance.js';

const COLUMNS = { integer: 'i', bigint: 'b', float: 'f', decimal: 'd' } as const;
const VALUES = [
  '7',
  '-2000',
  '7082.768',
  '1.5',
  ' 7.5',
  '12abc',
  '1e3',
  '1e400',
  'Infinity',
  'NaN',
  'x',
  '',
  '0x10',
];

function pgMemCompiles(column: string, value: string): boolean {
  const db = newDb();
  db.public.none('create table t (i integer, b bigint, f double precision, d decimal, s text)');
  try {
    db.public.query(`select * from t where ${column} < '${value.replace(/'/g, "''")}'`);
    return true;
  } catch {
    return false;
  }
}

describe('literalAccepted', () => {
  it('agrees with pg-mem compiling the literal, wherever it answers', () => {
    const answered: string[] = [];
    for (const [type, column] of Object.entries(COLUMNS)) {
      for (const value of VALUES) {
        const accepted = literalAccepted(type, value);
        if (accepted === undefined) continue;
        answered.push(`${type} ${JSON.stringify(value)} ${accepted}`);
        expect(`${type} ${JSON.stringify(value)} ${pgMemCompiles(column, value)}`).toBe(
          `${type} ${JSON.stringify(value)} ${accepted}`,
        );
      }
    }
    // It answered for every value of every type it knows, refusals included.
    expect(answered).toHaveLength(Object.keys(COLUMNS).length * VALUES.length);
    expect(answered).toContain('integer "1.5" false');
    expect(answered).toContain('float "1e400" false');
    expect(answered).toContain('float "12abc" true');
  });

  it('leaves every other type to a compile', () => {
    expect(literalAccepted('text', 'x')).toBeUndefined(); // an uncast parameter is typed text
    expect(literalAccepted('timestamptz', '2026-01-01')).toBeUndefined();
    expect(literalAccepted('bool', 'true')).toBeUndefined();
    expect(literalAccepted(undefined, '1')).toBeUndefined();
  });
});
