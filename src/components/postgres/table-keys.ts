/**
 * What names a row of a table and what a write can change a unique key through, read from
 * pg-mem's schema: the row locks name rows by these keys, and the collision test is skipped when
 * no unique key can change. Its own module so that the pg-mem instance, which keeps the answers
 * per pooled database, need not import the database that uses them.
 */
import type { IMemoryDb } from 'pg-mem';

/** The columns that name a row of a table, and every column some unique index covers. */
export interface TableKeys {
  readonly key: readonly string[];
  readonly uniqueColumns: ReadonlySet<string>;
  /**
   * Every unique index is on plain columns, all of the whole table (no expression, no WHERE):
   * then `uniqueColumns` is all a write can change a unique key through.
   */
  readonly uniqueOnColumnsOnly: boolean;
}

/** The columns naming a row of `table` and those a unique index covers, read from pg-mem's schema. */
export function tableKeysOf(db: IMemoryDb, table: string): TableKeys | 'no key' | undefined {
  const found = db.public.getTable(table, true);
  if (found === null) return undefined;
  const everyUnique = found.listIndices().filter((index) => index.unique);
  // pg-mem names an expression (lower(note)) null, which the pattern alone would read as "null".
  const unique = everyUnique.filter((index) =>
    index.expressions.every((column) => typeof column === 'string' && /^[a-z_][a-z0-9_]*$/.test(column)),
  );
  const key = unique.find((index) => index.name.endsWith('_pkey')) ?? unique[0];
  if (key === undefined) return 'no key';
  return {
    key: key.expressions,
    uniqueColumns: new Set(unique.flatMap((index) => index.expressions)),
    uniqueOnColumnsOnly: unique.length === everyUnique.length && !hasPartialUniqueIndex(found),
  };
}

/** pg-mem's table as far as its indexes go: listIndices leaves out a partial index's WHERE. */
interface IndexedTable {
  readonly indexByHashAndName: ReadonlyMap<
    string,
    ReadonlyMap<string, { readonly index: { readonly unique: boolean; readonly predicate?: unknown } }>
  >;
}

/** Whether a unique index of `table` covers only the rows its WHERE matches (a partial index). */
function hasPartialUniqueIndex(table: object): boolean {
  for (const byName of (table as IndexedTable).indexByHashAndName.values())
    for (const { index } of byName.values()) if (index.unique && index.predicate) return true;
  return false;
}
