// The budget data modules (app/features/budget/*.data.server.ts) against a real SQLite file, no
// mocks: what each query returns, that a published version cannot be changed (the database's own
// triggers, whatever the query), and that a write that fails part-way leaves the database as it was.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import { SEED_ADULT } from "../../app/core/budget";
import type { User } from "../../app/features/accounts/users.data.server";
import * as versions from "../../app/features/budget/budget-versions.data.server";
import * as budgets from "../../app/features/budget/budgets.data.server";
import { createDraft, ensureSeedVersions, getVersion, publishDraft, updateDraft } from "../../app/features/budget/budget-versions.server";
import { getBudget, saveBudget, setHolding } from "../../app/features/budget/budgets.server";

let dir: string;
let db: Db;

const T0 = "2026-01-01T00:00:00.000Z";
const version = (id: string, questionnaire: string, number: number, status: "draft" | "published"): versions.NewBudgetVersion => ({
  id,
  questionnaire,
  number,
  status,
  config: JSON.stringify({ id }),
  created_at: T0,
  updated_at: T0,
  published_at: status === "published" ? T0 : null,
});
const budget = (id: string, user_id: string, version_id: string, created_at: string, updated_at = created_at): budgets.NewBudget => ({
  id,
  user_id,
  name: `Budget ${id}`,
  questionnaire: "adult",
  version_id,
  input: "{}",
  result: JSON.stringify({ tier: "personal_budget" }),
  per_year_pence: 1000,
  holding: "{}",
  created_at,
  updated_at,
});

async function addUser(id: string, name: string, role: User["role"] = "member"): Promise<User> {
  await db.kysely.insertInto("users").values({ id, email: `${id}@t.test`, name, password_hash: "x", role, disabled: 0, created_at: T0, updated_at: T0 }).execute();
  return { id, email: `${id}@t.test`, name, role, area_postcode: null, area_lat: null, area_lng: null };
}

/** Everything in the budget tables, to compare before and after. */
async function snapshot() {
  return {
    versions: await db.kysely.selectFrom("budget_versions").selectAll().orderBy("id").execute(),
    budgets: await db.kysely.selectFrom("budgets").selectAll().orderBy("id").execute(),
    events: await db.kysely.selectFrom("budget_events").selectAll().orderBy("id").execute(),
  };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-budget-data-"));
  db = openDatabase(path.join(dir, "test.db"));
  await migrate(db);
});

afterEach(async () => {
  await db.kysely.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("budget versions", () => {
  it("the first version of a questionnaire is inserted once; a second try for the same questionnaire does nothing", async () => {
    await versions.insertFirstVersionIfNone(db.kysely, version("adult-1", "adult", 1, "published"));
    await versions.insertFirstVersionIfNone(db.kysely, version("adult-1", "adult", 1, "published"));
    await versions.insertFirstVersionIfNone(db.kysely, version("adult-9", "adult", 9, "published"));
    await versions.insertFirstVersionIfNone(db.kysely, version("child-1", "child", 1, "published"));
    expect((await versions.listVersionRows(db.kysely)).map((v) => v.id)).toEqual(["adult-1", "child-1"]);
    expect(await versions.findVersion(db.kysely, "adult-1")).toMatchObject({ questionnaire: "adult", number: 1, status: "published", based_on: null, created_by: null });
    expect(await versions.findVersion(db.kysely, "adult-9")).toBeUndefined();
  });

  it("lists by questionnaire, newest first; the latest published ignores drafts; numbers go on from the highest", async () => {
    await versions.insertVersion(db.kysely, version("adult-1", "adult", 1, "published"));
    await versions.insertVersion(db.kysely, version("adult-2", "adult", 2, "published"));
    await versions.insertVersion(db.kysely, version("adult-3", "adult", 3, "draft"));
    await versions.insertVersion(db.kysely, version("child-1", "child", 1, "published"));
    expect((await versions.listVersionRows(db.kysely)).map((v) => v.id)).toEqual(["adult-3", "adult-2", "adult-1", "child-1"]);
    expect(await versions.latestPublishedVersionId(db.kysely, "adult")).toBe("adult-2");
    expect(await versions.latestPublishedVersionId(db.kysely, "nobody")).toBeUndefined();
    expect(await versions.nextVersionNumber(db.kysely, "adult")).toBe(4);
    expect(await versions.nextVersionNumber(db.kysely, "child")).toBe(2);
    expect(await versions.nextVersionNumber(db.kysely, "nobody")).toBe(1);
  });

  it("a draft's config changes and it can be published once; then nothing changes it", async () => {
    const admin = await addUser("admin", "Ada", "admin");
    await versions.insertVersion(db.kysely, version("adult-1", "adult", 1, "draft"));
    expect(await versions.updateDraftConfig(db.kysely, "adult-1", '{"v":2}', "2026-02-01T00:00:00.000Z")).toBe(true);
    expect(await versions.markPublished(db.kysely, "adult-1", admin.id, "2026-03-01T00:00:00.000Z")).toBe(true);
    const published = await versions.findVersion(db.kysely, "adult-1");
    expect(published).toMatchObject({ status: "published", config: '{"v":2}', published_by: "admin", published_at: "2026-03-01T00:00:00.000Z", updated_at: "2026-03-01T00:00:00.000Z" });
    // The module's writes match only drafts…
    expect(await versions.updateDraftConfig(db.kysely, "adult-1", '{"v":3}', "2026-04-01T00:00:00.000Z")).toBe(false);
    expect(await versions.markPublished(db.kysely, "adult-1", admin.id, "2026-04-01T00:00:00.000Z")).toBe(false);
    // …and the database refuses any change or deletion of a published version, whatever the query.
    await expect(db.kysely.updateTable("budget_versions").set({ config: "{}" }).where("id", "=", "adult-1").execute()).rejects.toThrow(/a published budget version cannot be changed/);
    await expect(db.kysely.updateTable("budget_versions").set({ status: "draft" }).where("id", "=", "adult-1").execute()).rejects.toThrow(/cannot be changed/);
    await expect(db.kysely.deleteFrom("budget_versions").where("id", "=", "adult-1").execute()).rejects.toThrow(/a published budget version cannot be deleted/);
    expect(await versions.findVersion(db.kysely, "adult-1")).toEqual(published);
  });

  it("a version's history is newest first, names who did it, and leaves out the budgets' events", async () => {
    const ada = await addUser("ada", "Ada");
    const nameless = await addUser("nameless", "");
    await versions.insertVersion(db.kysely, version("adult-1", "adult", 1, "published"));
    await versions.addVersionEvent(db.kysely, { version_id: "adult-1", user_id: null, action: "version_created", detail: "first", created_at: T0 });
    await versions.addVersionEvent(db.kysely, { version_id: "adult-1", user_id: ada.id, action: "version_edited", detail: "second", created_at: T0 });
    await versions.addVersionEvent(db.kysely, { version_id: "adult-1", user_id: nameless.id, action: "version_published", detail: "third", created_at: T0 });
    await budgets.insertBudget(db.kysely, budget("b1", ada.id, "adult-1", T0));
    await budgets.addBudgetEvent(db.kysely, { budget_id: "b1", version_id: "adult-1", user_id: ada.id, action: "saved", detail: "a budget", created_at: T0 });
    expect(await versions.versionEvents(db.kysely, "adult-1")).toEqual([
      { action: "version_published", detail: "third", created_at: T0, name: "", email: "nameless@t.test" },
      { action: "version_edited", detail: "second", created_at: T0, name: "Ada", email: "ada@t.test" },
      { action: "version_created", detail: "first", created_at: T0, name: null, email: null },
    ]);
  });
});

describe("saved budgets", () => {
  beforeEach(async () => {
    await versions.insertVersion(db.kysely, version("adult-1", "adult", 1, "published"));
    await versions.insertVersion(db.kysely, version("adult-2", "adult", 2, "published"));
  });

  it("a budget is found by id, and by its owner only", async () => {
    await addUser("sam", "Sam");
    await addUser("kit", "Kit");
    await budgets.insertBudget(db.kysely, budget("b1", "sam", "adult-1", T0));
    expect(await budgets.findBudget(db.kysely, "b1")).toEqual(budget("b1", "sam", "adult-1", T0));
    expect(await budgets.findBudgetOf(db.kysely, "sam", "b1")).toMatchObject({ id: "b1" });
    expect(await budgets.findBudgetOf(db.kysely, "kit", "b1")).toBeUndefined();
    expect(await budgets.findBudget(db.kysely, "nope")).toBeUndefined();
  });

  it("lists a person's budgets: last changed first, since a time, in saved order, and counts them by version", async () => {
    await addUser("sam", "Sam");
    await addUser("kit", "Kit");
    await budgets.insertBudget(db.kysely, budget("b-old", "sam", "adult-1", "2026-01-01", "2026-05-01"));
    await budgets.insertBudget(db.kysely, budget("b-mid", "sam", "adult-1", "2026-02-01", "2026-02-01"));
    await budgets.insertBudget(db.kysely, budget("b-new", "sam", "adult-2", "2026-03-01", "2026-03-01"));
    await budgets.insertBudget(db.kysely, budget("k-1", "kit", "adult-2", "2026-03-01"));
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(await budgets.listBudgetsOf(db.kysely, "sam"))).toEqual(["b-old", "b-new", "b-mid"]);
    expect(ids(await budgets.listBudgetsOfSince(db.kysely, "sam", ""))).toEqual(["b-old", "b-new", "b-mid"]);
    expect(ids(await budgets.listBudgetsOfSince(db.kysely, "sam", "2026-02-01"))).toEqual(["b-new", "b-mid"]);
    expect(ids(await budgets.listBudgetsOfInSavedOrder(db.kysely, "sam"))).toEqual(["b-old", "b-mid", "b-new"]);
    expect(await budgets.listBudgetChoicesOfSince(db.kysely, "sam", "2026-03-01")).toEqual([
      { id: "b-new", name: "Budget b-new", questionnaire: "adult", version_id: "adult-2", result: JSON.stringify({ tier: "personal_budget" }), per_year_pence: 1000, updated_at: "2026-03-01" },
    ]);
    expect(await budgets.countBudgetsByVersion(db.kysely)).toEqual(new Map([["adult-1", 2], ["adult-2", 2]]));
  });

  it("lists at most 200 of a person's budgets", async () => {
    await addUser("sam", "Sam");
    await db.kysely.transaction().execute(async (tx) => {
      for (let i = 0; i < 205; i++) await budgets.insertBudget(tx, budget(`b${String(i).padStart(3, "0")}`, "sam", "adult-1", T0));
    });
    expect(await budgets.listBudgetsOfSince(db.kysely, "sam", "")).toHaveLength(200);
    expect(await budgets.listBudgetChoicesOfSince(db.kysely, "sam", "")).toHaveLength(200);
    expect(await budgets.listBudgetsOf(db.kysely, "sam")).toHaveLength(205);
  });

  it("a change is saved; a change to no such budget says so", async () => {
    await addUser("sam", "Sam");
    await budgets.insertBudget(db.kysely, budget("b1", "sam", "adult-1", T0));
    expect(await budgets.updateBudget(db.kysely, "b1", { holding: '{"adult_social_care":"direct_payment"}', updated_at: "2026-02-01" })).toBe(true);
    expect(await budgets.findBudget(db.kysely, "b1")).toMatchObject({ holding: '{"adult_social_care":"direct_payment"}', updated_at: "2026-02-01", created_at: T0 });
    expect(await budgets.updateBudget(db.kysely, "nope", { name: "x" })).toBe(false);
  });

  it("a budget's history is newest first, names who did it, and goes with the budget", async () => {
    await addUser("sam", "Sam");
    await budgets.insertBudget(db.kysely, budget("b1", "sam", "adult-1", T0));
    await budgets.addBudgetEvent(db.kysely, { budget_id: "b1", version_id: "adult-1", user_id: "sam", action: "saved", detail: "one", created_at: T0 });
    await budgets.addBudgetEvent(db.kysely, { budget_id: "b1", version_id: "adult-2", user_id: null, action: "changed", detail: "two", created_at: T0 });
    expect(await budgets.budgetEvents(db.kysely, "b1")).toEqual([
      { action: "changed", detail: "two", created_at: T0, name: null, email: null },
      { action: "saved", detail: "one", created_at: T0, name: "Sam", email: "sam@t.test" },
    ]);
    await db.kysely.deleteFrom("users").where("id", "=", "sam").execute();
    expect(await budgets.findBudget(db.kysely, "b1")).toBeUndefined();
    expect(await budgets.budgetEvents(db.kysely, "b1")).toEqual([]);
  });
});

describe("a write that fails part-way leaves the database as it was", () => {
  const some = { questionnaire: "adult", answers: Object.fromEntries(SEED_ADULT.questions.map((q) => [q.id, "some"])) };
  let member: User;
  let admin: User;

  beforeEach(async () => {
    await ensureSeedVersions(db);
    member = await addUser("member", "Mo");
    admin = await addUser("admin", "Ada", "admin");
  });

  /** From now on the database refuses every new history row, as a full disk or a bug might. */
  const refuseHistory = () =>
    db.sqlite.exec("CREATE TRIGGER test_refuse_events BEFORE INSERT ON budget_events BEGIN SELECT RAISE(ABORT, 'history refused'); END");

  it("an error thrown inside a transaction undoes its writes", async () => {
    const before = await snapshot();
    await expect(
      db.kysely.transaction().execute(async (tx) => {
        await budgets.insertBudget(tx, budget("b1", member.id, "adult-1", T0));
        await budgets.addBudgetEvent(tx, { budget_id: "b1", version_id: "adult-1", user_id: member.id, action: "saved", detail: "x", created_at: T0 });
        await versions.insertVersion(tx, version("adult-2", "adult", 2, "draft"));
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await snapshot()).toEqual(before);
  });

  it("a change to a published version inside a transaction undoes the rest of it", async () => {
    const before = await snapshot();
    await expect(
      db.kysely.transaction().execute(async (tx) => {
        await versions.addVersionEvent(tx, { version_id: "adult-1", user_id: admin.id, action: "version_edited", detail: "x", created_at: T0 });
        await tx.updateTable("budget_versions").set({ config: "{}" }).where("id", "=", "adult-1").execute();
      }),
    ).rejects.toThrow(/cannot be changed/);
    expect(await snapshot()).toEqual(before);
  });

  it("saving a budget whose history cannot be written saves no budget", async () => {
    refuseHistory();
    const before = await snapshot();
    await expect(saveBudget(db, member, some, "Mine")).rejects.toThrow(/history refused/);
    expect(await snapshot()).toEqual(before);
  });

  it("a change of holding whose history cannot be written changes nothing", async () => {
    const b = await saveBudget(db, member, some, "Mine");
    refuseHistory();
    const before = await snapshot();
    await expect(setHolding(db, member, b.id, { adult_social_care: "direct_payment" })).rejects.toThrow(/history refused/);
    expect(await snapshot()).toEqual(before);
    expect((await getBudget(db, member, b.id)).holding).toEqual({});
  });

  it("a draft made, edited or published without its history is not made, edited or published", async () => {
    await createDraft(db, admin, "adult-1");
    refuseHistory();
    const before = await snapshot();
    await expect(createDraft(db, admin, "adult-1")).rejects.toThrow(/history refused/);
    await expect(updateDraft(db, admin, "adult-2", { pence_per_point: "350" })).rejects.toThrow(/history refused/);
    await expect(publishDraft(db, admin, "adult-2")).rejects.toThrow(/history refused/);
    expect(await snapshot()).toEqual(before);
    expect(await getVersion(db, "adult-2")).toMatchObject({ status: "draft" });
  });
});
