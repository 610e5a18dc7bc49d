/**
 * Constructs the model does not run, refused before pg-mem sees them (0A000 feature_not_supported)
 * with what to write instead: pg-mem would reject some with a misleading error and run others with
 * other semantics (it has no locks at all), and a strategy must never be judged on semantics
 * PostgreSQL does not have.
 */
import { DatabaseError, SQLSTATE } from '../port/database-port.js';

const REFUSED: ReadonlyArray<{ readonly pattern: RegExp; readonly what: string; readonly instead: string }> =
  [
    {
      pattern: /^\s*lock\b/i,
      what: 'LOCK TABLE',
      instead: 'lock the rows you need with SELECT ... FOR UPDATE, or rely on a unique key',
    },
    {
      pattern: /\bpg_(?:try_)?advisory_(?:xact_)?(?:lock|unlock)(?:_shared|_all)?\s*\(/i,
      what: 'advisory locks',
      instead: 'lock a row of a key table with SELECT ... FOR UPDATE, or claim the key with a unique INSERT',
    },
    {
      pattern: /^\s*(?:savepoint|release|rollback\s+(?:work\s+|transaction\s+)?to)\b/i,
      what: 'savepoints',
      instead: 'end the transaction and start another',
    },
    {
      pattern: /\bfor\s+(?:update|no\s+key\s+update|share|key\s+share)\s+of\b/i,
      what: 'FOR UPDATE OF / FOR SHARE OF',
      instead: "lock one table's rows per statement, without OF",
    },
    {
      pattern:
        /^\s*(?:begin|start\s+transaction)\b(?!\s*(?:work|transaction)?\s*(?:isolation\s+level\s+(?:read\s+committed|read\s+uncommitted|repeatable\s+read|serializable))?\s*;?\s*$)/i,
      what: 'BEGIN with options other than ISOLATION LEVEL (READ ONLY, DEFERRABLE, ...)',
      instead: 'BEGIN [ISOLATION LEVEL ...] alone',
    },
    {
      pattern: /^\s*(?:prepare\s+transaction|commit\s+prepared|rollback\s+prepared)\b/i,
      what: 'two-phase commit',
      instead: 'COMMIT or ROLLBACK',
    },
  ];

/** The refusal for `sql`, if it uses a construct the model does not run. */
export function unmodelled(sql: string): DatabaseError | undefined {
  const found = REFUSED.find(({ pattern }) => pattern.test(sql));
  if (found === undefined) return undefined;
  return new DatabaseError(SQLSTATE.featureNotSupported, `${found.what} is not modelled: ${found.instead}`);
}
