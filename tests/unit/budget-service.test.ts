// The budget service over a real (in-memory) SQLite database: seeding, versions (published ones
// are immutable, in the database too), saved budgets keeping their version, and the history; who
// works with whom (app/features/profiles/people-worked-with.server.ts) and a connector saving a budget for a person.
import { beforeEach, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import { SEED_ADULT } from "../../app/core/budget";
import { canSeeBudgetsOf, peopleWorkedWith, personName, worksWith } from "../../app/features/profiles/people-worked-with.server";
import type { User } from "../../app/features/accounts/users.data.server";
import { createDraft, ensureSeedVersions, latestPublished, listVersions, publishDraft, updateDraft } from "../../app/features/budget/budget-versions.server";
import { budgetHistory, getBudget, listBudgetsOfPeopleWorkedWith, reworkBudget, saveBudget } from "../../app/features/budget/budgets.server";
import { estimateFromBody } from "../../app/features/budget/estimates.server";

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
  await ensureSeedVersions(db);
  admin = addUser("admin", "admin");
  member = addUser("member", "member");
});

describe("budget versions in the database", () => {
  it("seeds one published version of each questionnaire, once", async () => {
    await ensureSeedVersions(db);
    expect((await listVersions(db)).map((v) => [v.id, v.status])).toEqual([
      ["adult-1", "published"],
      ["child-1", "published"],
    ]);
  });
  it("a published version cannot be updated or deleted, even with SQL", () => {
    expect(() => db.sqlite.prepare("UPDATE budget_versions SET config = '{}' WHERE id = 'adult-1'").run()).toThrow(/cannot be changed/);
    expect(() => db.sqlite.prepare("DELETE FROM budget_versions WHERE id = 'adult-1'").run()).toThrow(/cannot be deleted/);
  });
  it("drafts are numbered on, edited, published; then they are locked (409)", async () => {
    const d = await createDraft(db, admin, "adult-1");
    expect(d).toMatchObject({ id: "adult-2", status: "draft", based_on: "adult-1" });
    await expect(estimateFromBody(db, { ...some, version: "adult-2" })).rejects.toThrow(/Please check: version/);
    await expect(updateDraft(db, admin, "adult-2", { pence_per_point: "-1" })).rejects.toThrow(/pence_per_point must not be negative/);
    await updateDraft(db, admin, "adult-2", { pence_per_point: "350" });
    await publishDraft(db, admin, "adult-2");
    expect((await latestPublished(db, "adult")).id).toBe("adult-2");
    await expect(updateDraft(db, admin, "adult-2", { pence_per_point: "1" })).rejects.toThrow(expect.objectContaining({ status: 409 }));
    await expect(publishDraft(db, admin, "adult-1")).rejects.toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe("saved budgets", () => {
  it("keep the version they were saved under when a new one is published; a rework is recorded", async () => {
    const b = await saveBudget(db, member, some, "Mine");
    expect(b.version_id).toBe("adult-1");
    expect(b.result.indicative_budget.per_year_pence).toBe(34 * 30_000);
    await createDraft(db, admin, "adult-1");
    await updateDraft(db, admin, "adult-2", { pence_per_point: "350" });
    await publishDraft(db, admin, "adult-2");
    const again = await getBudget(db, member, b.id);
    expect(again.version_id).toBe("adult-1");
    expect(again.result).toEqual(b.result);
    const re = await reworkBudget(db, member, b.id);
    expect(re.version_id).toBe("adult-2");
    expect(re.result.indicative_budget.per_year_pence).toBe(34 * 35_000);
    expect((await budgetHistory(db, b.id)).map((h) => [h.action, h.who])).toEqual([
      ["changed", "member"],
      ["saved", "member"],
    ]);
  });
  it("are private to their owner (admins may read them)", async () => {
    const b = await saveBudget(db, member, some, "");
    const other = addUser("other", "connector");
    await expect(getBudget(db, other, b.id)).rejects.toThrow(expect.objectContaining({ status: 404 }));
    expect((await getBudget(db, admin, b.id)).name).toBe("Adult budget");
  });
  it("bad input saves nothing", async () => {
    await expect(saveBudget(db, member, { questionnaire: "adult", answers: { nutrition: "some" } }, "x")).rejects.toThrow(/answers\\.personal_hygiene|answers.personal_hygiene/);
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM budgets").pluck().get()).toBe(0);
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM budget_events WHERE budget_id IS NOT NULL").pluck().get()).toBe(0);
  });
});

describe("who works with whom, and budgets saved for a person", () => {
  let connector: User;
  let stranger: User;
  const profile = (id: string, owner: string, name: string) =>
    db.sqlite.prepare("INSERT INTO profiles (id, user_id, display_name, data, created_at, updated_at) VALUES (?, ?, ?, '{}', 't', 't')").run(id, owner, name);
  const link = (profileId: string, connectorId: string) =>
    db.sqlite.prepare("INSERT INTO profile_connectors (profile_id, connector_id, created_at) VALUES (?, ?, '2000-01-01T00:00:00.000Z')").run(profileId, connectorId);
  const budgets = () => db.sqlite.prepare("SELECT COUNT(*) FROM budgets").pluck().get();

  beforeEach(() => {
    connector = addUser("cara", "connector");
    stranger = addUser("stan", "connector");
    // The member's account holds two profiles (a parent's and a child's); the connector is linked to one.
    profile("p-sam", member.id, "Sam");
    profile("p-mum", member.id, "Priya");
    link("p-sam", connector.id);
  });

  it("a connector works with a person when linked to any of their profiles; nobody else does", async () => {
    expect(await worksWith(db, connector, member.id)).toBe(true);
    expect(await worksWith(db, stranger, member.id)).toBe(false);
    expect(await worksWith(db, admin, member.id)).toBe(false);
    expect(await worksWith(db, member, connector.id)).toBe(false);
    expect(await worksWith(db, null, member.id)).toBe(false);
    expect(await peopleWorkedWith(db, connector)).toEqual([{ id: member.id, name: "Sam" }]);
    link("p-mum", connector.id);
    expect(await peopleWorkedWith(db, connector)).toEqual([{ id: member.id, name: "Priya and Sam" }]);
    expect(await peopleWorkedWith(db, member)).toEqual([]);
    // Two people with the same name are told apart by their email.
    const other = addUser("other", "member");
    profile("p-sam2", other.id, "Sam");
    link("p-sam2", connector.id);
    db.sqlite.prepare("DELETE FROM profile_connectors WHERE profile_id = 'p-mum'").run();
    expect((await peopleWorkedWith(db, connector)).map((p) => p.name)).toEqual(["Sam (member@t.test)", "Sam (other@t.test)"]);
    // Unlinked: at once.
    db.sqlite.prepare("DELETE FROM profile_connectors WHERE profile_id = 'p-sam'").run();
    expect(await worksWith(db, connector, member.id)).toBe(false);
  });

  it("the person, a connector who works with them and admins may see their budgets; nobody else", async () => {
    expect(await Promise.all([member, connector, admin].map((u) => canSeeBudgetsOf(db, u, member.id)))).toEqual([true, true, true]);
    expect(await Promise.all([stranger, addUser("x", "member"), null].map((u) => canSeeBudgetsOf(db, u, member.id)))).toEqual([false, false, false]);
    expect(await personName(db, connector, member.id)).toBe("Sam");
    expect(await personName(db, admin, member.id)).toBe("Priya and Sam");
  });

  it("a connector saves a budget for a person they work with: it is theirs, and the history says so", async () => {
    const b = await saveBudget(db, connector, some, "Sam's budget", { forPerson: member.id });
    expect(b.user_id).toBe(member.id);
    expect((await getBudget(db, member, b.id)).name).toBe("Sam's budget");
    expect(await budgetHistory(db, b.id)).toEqual([
      expect.objectContaining({ action: "saved", who: "cara", detail: "Saved by cara for Sam: 34 points, £10,200.00 a year (adult-1)." }),
    ]);
    expect(await listBudgetsOfPeopleWorkedWith(db, connector)).toEqual([{ person: { id: member.id, name: "Sam" }, budgets: [expect.objectContaining({ id: b.id })] }]);
    await expect(getBudget(db, stranger, b.id)).rejects.toThrow(expect.objectContaining({ status: 404 }));
    // For yourself: an empty choice or your own id.
    expect((await saveBudget(db, connector, some, "", { forPerson: "" })).user_id).toBe(connector.id);
    expect((await saveBudget(db, connector, some, "", { forPerson: connector.id })).user_id).toBe(connector.id);
  });

  it("for someone they do not work with (or a member trying): 400 naming for_person, nothing saved", async () => {
    const before = budgets();
    for (const [who, forPerson] of [
      [stranger, member.id],
      [connector, "made-up"],
      [connector, admin.id],
      [member, connector.id],
      [admin, member.id],
    ] as const) {
      await expect(saveBudget(db, who, some, "x", { forPerson }), `${who.id} for ${forPerson}`).rejects.toThrow(
        expect.objectContaining({ status: 400, fields: { for_person: "must be yourself or one of the people you work with" } }),
      );
    }
    // With bad answers too, both fields are named.
    await expect(saveBudget(db, stranger, { questionnaire: "adult", answers: {} }, "x", { forPerson: member.id })).rejects.toThrow(
      expect.objectContaining({ fields: expect.objectContaining({ for_person: expect.any(String), "answers.nutrition": "is missing" }) }),
    );
    expect(budgets()).toBe(before);
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM budget_events WHERE budget_id IS NOT NULL").pluck().get()).toBe(0);
  });
});
