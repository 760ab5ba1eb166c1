import { sql, type Kysely } from "kysely";

// Saved import mappings belong to the connector who saved them (issue 16, defect 9): the same
// name may exist once per owner, and saving only ever updates your own. Until now a name was
// unique across everyone, so saving under another connector's name overwrote their mapping and
// took it over. Existing rows stay as they are; should one owner already have two with the same
// name (only a race could have made them), the later ones get their id's start added to the name.
// Mappings whose owner was deleted (owner_id NULL) are not constrained: nobody can save over them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`
      UPDATE import_mappings SET name = substr(name, 1, 88) || ' (' || substr(id, 1, 8) || ')'
      WHERE owner_id IS NOT NULL AND rowid NOT IN (
        SELECT min(rowid) FROM import_mappings WHERE owner_id IS NOT NULL GROUP BY owner_id, name COLLATE NOCASE
      )`.execute(trx);
    await sql`CREATE UNIQUE INDEX import_mappings_owner_name ON import_mappings(owner_id, name COLLATE NOCASE)`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS import_mappings_owner_name`.execute(db);
}
