// The costed plan's services over a real (in-memory) SQLite database: migration 022 keeps every
// plan item and lets a line have no listing; a cost, a line of one's own and the chosen budget
// are saved with one history row each, in the same transaction; bad input saves nothing; a change
// that changes nothing records nothing; the budget is always the person's own.
import { Migrator, type Migration } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import * as m001 from "../../db/migrations/001_directory";
import * as m002 from "../../db/migrations/002_search_index";
import * as m003 from "../../db/migrations/003_changing_places_rtree";
import * as m004 from "../../db/migrations/004_accounts";
import * as m005 from "../../db/migrations/005_import_runs";
import * as m006 from "../../db/migrations/006_asset_photos";
import * as m010 from "../../db/migrations/010_profiles_plans";
import * as m020 from "../../db/migrations/020_budget";
import * as m021 from "../../db/migrations/021_plan_costs";
import { SEED_ADULT } from "../../app/core/budget";
import type { User } from "../../app/features/accounts/users.data.server";
import { ensureSeedVersions } from "../../app/features/budget/budget-versions.server";
import { saveBudget } from "../../app/features/budget/budgets.server";
import { planHistory } from "../../app/features/plans/history.server";
import { addItem, removeItem, setItemStatus } from "../../app/features/plans/items.server";
import { addOwnItem, chooseBudget, planCosts, setItemCost } from "../../app/features/plans/plan-costs.server";
import { getPlanFor, plansOf } from "../../app/features/plans/plans.server";
import { linkConnector } from "../../app/features/profiles/connectors.server";
import { exportProfile } from "../../app/features/profiles/export.server";
import { createProfile } from "../../app/features/profiles/profiles.server";

let db: Db;

function addUser(id: string, role: User["role"]): User {
  db.sqlite
    .prepare("INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, '2026-01-01', '2026-01-01')")
    .run(id, `${id}@t.test`, id, role);
  return { id, email: `${id}@t.test`, name: id, role, area_postcode: null, area_lat: null, area_lng: null };
}

const DATA = {
  postcode: "M33", max_travel_km: 5, travel_modes: [], access_needs: [], age: 40, languages: [], interests: [], culture: [], faith: [],
  skills: [], skills_text: "", people: [], people_text: "", assets: [], assets_text: "", resilience: [], resilience_text: "", available: [], personal_budget: true,
};
const some = { questionnaire: "adult", answers: Object.fromEntries(SEED_ADULT.questions.map((q) => [q.id, "some"])) };
const count = (sql: string, ...a: unknown[]) => db.sqlite.prepare(sql).pluck().get(...a) as number;

describe("migration 022: lines that are not listings", () => {
  it("keeps every plan item and its cost, and then allows a line with no listing", async () => {
    db = openDatabase(":memory:");
    const upTo021: Record<string, Migration> = { "001_directory": m001, "002_search_index": m002, "003_changing_places_rtree": m003, "004_accounts": m004, "005_import_runs": m005, "006_asset_photos": m006, "010_profiles_plans": m010, "020_budget": m020, "021_plan_costs": m021 };
    const r = await new Migrator({ db: db.kysely, provider: { getMigrations: async () => upTo021 } }).migrateToLatest();
    expect(r.error).toBeUndefined();
    addUser("u", "member");
    db.sqlite.exec(`
      INSERT INTO profiles (id, user_id, display_name, data, created_at, updated_at) VALUES ('p', 'u', 'P', '{}', 't', 't');
      INSERT INTO plans (id, profile_id, title, created_at, updated_at) VALUES ('plan', 'p', 'Plan', 't', 't');
      INSERT INTO plan_items (id, plan_id, asset_id, asset_name, added_at, updated_at, cost, status) VALUES ('i1', 'plan', 'asset-1', 'Choir', '2026-01-01', 't', '{"cost_type":"free"}', 'working');
    `);
    expect(() => db.sqlite.exec("INSERT INTO plan_items (id, plan_id, asset_id, asset_name, added_at, updated_at) VALUES ('i2', 'plan', NULL, 'PA', 't', 't')")).toThrow(/NOT NULL/);
    await migrate(db);
    expect(db.sqlite.prepare("SELECT id, asset_id, asset_name, cost, status FROM plan_items").all()).toEqual([{ id: "i1", asset_id: "asset-1", asset_name: "Choir", cost: '{"cost_type":"free"}', status: "working" }]);
    db.sqlite.exec("INSERT INTO plan_items (id, plan_id, asset_id, asset_name, added_at, updated_at) VALUES ('i2', 'plan', NULL, 'PA', 't', 't')");
    expect(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'plan_items_plan'")).toBe(1);
    // Still deleted with its plan.
    db.sqlite.exec("DELETE FROM plans WHERE id = 'plan'");
    expect(count("SELECT COUNT(*) FROM plan_items")).toBe(0);
  });
});

describe("costs, lines of one's own and the budget, with history", () => {
  let owner: User;
  let connector: User;
  let other: User;
  let planId: string;

  beforeEach(async () => {
    db = openDatabase(":memory:");
    await migrate(db);
    await ensureSeedVersions(db);
    db.sqlite.prepare("INSERT INTO postcodes (postcode, outcode, lat, lng, precision, admin_district) VALUES ('M33', 'M33', 53.42, -2.32, 'district', 'Trafford')").run();
    owner = addUser("owner", "member");
    connector = addUser("connector", "connector");
    other = addUser("other", "member");
    const profile = await createProfile(db, owner, { name: "Pat", data: DATA });
    await linkConnector(db, owner, profile.id, "connector@t.test");
    planId = (await plansOf(db, profile.id))[0].id;
  });

  const events = () => db.sqlite.prepare("SELECT action, user_id FROM plan_events WHERE plan_id = ? ORDER BY id").all(planId) as { action: string; user_id: string }[];

  it("a cost is saved with one history row; the same cost again, or bad input, records and saves nothing", async () => {
    const id = await addItem(db, owner, planId, { asset_id: "asset-1", asset_name: "Choir" });
    await setItemCost(db, connector, planId, id, { cost_type: "per_session", price: "5", quantity: "1", stream: "adult_social_care" });
    expect(events().map((e) => e.action)).toEqual(["plan_started", "item_added", "item_cost"]);
    expect(events()[2].user_id).toBe("connector");
    await setItemCost(db, owner, planId, id, { cost_type: "per_session", price: "5.00", quantity: "1", stream: "adult_social_care" });
    expect(events()).toHaveLength(3);
    await expect(setItemCost(db, owner, planId, id, { cost_type: "per_session", price: "-5", quantity: "1", stream: "adult_social_care" })).rejects.toThrow(/price must not be negative/);
    await expect(setItemCost(db, owner, planId, id, { cost_type: "" })).rejects.toThrow(/cost_type is missing/);
    expect(events()).toHaveLength(3);
    expect((await getPlanFor(db, owner, planId)).plan.items[0].cost).toMatchObject({ unit_pence: 500 });
    // Another member cannot see the plan, so cannot cost it.
    await expect(setItemCost(db, other, planId, id, { cost_type: "free" })).rejects.toThrow(/no profile or plan here/);
  });

  it("a line of one's own has no listing, is costed at once, and may repeat", async () => {
    const form = { label: "Personal assistant", cost_type: "personal_assistant", price: "14", quantity: "10", stream: "adult_social_care" };
    const a = await addOwnItem(db, owner, planId, form);
    const b = await addOwnItem(db, owner, planId, form);
    expect(a).not.toBe(b);
    const { plan, profile } = await getPlanFor(db, owner, planId);
    expect(plan.items.map((i) => [i.asset_id, i.asset_name, i.cost?.unit_pence])).toEqual([
      [null, "Personal assistant", 1400],
      [null, "Personal assistant", 1400],
    ]);
    expect((await planCosts(db, plan, profile)).weekly_pence).toBe(28000);
    await expect(addOwnItem(db, owner, planId, { ...form, label: "" })).rejects.toThrow(/own\.label is missing/);
    expect(count("SELECT COUNT(*) FROM plan_items")).toBe(2);
  });

  it("the budget must be the person's own; choosing the same one again records nothing", async () => {
    const mine = await saveBudget(db, owner, some, "Pat's budget");
    const theirs = await saveBudget(db, other, some, "Other's budget");
    const connectors = await saveBudget(db, connector, some, "Connector's budget");
    await expect(chooseBudget(db, owner, planId, theirs.id)).rejects.toThrow(/budget_id must be one of Pat's own saved budgets/);
    await expect(chooseBudget(db, connector, planId, connectors.id)).rejects.toThrow(/budget_id/);
    await chooseBudget(db, connector, planId, mine.id);
    await chooseBudget(db, owner, planId, mine.id);
    expect(events().filter((e) => e.action === "budget_chosen")).toEqual([{ action: "budget_chosen", user_id: "connector" }]);
    const { plan, profile } = await getPlanFor(db, owner, planId);
    expect((await planCosts(db, plan, profile)).budget).toMatchObject({ id: mine.id, name: "Pat's budget" });
    // A budget id pointing at someone else's budget (written behind the service's back) is ignored.
    db.sqlite.prepare("UPDATE plans SET budget_id = ? WHERE id = ?").run(theirs.id, planId);
    const again = await getPlanFor(db, owner, planId);
    expect((await planCosts(db, again.plan, again.profile)).budget).toBeNull();
  });

  it("status changes and removals are recorded once; unknown items record nothing; the download holds the history", async () => {
    const id = await addItem(db, owner, planId, { asset_id: "asset-1", asset_name: "Choir" });
    await setItemStatus(db, owner, planId, id, "tried");
    await setItemStatus(db, owner, planId, id, "tried");
    await setItemStatus(db, owner, planId, "nope", "working");
    await removeItem(db, owner, planId, "nope");
    await removeItem(db, owner, planId, id);
    expect(events().map((e) => e.action)).toEqual(["plan_started", "item_added", "item_status", "item_removed"]);
    const { profile } = await getPlanFor(db, owner, planId);
    const exported = (await exportProfile(db, profile, owner)) as { plans: { history: { action: string; detail: string; who: string }[]; costs: { weekly_pence: number } }[] };
    expect(exported.plans[0].history.map((h) => h.action)).toEqual(["item_removed", "item_status", "item_added", "plan_started"]);
    expect(exported.plans[0].history[0]).toMatchObject({ detail: "Removed Choir from the plan.", who: "owner" });
    expect(exported.plans[0].costs.weekly_pence).toBe(0);
    expect(await planHistory(db, planId)).toHaveLength(4);
  });
});
