// Real-wealth profiles and the connectors linked to them (profiles, profile_connectors): the
// only code that reads or writes them. Who may see which profile is the access policy's to
// decide (app/core/access-policy.ts); the facts it needs — the owner, the linked connectors,
// when a connector was first linked to a person — are read here.
import type { InferResult, Insertable, Selectable, Updateable } from "kysely";
import type { Executor } from "../../../db/index";
import type { ProfileConnectorsTable, ProfilesTable } from "../../../db/schema";

export type ProfileRow = Selectable<ProfilesTable>;
export type NewProfile = Insertable<ProfilesTable>;
export type ProfilePatch = Updateable<ProfilesTable>;
export type NewConnectorLink = Insertable<ProfileConnectorsTable>;

/** Admins see every profile, at most this many in a list. */
const LIST_LIMIT = 500;

function profileQuery(db: Executor) {
  return db.selectFrom("profiles as p").innerJoin("users as u", "u.id", "p.user_id").selectAll("p").select("u.email as owner_email");
}

/** A profile with its owner's email. */
export type ProfileRecord = InferResult<ReturnType<typeof profileQuery>>[number];

export function findProfile(db: Executor, id: string): Promise<ProfileRecord | undefined> {
  return profileQuery(db).where("p.id", "=", id).executeTakeFirst();
}

function connectorsQuery(db: Executor) {
  return db
    .selectFrom("profile_connectors as pc")
    .innerJoin("users as u", "u.id", "pc.connector_id")
    .select(["u.id", "u.name", "u.email", "pc.created_at"]);
}

/** A connector linked to a profile, and since when. */
export type ConnectorLink = InferResult<ReturnType<typeof connectorsQuery>>[number];

/** The connectors linked to a profile, in the order they were linked. */
export function listConnectorsOf(db: Executor, profileId: string): Promise<ConnectorLink[]> {
  return connectorsQuery(db).where("pc.profile_id", "=", profileId).orderBy("pc.created_at").orderBy("u.id").execute();
}

function summaryQuery(db: Executor) {
  return db.selectFrom("profiles as p").innerJoin("users as u", "u.id", "p.user_id").select(["p.id", "p.display_name", "u.email as owner_email", "p.updated_at"]);
}

/** A profile as a list shows it. */
export type ProfileSummary = InferResult<ReturnType<typeof summaryQuery>>[number];

/** Every profile, by name (for admins), at most 500. */
export function listAllProfiles(db: Executor): Promise<ProfileSummary[]> {
  return summaryQuery(db).orderBy("p.display_name").orderBy("p.id").limit(LIST_LIMIT).execute();
}

/** The profiles a person owns or, as a connector, is linked to, by name. */
export function listProfilesOwnedOrLinked(db: Executor, userId: string): Promise<ProfileSummary[]> {
  return summaryQuery(db)
    .where((eb) =>
      eb.or([
        eb("p.user_id", "=", userId),
        eb("p.id", "in", eb.selectFrom("profile_connectors").select("profile_id").where("connector_id", "=", userId)),
      ]),
    )
    .orderBy("p.display_name")
    .orderBy("p.id")
    .execute();
}

export async function insertProfile(db: Executor, row: NewProfile): Promise<void> {
  await db.insertInto("profiles").values(row).execute();
}

/** Change a profile. False when there is no such profile. */
export async function updateProfile(db: Executor, id: string, patch: ProfilePatch): Promise<boolean> {
  const r = await db.updateTable("profiles").set(patch).where("id", "=", id).executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Delete a profile; its plans (with their members, outcomes, items and history) and connector links go with it. */
export async function deleteProfile(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("profiles").where("id", "=", id).execute();
}

// ------------------------------------------------------------------ connector links

/** Link a connector to a profile. False when they were linked already (the first link is kept). */
export async function insertConnectorLink(db: Executor, link: NewConnectorLink): Promise<boolean> {
  const r = await db
    .insertInto("profile_connectors")
    .values(link)
    .onConflict((oc) => oc.columns(["profile_id", "connector_id"]).doNothing())
    .executeTakeFirst();
  return (r.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function deleteConnectorLink(db: Executor, profileId: string, connectorId: string): Promise<void> {
  await db.deleteFrom("profile_connectors").where("profile_id", "=", profileId).where("connector_id", "=", connectorId).execute();
}

/** When this connector was first linked to one of the person's (an account's) profiles; null: never. */
export async function firstLinkAt(db: Executor, connectorId: string, personId: string): Promise<string | null> {
  const r = await db
    .selectFrom("profile_connectors as pc")
    .innerJoin("profiles as p", "p.id", "pc.profile_id")
    .select((eb) => eb.fn.min("pc.created_at").as("since"))
    .where("pc.connector_id", "=", connectorId)
    .where("p.user_id", "=", personId)
    .executeTakeFirst();
  return r?.since ?? null;
}

/**
 * The profiles of other people this connector is linked to: the owner's account id and email and
 * the profile's name, by name (any case).
 */
export function listLinkedProfilesOfOthers(db: Executor, connectorId: string) {
  return db
    .selectFrom("profile_connectors as pc")
    .innerJoin("profiles as p", "p.id", "pc.profile_id")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["p.user_id as id", "p.display_name as name", "u.email"])
    .where("pc.connector_id", "=", connectorId)
    .where("p.user_id", "<>", connectorId)
    .orderBy("p.display_name", (ob) => ob.collate("nocase"))
    .orderBy("p.id")
    .execute();
}

/** The names of a person's profiles, each once, by name (any case). */
export async function profileNamesOf(db: Executor, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("profiles")
    .select("display_name")
    .distinct()
    .where("user_id", "=", personId)
    .orderBy("display_name", (ob) => ob.collate("nocase"))
    .execute();
  return rows.map((r) => r.display_name);
}
