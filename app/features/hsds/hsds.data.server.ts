// What the HSDS read API and the exports read: assets as services (filtered, paged by id, or in
// keyset batches), what each one carries (categories, access, Changing Places, organisation,
// revisions), organisations and the datasets' licences. Read only: the HSDS import writes through
// the assets module. Every query filters and pages in SQL; none loads the whole directory.
import type { Expression, ExpressionBuilder, Selectable, SqlBool } from "kysely";
import type { Executor } from "../../../db/index";
import type { AssetsTable, Database, OrganisationsTable } from "../../../db/schema";
import { containsText } from "./contains.sqlite";

/** The asset columns the HSDS mapping reads (app/core/hsds/mapping.ts). */
const SERVICE_COLUMNS = [
  "id", "kind", "name", "summary", "description", "organisation_id", "lat", "lng", "address", "locality", "postcode", "phone", "email",
  "website", "opening_hours", "opening_hours_text", "is_free", "cost_text", "min_age", "max_age", "time_credits_earn",
  "time_credits_spend", "access_notes", "how_to_get_there", "status", "verified_at", "updated_at",
] as const;
const ORGANISATION_COLUMNS = ["id", "name", "description", "website", "email", "phone", "charity_number", "company_number"] as const;

export type ServiceRow = Pick<Selectable<AssetsTable>, (typeof SERVICE_COLUMNS)[number]>;
export type OrganisationRow = Pick<Selectable<OrganisationsTable>, (typeof ORGANISATION_COLUMNS)[number]>;

/** Which assets a list shows; every field given narrows it (ANDed). */
export interface ServiceFilter {
  /** Nothing matches (a term or taxonomy that is not ours). */
  none?: boolean;
  /** Each word in the name or the summary. */
  words?: string[];
  kind?: string;
  category?: string;
  /** An access feature, a Changing Places item (cp_*), time_credits_earn|spend or access_notes. */
  access?: string;
  /** Any access information at all (the access taxonomy). */
  anyAccess?: boolean;
  organisationId?: string;
  updatedSince?: string;
  minAge?: number;
  maxAge?: number;
  withHours?: boolean;
  /** Ordered by distance from here (then id); within `metres` of it when given. */
  near?: { lat: number; lng: number; metres: number | null };
}

/** Metres per degree of latitude, and of longitude at this latitude (flat-earth, good over 200 km). */
function metresPerDegree(lat: number) {
  return { ky: 110_574, kx: 111_320 * Math.cos((lat * Math.PI) / 180) };
}

function matching(db: Executor, f: ServiceFilter) {
  let q = db.selectFrom("assets as a");
  if (f.none) q = q.where((eb) => eb.lit(false));
  for (const word of f.words ?? []) q = q.where((eb) => eb.or([containsText(eb.ref("a.name"), word), containsText(eb.ref("a.summary"), word)]));
  if (f.kind !== undefined) q = q.where("a.kind", "=", f.kind);
  if (f.category !== undefined) {
    const category = f.category;
    q = q.where((eb) => eb.exists(eb.selectFrom("asset_categories as c").select(eb.lit(1).as("x")).whereRef("c.asset_id", "=", "a.id").where("c.category", "=", category)));
  }
  if (f.access !== undefined) {
    const code = f.access;
    if (code === "time_credits_earn" || code === "time_credits_spend" || code === "access_notes") q = q.where(`a.${code}`, "is not", null);
    else if (code.startsWith("cp_")) q = q.where((eb) => changingPlacesHas(eb, code));
    else q = q.where((eb) => hasAccessFeature(eb, code));
  }
  if (f.anyAccess) {
    q = q.where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom("asset_access as x").select(eb.lit(1).as("x")).whereRef("x.asset_id", "=", "a.id")),
        eb("a.time_credits_earn", "is not", null),
        eb("a.time_credits_spend", "is not", null),
        eb("a.access_notes", "is not", null),
      ]),
    );
  }
  if (f.organisationId !== undefined) q = q.where("a.organisation_id", "=", f.organisationId);
  if (f.updatedSince !== undefined) q = q.where("a.updated_at", ">=", f.updatedSince);
  if (f.minAge !== undefined) q = q.where("a.min_age", ">=", f.minAge);
  if (f.maxAge !== undefined) q = q.where("a.max_age", "<=", f.maxAge);
  if (f.withHours) q = q.where("a.opening_hours", "is not", null);
  const near = f.near;
  if (near?.metres != null) {
    const { kx, ky } = metresPerDegree(near.lat);
    const dLat = near.metres / ky;
    const dLng = near.metres / kx;
    const metres = near.metres;
    q = q
      .where((eb) => eb.between("a.lat", near.lat - dLat, near.lat + dLat))
      .where((eb) => eb.between("a.lng", near.lng - dLng, near.lng + dLng))
      .where((eb) => eb(squaredDistance(eb, near), "<=", metres * metres));
  }
  return q;
}

/** An expression builder over `assets as a` (for the conditions that need subqueries or arithmetic). */
type Eb = ExpressionBuilder<Database & { a: AssetsTable }, "a">;

/** The asset's Changing Places toilet has this item (the access taxonomy's cp_* terms). */
function changingPlacesHas(eb: Eb, code: string): Expression<SqlBool> {
  const cp = eb.selectFrom("changing_places as cp").select(eb.lit(1).as("x")).whereRef("cp.asset_id", "=", "a.id");
  switch (code) {
    case "cp_hoist":
      return eb.exists(cp.where("cp.hoist", "is not", null));
    case "cp_adult_bench":
      return eb.exists(cp.where("cp.adult_bench", "=", 1));
    case "cp_room_size_m2":
      return eb.exists(cp.where("cp.room_size_m2", "is not", null));
    case "cp_peninsular_wc":
      return eb.exists(cp.where("cp.peninsular_wc", "=", 1));
    case "cp_radar_key":
      return eb.exists(cp.where("cp.radar_key", "=", 1));
    case "cp_notes":
      return eb.exists(cp.where("cp.notes", "is not", null));
    default:
      return hasAccessFeature(eb, code);
  }
}

function hasAccessFeature(eb: Eb, feature: string): Expression<SqlBool> {
  return eb.exists(eb.selectFrom("asset_access as x").select(eb.lit(1).as("x")).whereRef("x.asset_id", "=", "a.id").where("x.feature", "=", feature));
}

/** The squared distance in metres² from a point (equirectangular: ((lat - lat0)·ky)² + ((lng - lng0)·kx)²). */
function squaredDistance(eb: Eb, at: { lat: number; lng: number }) {
  const { kx, ky } = metresPerDegree(at.lat);
  const lat = () => eb.parens(eb.parens("a.lat", "-", at.lat), "*", ky);
  const lng = () => eb.parens(eb.parens("a.lng", "-", at.lng), "*", kx);
  return eb(eb(lat(), "*", lat()), "+", eb(lng(), "*", lng()));
}

// ------------------------------------------------------------------ services

/** How many assets match. */
export async function countServices(db: Executor, f: ServiceFilter): Promise<number> {
  const r = await matching(db, f).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The ids of one page of matching assets, by id (or by distance, then id). Ordered by id, the
 * primary key's narrow index covers the OFFSET walk (rowid order would read every wide row skipped).
 */
export async function pageOfServiceIds(db: Executor, f: ServiceFilter, limit: number, offset: number): Promise<string[]> {
  let q = matching(db, f).select("a.id");
  const near = f.near;
  if (near) q = q.orderBy((eb) => squaredDistance(eb, near));
  const rows = await q.orderBy("a.id").limit(limit).offset(offset).execute();
  return rows.map((r) => r.id);
}

/**
 * A keyset batch of the matching assets' ids and opening hours, in id order after `afterId` (for
 * the schedule filters, which read the hours in code); `distance` is the squared distance when the
 * filter is `near`, else 0.
 */
export function hoursBatch(db: Executor, f: ServiceFilter, afterId: string, limit: number) {
  const near = f.near;
  return matching(db, f)
    .select((eb) => ["a.id", "a.opening_hours", near ? squaredDistance(eb, near).as("distance") : eb.lit(0).as("distance")])
    .where("a.id", ">", afterId)
    .orderBy("a.id")
    .limit(limit)
    .execute();
}

/** These assets (in no particular order); ids not found are left out. */
export function servicesByIds(db: Executor, ids: readonly string[]): Promise<ServiceRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom("assets").select(SERVICE_COLUMNS).where("id", "in", ids).execute();
}

export function findService(db: Executor, id: string): Promise<ServiceRow | undefined> {
  return db.selectFrom("assets").select(SERVICE_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** A keyset batch of every asset, in id order after `afterId` (the exports). */
export function servicesAfter(db: Executor, afterId: string, limit: number): Promise<ServiceRow[]> {
  return db.selectFrom("assets").select(SERVICE_COLUMNS).where("id", ">", afterId).orderBy("id").limit(limit).execute();
}

/** An organisation's assets, by id, at most `limit`. */
export function servicesOfOrganisation(db: Executor, organisationId: string, limit: number): Promise<ServiceRow[]> {
  return db.selectFrom("assets").select(SERVICE_COLUMNS).where("organisation_id", "=", organisationId).orderBy("id").limit(limit).execute();
}

/** Changes whenever an asset is added or removed (for caches of derived ids). */
export async function assetsStamp(db: Executor): Promise<string> {
  const r = await db
    .selectFrom("assets")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("seq").as("m")])
    .executeTakeFirstOrThrow();
  return `${r.n}:${r.m ?? ""}`;
}

export async function allAssetIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom("assets").select("id").execute()).map((r) => r.id);
}

/** When the data last changed (the latest updated_at), or null with no assets. */
export async function latestAssetUpdate(db: Executor): Promise<string | null> {
  const r = await db.selectFrom("assets").select((eb) => eb.fn.max("updated_at").as("latest")).executeTakeFirst();
  return r?.latest ?? null;
}

// ------------------------------------------------------------------ what each service carries

/** Direct categories of these assets, by category. */
export function categoriesOf(db: Executor, ids: readonly string[]) {
  return db.selectFrom("asset_categories").select(["asset_id", "category"]).where("direct", "=", 1).where("asset_id", "in", ids).orderBy("category").execute();
}

/** Access features of these assets, by feature. */
export function accessOf(db: Executor, ids: readonly string[]) {
  return db.selectFrom("asset_access").select(["asset_id", "feature"]).where("asset_id", "in", ids).orderBy("feature").execute();
}

export function changingPlacesOf(db: Executor, ids: readonly string[]) {
  return db
    .selectFrom("changing_places")
    .select(["asset_id", "hoist", "adult_bench", "room_size_m2", "peninsular_wc", "radar_key", "notes"])
    .where("asset_id", "in", ids)
    .execute();
}

/** The latest `perAsset` revisions of each of these assets, by asset, oldest first. */
export function latestRevisionsOf(db: Executor, ids: readonly string[], perAsset: number) {
  const numbered = db
    .selectFrom("asset_revisions as r")
    .select((eb) => [
      "r.asset_id",
      "r.id",
      "r.version",
      "r.user_id",
      "r.action",
      "r.changes",
      "r.created_at",
      eb.fn.agg<number>("row_number").over((ob) => ob.partitionBy("r.asset_id").orderBy("r.version", "desc").orderBy("r.id", "desc")).as("n"),
    ])
    .where("r.asset_id", "in", ids);
  return db
    .selectFrom(numbered.as("latest"))
    .select(["asset_id", "id", "version", "user_id", "action", "changes", "created_at"])
    .where("n", "<=", perAsset)
    .orderBy("asset_id")
    .orderBy("version")
    .orderBy("id")
    .execute();
}

// ------------------------------------------------------------------ organisations

export function organisationsByIds(db: Executor, ids: readonly string[]): Promise<OrganisationRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom("organisations").select(ORGANISATION_COLUMNS).where("id", "in", ids).execute();
}

export function findOrganisation(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom("organisations").select(ORGANISATION_COLUMNS).where("id", "=", id).executeTakeFirst();
}

function organisationsNamed(db: Executor, search: string | null) {
  const q = db.selectFrom("organisations as o");
  return search === null ? q : q.where((eb) => containsText(eb.ref("o.name"), search));
}

/** How many organisations have `search` in their name (all when null). */
export async function countOrganisations(db: Executor, search: string | null): Promise<number> {
  const r = await organisationsNamed(db, search).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page of them, by name then id. */
export function pageOfOrganisations(db: Executor, search: string | null, limit: number, offset: number): Promise<OrganisationRow[]> {
  return organisationsNamed(db, search)
    .select(ORGANISATION_COLUMNS.map((c) => `o.${c}` as const))
    .orderBy("o.name")
    .orderBy("o.id")
    .limit(limit)
    .offset(offset)
    .execute();
}

/** A keyset batch of the organisations that have at least one asset, in id order after `afterId` (the exports). */
export function organisationsWithServicesAfter(db: Executor, afterId: string, limit: number): Promise<OrganisationRow[]> {
  return db
    .selectFrom("organisations as o")
    .select(ORGANISATION_COLUMNS.map((c) => `o.${c}` as const))
    .where("o.id", ">", afterId)
    .where((eb) => eb.exists(eb.selectFrom("assets as a").select(eb.lit(1).as("x")).whereRef("a.organisation_id", "=", "o.id")))
    .orderBy("o.id")
    .limit(limit)
    .execute();
}

// ------------------------------------------------------------------ datasets

/** The datasets that have records (and the postcodes, which place them), by title. */
export function datasetsWithRecords(db: Executor) {
  return db
    .selectFrom("datasets as d")
    .select(["d.source", "d.title", "d.licence", "d.attribution", "d.url"])
    .where((eb) => eb.or([eb("d.source", "=", "postcodes"), eb.exists(eb.selectFrom("assets as a").select(eb.lit(1).as("x")).whereRef("a.source", "=", "d.source"))]))
    .orderBy("d.title")
    .execute();
}
