// Text search for the HSDS `search` parameters, SQLite's way: LIKE is case-insensitive for ASCII
// in SQLite (PostgreSQL needs ILIKE for the same answer), and the ESCAPE clause lets a person's
// `%`, `_` and `\` mean themselves.
import { sql, type Expression, type SqlBool } from "kysely";

/** The text in `column` contains `word`, ignoring ASCII case. */
export function containsText(column: Expression<string | null>, word: string): Expression<SqlBool> {
  const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`;
}
