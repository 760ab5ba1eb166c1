// The profiles and plans data modules (app/features/profiles/profiles.data.server.ts,
// app/features/plans/plans.data.server.ts) against a real SQLite file, no mocks: what each query
// returns, the facts the access rules read (who is linked, since when), that deleting a profile
// deletes everything under it, and that a write that fails part-way leaves the tables as they were.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/index";
import type { User } from "../../app/features/accounts/users.data.server";
import * as plans from "../../app/features/plans/plans.data.server";
import * as profiles from "../../app/features/profiles/profiles.data.server";
import { addItem, setItemStatus } from "../../app/features/plans/items.server";
import { addMember, addOutcome } from "../../app/features/plans/outcomes.server";
import { getPlanFor, plansOf } from "../../app/features/plans/plans.server";
import { setItemCost } from "../../app/features/plans/plan-costs.server";
import { createProfile, deleteProfile } from "../../app/features/profiles/profiles.server";
import { addAsset, addUser, openTestDb, type TestDb } from "../helpers/data-db";

let t: TestDb;
let db: Db;

const T0 = "2026-01-01T00:00:00.000Z";
const T1 = "2026-02-01T00:00:00.000Z";
const T2 = "2026-03-01T00:00:00.000Z";

const DATA = {
  postcode: "M33", max_travel_km: 5, travel_modes: [], access_needs: [], age: 40, languages: [], interests: [], culture: [], faith: [],
  skills: [], skills_text: "", people: [], people_text: "", assets: [], assets_text: "", resilience: [], resilience_text: "", available: [], personal_budget: true,
};

const user = (id: string, role: User["role"]): User => ({ id, email: `${id}@t.test`, name: id, role, area_postcode: null, area_lat: null, area_lng: null });

const profile = (id: string, user_id: string, display_name: string, updated_at = T0): profiles.NewProfile => ({
  id,
  user_id,
  display_name,
  data: JSON.stringify(DATA),
  lat: 53.42,
  lng: -2.32,
  consent_by: null,
  consent_at: null,
  consent_how: null,
  created_by: user_id,
  created_at: T0,
  updated_at,
});

const link = (profile_id: string, connector_id: string, created_at = T0): profiles.NewConnectorLink => ({ profile_id, connector_id, created_by: null, created_at });

const TABLES = ["users", "profiles", "profile_connectors", "plans", "plan_members", "plan_outcomes", "plan_items", "plan_events"] as const;

/** Everything in the tables a profile or plan write touches, to compare before and after. */
async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await db.kysely.selectFrom(table).selectAll().execute();
  return out;
}

beforeEach(async () => {
  t = await openTestDb();
  db = t.db;
  await addUser(db, "pat", { role: "member", name: "Pat" });
  await addUser(db, "cara", { role: "connector", name: "Cara" });
  await addUser(db, "carl", { role: "connector", name: "" });
  await db.kysely.insertInto("postcodes").values({ postcode: "M33", outcode: "M33", lat: 53.42, lng: -2.32, precision: "district", admin_district: "Trafford" }).execute();
});

afterEach(async () => {
  await t.close();
});

describe("profiles and connector links", () => {
  beforeEach(async () => {
    await profiles.insertProfile(db.kysely, profile("p-sam", "pat", "Sam", T1));
    await profiles.insertProfile(db.kysely, profile("p-ann", "pat", "ann"));
    await profiles.insertProfile(db.kysely, profile("p-cara", "cara", "Cara's own"));
  });

  it("reads a profile with its owner's email, and its connectors in the order they were linked", async () => {
    expect(await profiles.findProfile(db.kysely, "p-sam")).toMatchObject({ id: "p-sam", user_id: "pat", display_name: "Sam", owner_email: "pat@t.test", data: JSON.stringify(DATA) });
    expect(await profiles.findProfile(db.kysely, "nope")).toBeUndefined();
    expect(await profiles.insertConnectorLink(db.kysely, link("p-sam", "carl", T1))).toBe(true);
    expect(await profiles.insertConnectorLink(db.kysely, link("p-sam", "cara", T0))).toBe(true);
    // Linking again keeps the first link (and says nothing changed).
    expect(await profiles.insertConnectorLink(db.kysely, link("p-sam", "cara", T2))).toBe(false);
    expect(await profiles.listConnectorsOf(db.kysely, "p-sam")).toEqual([
      { id: "cara", name: "Cara", email: "cara@t.test", created_at: T0 },
      { id: "carl", name: "", email: "carl@t.test", created_at: T1 },
    ]);
    await profiles.deleteConnectorLink(db.kysely, "p-sam", "carl");
    expect((await profiles.listConnectorsOf(db.kysely, "p-sam")).map((c) => c.id)).toEqual(["cara"]);
  });

  it("lists every profile by name, or those a person owns or is linked to", async () => {
    await profiles.insertConnectorLink(db.kysely, link("p-sam", "cara"));
    expect((await profiles.listAllProfiles(db.kysely)).map((p) => p.id)).toEqual(["p-cara", "p-sam", "p-ann"]);
    expect(await profiles.listProfilesOwnedOrLinked(db.kysely, "cara")).toEqual([
      { id: "p-cara", display_name: "Cara's own", owner_email: "cara@t.test", updated_at: T0 },
      { id: "p-sam", display_name: "Sam", owner_email: "pat@t.test", updated_at: T1 },
    ]);
    expect((await profiles.listProfilesOwnedOrLinked(db.kysely, "pat")).map((p) => p.id)).toEqual(["p-sam", "p-ann"]);
    expect(await profiles.listProfilesOwnedOrLinked(db.kysely, "carl")).toEqual([]);
  });

  it("updates a profile, and says when there was none", async () => {
    expect(await profiles.updateProfile(db.kysely, "p-sam", { display_name: "Samuel", updated_at: T2 })).toBe(true);
    expect(await profiles.findProfile(db.kysely, "p-sam")).toMatchObject({ display_name: "Samuel", updated_at: T2 });
    expect(await profiles.updateProfile(db.kysely, "nope", { display_name: "x" })).toBe(false);
  });

  it("reads the facts of who works with whom: the first link to any of a person's profiles", async () => {
    expect(await profiles.firstLinkAt(db.kysely, "cara", "pat")).toBeNull();
    await profiles.insertConnectorLink(db.kysely, link("p-ann", "cara", T2));
    await profiles.insertConnectorLink(db.kysely, link("p-sam", "cara", T1));
    expect(await profiles.firstLinkAt(db.kysely, "cara", "pat")).toBe(T1);
    expect(await profiles.firstLinkAt(db.kysely, "carl", "pat")).toBeNull();
    // Their own profile is not someone else's.
    await profiles.insertConnectorLink(db.kysely, link("p-cara", "cara"));
    expect(await profiles.listLinkedProfilesOfOthers(db.kysely, "cara")).toEqual([
      { id: "pat", name: "ann", email: "pat@t.test" },
      { id: "pat", name: "Sam", email: "pat@t.test" },
    ]);
    expect(await profiles.profileNamesOf(db.kysely, "pat")).toEqual(["ann", "Sam"]);
    expect(await profiles.profileNamesOf(db.kysely, "carl")).toEqual([]);
  });
});

describe("plans and their parts", () => {
  beforeEach(async () => {
    await profiles.insertProfile(db.kysely, profile("p", "pat", "Pat"));
    await plans.insertPlan(db.kysely, { id: "plan", profile_id: "p", title: "Pat's plan", created_by: "pat", created_at: T0, updated_at: T0, budget_id: null });
  });

  it("reads a plan's members, outcomes (most important first) and lines (with the listing's kind and who added them)", async () => {
    const asset = await addAsset(db, { kind: "community_group", name: "Choir" });
    await plans.insertMember(db.kysely, { id: "m2", plan_id: "plan", name: "Ella", relationship: null, age: null, created_at: T1 });
    await plans.insertMember(db.kysely, { id: "m1", plan_id: "plan", name: "Sam", relationship: "son", age: 9, created_at: T0 });
    await plans.insertOutcome(db.kysely, { id: "o2", plan_id: "plan", member_id: null, statement: "Later", domain: "be_healthy", priority: 3, created_at: T0 });
    await plans.insertOutcome(db.kysely, { id: "o1", plan_id: "plan", member_id: "m1", statement: "First", domain: "relationships", priority: 1, created_at: T1 });
    const line = { plan_id: "plan", outcome_id: "o1", who: null, when_text: null, cost_text: null, status: "planned", updated_at: T0, cost: null };
    await plans.insertItem(db.kysely, { ...line, id: "i2", asset_id: null, asset_name: "Personal assistant", added_by: null, added_at: T1 });
    await plans.insertItem(db.kysely, { ...line, id: "i1", asset_id: String(asset.id), asset_name: "Choir", added_by: "cara", added_at: T0 });
    expect(await plans.findPlan(db.kysely, "plan")).toEqual({ id: "plan", profile_id: "p", title: "Pat's plan", created_at: T0, updated_at: T0, budget_id: null });
    expect(await plans.listMembersOf(db.kysely, "plan")).toEqual([
      { id: "m1", name: "Sam", relationship: "son", age: 9 },
      { id: "m2", name: "Ella", relationship: null, age: null },
    ]);
    expect((await plans.listOutcomesOf(db.kysely, "plan")).map((o) => o.id)).toEqual(["o1", "o2"]);
    expect(await plans.listItemsOf(db.kysely, "plan")).toEqual([
      expect.objectContaining({ id: "i1", asset_kind: "community_group", added_by: "cara", added_by_name: "Cara" }),
      expect.objectContaining({ id: "i2", asset_id: null, asset_kind: null, added_by_name: null }),
    ]);
    expect(await plans.updateItem(db.kysely, "plan", "i1", { status: "working" })).toBe(true);
    expect(await plans.updateItem(db.kysely, "other-plan", "i1", { status: "tried" })).toBe(false);
    await plans.deleteOutcome(db.kysely, "plan", "o1");
    // A line of a removed outcome stays in the plan, for no outcome.
    expect((await plans.listItemsOf(db.kysely, "plan")).map((i) => [i.id, i.outcome_id, i.status])).toEqual([
      ["i1", null, "working"],
      ["i2", null, "planned"],
    ]);
  });

  it("keeps the history newest first, naming who did it even after their account is gone", async () => {
    await plans.addPlanEvent(db.kysely, { plan_id: "plan", user_id: "pat", action: "plan_started", detail: "a", created_at: T0 });
    await plans.addPlanEvent(db.kysely, { plan_id: "plan", user_id: "carl", action: "member_added", detail: "b", created_at: T1 });
    await db.kysely.deleteFrom("users").where("id", "=", "carl").execute();
    expect(await plans.listPlanEvents(db.kysely, "plan")).toEqual([
      { action: "member_added", detail: "b", created_at: T1, name: null, email: null },
      { action: "plan_started", detail: "a", created_at: T0, name: "Pat", email: "pat@t.test" },
    ]);
  });

  it("deleting a profile deletes its plans, their members, outcomes, lines and history, and its connector links", async () => {
    const pat = user("pat", "member");
    const made = await createProfile(db, pat, { name: "Sam", data: DATA });
    const planId = (await plansOf(db, made.id))[0].id;
    const member = await addMember(db, pat, planId, { name: "Ella", age: 7 });
    await addOutcome(db, pat, planId, { statement: "Friends", domain: "relationships", priority: 2, member_id: member });
    await addItem(db, pat, planId, { asset_id: null, asset_name: "Personal assistant" });
    await profiles.insertConnectorLink(db.kysely, link(made.id, "cara"));
    const kept = await snapshot();
    await deleteProfile(db, pat, made.id);
    const after = await snapshot();
    for (const table of ["plan_members", "plan_outcomes", "plan_items"] as const) {
      expect(after[table], table).toEqual([]);
      expect(kept[table], table).toHaveLength(1);
    }
    expect(after.plans).toEqual([expect.objectContaining({ id: "plan" })]);
    expect(after.plan_events).toEqual([]);
    expect(after.profile_connectors).toEqual([]);
    expect(after.profiles).toEqual([expect.objectContaining({ id: "p" })]);
    expect(after.users).toEqual(kept.users);
  });
});

describe("a write that fails part-way leaves the tables as they were", () => {
  /** From now on the database refuses every new history row, as a full disk or a bug might. */
  const refuseHistory = () => db.sqlite.exec("CREATE TRIGGER test_refuse_events BEFORE INSERT ON plan_events BEGIN SELECT RAISE(ABORT, 'history refused'); END");

  it("a profile made for someone new, whose first plan cannot be recorded, makes no profile, plan, link or account", async () => {
    refuseHistory();
    const before = await snapshot();
    await expect(
      createProfile(db, user("cara", "connector"), { name: "Newcomer", data: DATA, ownerEmail: "new@t.test", consent: { by: "Newcomer", how: "in_person" } }),
    ).rejects.toThrow(/history refused/);
    expect(await snapshot()).toEqual(before);
  });

  it("changes to a plan whose history cannot be written change nothing", async () => {
    const pat = user("pat", "member");
    const made = await createProfile(db, pat, { name: "Pat", data: DATA });
    const planId = (await plansOf(db, made.id))[0].id;
    const item = await addItem(db, pat, planId, { asset_id: null, asset_name: "Taxi" });
    refuseHistory();
    const before = await snapshot();
    await expect(addMember(db, pat, planId, { name: "Ella" })).rejects.toThrow(/history refused/);
    await expect(addOutcome(db, pat, planId, { statement: "Rest", domain: "be_healthy", priority: 1 })).rejects.toThrow(/history refused/);
    await expect(addItem(db, pat, planId, { asset_id: null, asset_name: "Job coach" })).rejects.toThrow(/history refused/);
    await expect(setItemStatus(db, pat, planId, item, "tried")).rejects.toThrow(/history refused/);
    await expect(setItemCost(db, pat, planId, item, { cost_type: "per_week", price: "25", stream: "adult_social_care" })).rejects.toThrow(/history refused/);
    expect(await snapshot()).toEqual(before);
    expect((await getPlanFor(db, pat, planId)).plan.items).toEqual([expect.objectContaining({ id: item, status: "planned", cost: null })]);
  });

  it("an error thrown inside a transaction undoes its writes", async () => {
    const before = await snapshot();
    await expect(
      db.kysely.transaction().execute(async (tx) => {
        await profiles.insertProfile(tx, profile("p", "pat", "Pat"));
        await profiles.insertConnectorLink(tx, link("p", "cara"));
        await plans.insertPlan(tx, { id: "plan", profile_id: "p", title: "Plan", created_by: null, created_at: T0, updated_at: T0, budget_id: null });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await snapshot()).toEqual(before);
  });
});
