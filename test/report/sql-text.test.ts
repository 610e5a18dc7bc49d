import { describe, expect, it } from 'vitest';
import { readableRow, readableSql } from '../../src/report/sql-text.js';

describe('SQL as a story tells it', () => {
  it('writes the parameters in place, on one line, and cuts long lists after three items', () => {
    const sql = `INSERT INTO idempotency_keys (key, fingerprint, state, lease_until, takeovers, created_at)
      VALUES ($1, $2, 'in_progress', $3, 0, $4) ON CONFLICT (key) DO NOTHING RETURNING key`;
    expect(readableSql(sql, JSON.stringify(['idem-pay-03', '1000 EUR', 5003.5, 3.5]))).toBe(
      "INSERT INTO idempotency_keys (key, fingerprint, state, …) VALUES ('idem-pay-03', '1000 EUR', 'in_progress', …) ON CONFLICT (key) DO NOTHING RETURNING key",
    );
  });

  it('cuts long values, quotes as SQL does, and leaves a $n it has no value for', () => {
    const sql = 'UPDATE t SET body = $1, note = $2, ok = $3, gone = $4 WHERE key = $5 AND n = $6';
    const params = [JSON.stringify({ chargeId: 'ch_1', amount: 1000 }), "it's", true, null, 'k1'];
    expect(readableSql(sql, JSON.stringify(params))).toBe(
      `UPDATE t SET body = '{"chargeId":"ch_1",…', note = 'it''s', ok = TRUE, gone = NULL WHERE key = 'k1' AND n = $6`,
    );
    expect(readableSql('SELECT 1', null)).toBe('SELECT 1');
  });

  it('does not split a list on a comma inside quotes', () => {
    expect(readableSql("SELECT * FROM t WHERE a IN ('x,y', 'z', 'w', 'v', 'u')", null)).toBe(
      "SELECT * FROM t WHERE a IN ('x,y', 'z', 'w', …)",
    );
    // Four items stay: "…" would be no shorter than the fourth.
    expect(readableSql("SELECT * FROM t WHERE a IN ('x,y', 'z', 'w', 'v')", null)).toBe(
      "SELECT * FROM t WHERE a IN ('x,y', 'z', 'w', 'v')",
    );
  });

  it('shows a returned row as column=value, four columns at most', () => {
    expect(readableRow(JSON.stringify({ state: 'done', status_code: 201 }))).toBe(
      "state='done', status_code=201",
    );
    expect(readableRow(JSON.stringify({ a: 1, b: 2, c: 3, d: 4, e: 5 }))).toBe('a=1, b=2, c=3, d=4, …');
    expect(readableRow(null)).toBeUndefined();
  });
});
