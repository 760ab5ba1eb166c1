// The budget service over a real (in-memory) SQLite database: seeding, versions (published ones
// are immutable, in the database too), saved budgets keeping their version, and the history.
import { beforeEach, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import { SEED_ADULT } from "../../app/core/budget";
import type { User } from "../../app/services/auth.server";
import {
  budgetHistory,
  createDraft,
  ensureSeedVersions,
  estimateFromBody,
  getBudget,
  latestPublished,
  listVersions,
  publishDraft,
  reworkBudget,
  saveBudget,
  updateDraft,
} from "../../app/services/budget.server";

let db: Db;
let admin: User;
let member: User;

function addUser(id: string, role: User["role"]): User {
  db.sqlite
    .prepare("INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, '2026-01-01', '2026-01-01')")
    .run(id, `${id}@t.test`, id, role);
  return { id, email: `${id}@t.test`, name: id, role, area_postcode: null, area_lat: null, area_lng: null };
}

const some = { questionnaire: "adult", answers: Object.fromEntries(SEED_ADULT.questions.map((q) => [q.id, "some"])) };

beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrate(db);
  ensureSeedVersions(db);
  admin = addUser("admin", "admin");
  member = addUser("member", "member");
});

describe("budget versions in the database", () => {
  it("seeds one published version of each questionnaire, once", () => {
    ensureSeedVersions(db);
    expect(listVersions(db).map((v) => [v.id, v.status])).toEqual([
      ["adult-1", "published"],
      ["child-1", "published"],
    ]);
  });
  it("a published version cannot be updated or deleted, even with SQL", () => {
    expect(() => db.sqlite.prepare("UPDATE budget_versions SET config = '{}' WHERE id = 'adult-1'").run()).toThrow(/cannot be changed/);
    expect(() => db.sqlite.prepare("DELETE FROM budget_versions WHERE id = 'adult-1'").run()).toThrow(/cannot be deleted/);
  });
  it("drafts are numbered on, edited, published; then they are locked (409)", () => {
    const d = createDraft(db, admin, "adult-1");
    expect(d).toMatchObject({ id: "adult-2", status: "draft", based_on: "adult-1" });
    expect(() => estimateFromBody(db, { ...some, version: "adult-2" })).toThrow(/Please check: version/);
    expect(() => updateDraft(db, admin, "adult-2", { pence_per_point: "-1" })).toThrow(/pence_per_point must not be negative/);
    updateDraft(db, admin, "adult-2", { pence_per_point: "350" });
    publishDraft(db, admin, "adult-2");
    expect(latestPublished(db, "adult").id).toBe("adult-2");
    expect(() => updateDraft(db, admin, "adult-2", { pence_per_point: "1" })).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => publishDraft(db, admin, "adult-1")).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe("saved budgets", () => {
  it("keep the version they were saved under when a new one is published; a rework is recorded", () => {
    const b = saveBudget(db, member, some, "Mine");
    expect(b.version_id).toBe("adult-1");
    expect(b.result.indicative_budget.per_year_pence).toBe(34 * 30_000);
    createDraft(db, admin, "adult-1");
    updateDraft(db, admin, "adult-2", { pence_per_point: "350" });
    publishDraft(db, admin, "adult-2");
    const again = getBudget(db, member, b.id);
    expect(again.version_id).toBe("adult-1");
    expect(again.result).toEqual(b.result);
    const re = reworkBudget(db, member, b.id);
    expect(re.version_id).toBe("adult-2");
    expect(re.result.indicative_budget.per_year_pence).toBe(34 * 35_000);
    expect(budgetHistory(db, b.id).map((h) => [h.action, h.who])).toEqual([
      ["changed", "member"],
      ["saved", "member"],
    ]);
  });
  it("are private to their owner (admins may read them)", () => {
    const b = saveBudget(db, member, some, "");
    const other = addUser("other", "connector");
    expect(() => getBudget(db, other, b.id)).toThrow(expect.objectContaining({ status: 404 }));
    expect(getBudget(db, admin, b.id).name).toBe("Adult budget");
  });
  it("bad input saves nothing", () => {
    expect(() => saveBudget(db, member, { questionnaire: "adult", answers: { nutrition: "some" } }, "x")).toThrow(/answers\\.personal_hygiene|answers.personal_hygiene/);
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM budgets").pluck().get()).toBe(0);
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM budget_events WHERE budget_id IS NOT NULL").pluck().get()).toBe(0);
  });
});
