// The invitations table: the only code that reads or writes invitations. Only the SHA-256 of the
// emailed token is stored, as the id.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { InvitationsTable } from "../../../db/schema";
import { withRole } from "./users.data.server";

export type InvitationRow = Selectable<InvitationsTable>;
export type NewInvitation = Insertable<InvitationsTable>;

export async function insertInvitation(db: Executor, row: NewInvitation): Promise<void> {
  await db.insertInto("invitations").values(row).execute();
}

/** The email and role of a live (not accepted, not expired) invitation. */
export async function findLiveInvitation(db: Executor, id: string, nowIso: string) {
  const row = await db
    .selectFrom("invitations")
    .select(["email", "role"])
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("expires_at", ">", nowIso)
    .executeTakeFirst();
  return row && withRole(row);
}

export async function markInvitationAccepted(db: Executor, id: string, nowIso: string): Promise<void> {
  await db.updateTable("invitations").set({ accepted_at: nowIso }).where("id", "=", id).execute();
}

/** Live invitations, newest first (at most 50), with who sent each (name, else email). */
export async function listLiveInvitations(db: Executor, nowIso: string) {
  const rows = await db
    .selectFrom("invitations as i")
    .leftJoin("users as u", "u.id", "i.invited_by")
    .select((eb) => [
      "i.email",
      "i.role",
      eb.fn.coalesce(eb.fn<string | null>("nullif", ["u.name", eb.val("")]), "u.email").as("invited_by"),
      "i.created_at",
      "i.expires_at",
    ])
    .where("i.accepted_at", "is", null)
    .where("i.expires_at", ">", nowIso)
    .orderBy("i.created_at", "desc")
    .limit(50)
    .execute();
  return rows.map(withRole);
}
