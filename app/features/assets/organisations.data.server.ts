// The data module for organisations (who runs an asset): the only code that reads or writes them.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { OrganisationsTable } from "../../../db/schema";

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisationRow = Insertable<OrganisationsTable>;

export function findOrganisation(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
}

/** What the public record shows of its organisation. */
export function findOrganisationSummary(db: Executor, id: string) {
  return db.selectFrom("organisations").select(["id", "name", "website", "charity_number"]).where("id", "=", id).executeTakeFirst();
}

/** The ids already stored for these source ids of one source. */
export async function findOrganisationIds(db: Executor, source: string, sourceIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < sourceIds.length; i += 500) {
    const rows = await db
      .selectFrom("organisations")
      .select(["id", "source_id"])
      .where("source", "=", source)
      .where("source_id", "in", sourceIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.source_id, r.id);
  }
  return out;
}

/**
 * Insert organisations, or update those already there: the name always, the other details only
 * when the new row has them (a record that names its organisation without details keeps them).
 */
export async function upsertOrganisations(db: Executor, rows: NewOrganisationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto("organisations")
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          description: eb.fn.coalesce("excluded.description", "organisations.description"),
          website: eb.fn.coalesce("excluded.website", "organisations.website"),
          email: eb.fn.coalesce("excluded.email", "organisations.email"),
          phone: eb.fn.coalesce("excluded.phone", "organisations.phone"),
          charity_number: eb.fn.coalesce("excluded.charity_number", "organisations.charity_number"),
          company_number: eb.fn.coalesce("excluded.company_number", "organisations.company_number"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .execute();
  }
}
