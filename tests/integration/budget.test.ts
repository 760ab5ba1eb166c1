// The budget calculator over real HTTP: the API (CONTRACTS: POST /api/budget/estimate,
// GET /api/budget/questionnaire), bad input (400 naming the field, nothing saved), the admin
// versioning pages and every access rule (anonymous, member, connector, admin), and saved
// budgets keeping their version when a new one is published.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openDatabase } from "../../db/index";
import { upsertUser } from "../../app/features/accounts/users.server";
import { SEED_ADULT, SEED_CHILD } from "../../app/core/budget";
import { ensureTemplateDb, startTestServer, type TestServer } from "../helpers/server";

const PASSWORD = "budget-test-password-1";
const ROLES = ["member", "connector", "admin"] as const;
type Who = "anonymous" | (typeof ROLES)[number];

let server: TestServer;
let dir: string;
const sessions = new Map<Who, { cookie: string; csrf: string }>();

async function signIn(who: Who): Promise<{ cookie: string; csrf: string }> {
  let cookie = "";
  if (who !== "anonymous") {
    const res = await server.request("/api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: `${who}@budget.test`, password: PASSWORD }),
    });
    expect(res.status, res.text).toBe(200);
    cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }
  // A page gives the CSRF cookie and the token that goes with it.
  const page = await server.get("/budget", { headers: cookie ? { Cookie: cookie } : {} });
  const csrfCookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("rw_csrf="))!;
  cookie = cookie ? `${cookie}; ${csrfCookie}` : csrfCookie;
  const csrf = /name="csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? "";
  return { cookie, csrf };
}

function as(who: Who) {
  return sessions.get(who)!;
}

function postForm(who: Who, p: string, fields: Record<string, string>) {
  const s = as(who);
  return server.request(p, {
    method: "POST",
    headers: { Cookie: s.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: s.csrf, ...fields }).toString(),
  });
}

function page(who: Who, p: string) {
  return server.get(p, { headers: { Cookie: as(who).cookie } });
}

function estimate(body: unknown) {
  return server.request("/api/budget/estimate", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

const all = (q: typeof SEED_ADULT, a: string) => Object.fromEntries(q.questions.map((x) => [x.id, a]));

function rows(sql: string): unknown[] {
  const db = new SQLite(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-budget-"));
  const file = path.join(dir, "budget.db");
  fs.copyFileSync(await ensureTemplateDb(), file);
  const db = openDatabase(file);
  await migrate(db);
  for (const role of ROLES) await upsertUser(db, { email: `${role}@budget.test`, password: PASSWORD, role, name: `Test ${role}` });
  db.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  db.sqlite.close();
  server = await startTestServer({ database: file });
  for (const who of ["anonymous", ...ROLES] as Who[]) sessions.set(who, await signIn(who));
});
afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("GET /api/budget/questionnaire", () => {
  it("returns the questions and the allowed answers of the latest published version", async () => {
    for (const [type, seed] of [["adult", SEED_ADULT], ["child", SEED_CHILD]] as const) {
      const res = await server.get(`/api/budget/questionnaire?type=${type}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ questionnaire: type, ras_version: `${type}-1`, answers: ["none", "some", "lots", "exceptional"] });
      expect(res.body.questions.map((q: { id: string }) => q.id)).toEqual(seed.questions.map((q) => q.id));
      expect(res.body.questions[0]).toMatchObject({ text: expect.any(String), outcome: expect.any(String), points: expect.any(Object) });
    }
  });
  it("400 naming type or version when they are wrong", async () => {
    expect((await server.get("/api/budget/questionnaire")).body.error.fields).toHaveProperty("type");
    expect((await server.get("/api/budget/questionnaire?type=elder")).body.error.fields).toHaveProperty("type");
    const res = await server.get("/api/budget/questionnaire?type=adult&version=99");
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty("version");
  });
});

describe("POST /api/budget/estimate", () => {
  it("answers in the contract's shape, with the working adding up", async () => {
    const res = await estimate({ questionnaire: "child", answers: all(SEED_CHILD, "lots"), informal_support: { stay_safe: "most" } });
    expect(res.status, res.text).toBe(200);
    const b = res.body;
    expect(b).toMatchObject({ ras_version: "child-1", points: 37, tier: "personal_budget", indicative_budget: { per_year_pence: 700_000, per_week_pence: Math.round(700_000 / 52) } });
    expect(b.breakdown.reduce((s: number, l: { points: number }) => s + l.points, 0)).toBe(b.points);
    expect(b.breakdown[0]).toMatchObject({ question: "stay_safe", outcome: "stay_safe", answer: "lots", points: 3, informal_support: "most" });
    expect(b.streams.reduce((s: number, x: { per_year_pence: number }) => s + x.per_year_pence, 0)).toBe(700_000);
    expect(b.explanation.join(" ")).toMatch(/not a promise/);
  });
  it("the same answers give the same result; more need never gives less money", async () => {
    const body = { questionnaire: "adult", answers: all(SEED_ADULT, "some") };
    const a = await estimate(body);
    const b = await estimate({ ...body, answers: Object.fromEntries(Object.entries(body.answers).reverse()) });
    expect(b.body).toEqual(a.body);
    const more = await estimate({ ...body, answers: { ...body.answers, nutrition: "lots" } });
    expect(more.body.indicative_budget.per_year_pence).toBeGreaterThan(a.body.indicative_budget.per_year_pence);
  });
  it("an explicit version picks that published version", async () => {
    const res = await estimate({ questionnaire: "adult", version: "adult-1", answers: all(SEED_ADULT, "none") });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ras_version: "adult-1", tier: "community_and_universal", indicative_budget: { per_year_pence: 0 } });
  });
  it("bad input: 400 with every field named, and nothing saved", async () => {
    const answers: Record<string, string> = all(SEED_ADULT, "some");
    delete answers.nutrition;
    answers.flying = "some";
    answers.relationships = "loads";
    const res = await estimate({ questionnaire: "adult", answers, informal_support: { toilet_needs: "all" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_parameters");
    expect(res.body.error.fields).toEqual({
      "answers.nutrition": "is missing",
      "answers.flying": "is not a question in this version",
      "answers.relationships": "must be none, some, lots or exceptional",
      "informal_support.toilet_needs": "must be none, some or most",
    });
    expect(res.body.error.message).toMatch(/answers\.nutrition/);
    for (const [body, field] of [
      [{ answers: all(SEED_ADULT, "some") }, "questionnaire"],
      [{ questionnaire: "adult", version: "adult-99", answers: all(SEED_ADULT, "some") }, "version"],
      [{ questionnaire: "adult", version: "child-1", answers: all(SEED_ADULT, "some") }, "version"],
      [{ questionnaire: "adult", version: "bad version", answers: all(SEED_ADULT, "some") }, "version"],
      [{ questionnaire: "adult" }, "answers"],
      [[1, 2], "body"],
    ] as const) {
      const r = await estimate(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    const notJson = await server.request("/api/budget/estimate", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{nope" });
    expect(notJson.status).toBe(400);
    const form = await server.request("/api/budget/estimate", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "a=1" });
    expect(form.status).toBe(400);
    expect((await server.get("/api/budget/estimate")).status).toBe(405);
    expect(rows("SELECT id FROM budgets")).toEqual([]);
    expect(rows("SELECT id FROM budget_events WHERE budget_id IS NOT NULL")).toEqual([]);
  });
});

describe("POST /api/budget/costs", () => {
  const post = (body: unknown) => server.request("/api/budget/costs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  it("costs paid and free lines against an estimate", async () => {
    const res = await post({
      estimate: { questionnaire: "child", answers: all(SEED_CHILD, "some") },
      lines: [
        { label: "Swimming", quadrant: "individual", cost_type: "per_session", unit_pence: 1250, quantity_hundredths: 100, stream: "children_social_care" },
        { label: "PA", quadrant: "individual", cost_type: "personal_assistant", unit_pence: 1500, quantity_hundredths: 650, stream: "children_social_care" },
        { label: "Library", quadrant: "universal", cost_type: "free" },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ ras_version: "child-1", weekly_pence: 11000, yearly_pence: 11000 * 52, over: true, free_lines: 1, paid_lines: 2 });
    expect(res.body.warnings[0]).toMatch(/more than the indicative budget/);
  });
  it("a line with no cost type: 400 naming the field; nothing saved", async () => {
    const res = await post({ lines: [{ label: "Cinema" }, { label: "Club", cost_type: "per_week", unit_pence: -1, stream: "nhs_health" }] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ "lines.0.cost_type": expect.stringMatching(/missing/), "lines.1.unit_pence": "must not be negative" });
    const bad = await post({ estimate: { questionnaire: "child", answers: {} }, lines: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("estimate.answers.stay_safe");
    expect((await post({ lines: "x" })).status).toBe(400);
  });
  it("money past £100,000 a unit or more than 168 a week: 400 naming the field (issue 16, defect 12)", async () => {
    const res = await post({
      lines: [
        { label: "Huge", cost_type: "per_hour", unit_pence: 2 ** 53 - 1, quantity_hundredths: 100, stream: "nhs_health" },
        { label: "Many", cost_type: "per_hour", unit_pence: 1500, quantity_hundredths: 2 ** 40, stream: "nhs_health" },
      ],
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.fields).toEqual({ "lines.0.unit_pence": expect.stringMatching(/at most/), "lines.1.quantity_hundredths": expect.stringMatching(/at most/) });
    const most = await post({ lines: Array.from({ length: 200 }, (_, i) => ({ label: `PA ${i}`, cost_type: "personal_assistant", unit_pence: 10_000_000, quantity_hundredths: 16_800, stream: "nhs_health" })) });
    expect(most.status, most.text.slice(0, 300)).toBe(200);
    expect(Number.isSafeInteger(most.body.yearly_pence)).toBe(true);
    expect(most.body.weekly_pence).toBe(200 * 1_680_000_000);
  });
});

describe("the pages without JavaScript", () => {
  it("the questionnaire is a GET form with a fieldset and legend per question", async () => {
    const res = await server.get("/budget/child");
    expect(res.status).toBe(200);
    expect(res.text).toContain('action="/budget/child/result"');
    expect((res.text.match(/<legend/g) ?? []).length).toBeGreaterThanOrEqual(SEED_CHILD.questions.length);
    expect((await server.get("/budget/elder")).status).toBe(404);
  });
  it("the result page shows the working, the version, the easy-read and printable versions", async () => {
    const q = new URLSearchParams({ version: "child-1" });
    for (const x of SEED_CHILD.questions) q.set(`a.${x.id}`, "some");
    q.set("i.stay_safe", "some");
    const res = await server.get(`/budget/child/result?${q}`);
    expect(res.status).toBe(200);
    for (const text of ["How we worked it out", "child-1", "not a promise", "How to ask for a review", "Easy read version", "Printable one-page summary", "Ways to hold the money", "75% counted"]) {
      expect(res.text).toContain(text);
    }
    const easy = await server.get(`/budget/child/result?${q}&view=easy`);
    expect(easy.text).toContain("easy read");
    expect(easy.text).toContain("It is not a promise.");
    const print = await server.get(`/budget/child/result?${q}&view=print`);
    expect(print.text).toContain("one-page summary");
  });
  it("missing answers show the questionnaire again with an error summary (400)", async () => {
    const res = await server.get("/budget/adult/result?a.nutrition=some");
    expect(res.status).toBe(400);
    expect(res.text).toContain("There is a problem");
    expect(res.text).toContain('href="#f-answers-personal_hygiene"');
  });
});

describe("admin versioning: access rules", () => {
  const cases: [Who, number][] = [
    ["anonymous", 302],
    ["member", 403],
    ["connector", 403],
    ["admin", 200],
  ];
  for (const [who, status] of cases) {
    it(`${who}: list ${status}, view ${status}, copy ${status === 200 ? 302 : status}, edit and publish refused unless admin`, async () => {
      const list = await page(who, "/admin/budget");
      expect(list.status).toBe(status);
      if (status === 302) expect(list.headers.get("location")).toMatch(/^\/signin\?next=/);
      expect((await page(who, "/admin/budget/adult-1")).status).toBe(status);
      if (who !== "admin") {
        const copy = await postForm(who, "/admin/budget?index", { from: "adult-1" });
        expect(copy.status).toBe(status);
        const edit = await postForm(who, "/admin/budget/adult-1", { intent: "publish" });
        expect(edit.status).toBe(status);
      }
    });
  }
  it("an admin's form without the CSRF token is refused", async () => {
    const res = await server.request("/admin/budget?index", {
      method: "POST",
      headers: { Cookie: as("admin").cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: "from=adult-1",
    });
    expect(res.status).toBe(403);
  });
});

describe("admin versioning and saved budgets", () => {
  it("copy, edit, publish; published versions never change; saved budgets keep their version", async () => {
    // A member saves a budget under adult-1.
    const answers = Object.fromEntries(SEED_ADULT.questions.map((q) => [`a.${q.id}`, "some"]));
    const saved = await postForm("member", "/budget/adult/result", { ...answers, version: "adult-1", name: "My budget" });
    expect(saved.status, saved.text.slice(0, 300)).toBe(302);
    const savedUrl = saved.headers.get("location")!;
    expect(savedUrl).toMatch(/^\/budget\/saved\//);
    const before = await page("member", savedUrl);
    expect(before.text).toContain("£10,200 a year");
    // Another member cannot see it.
    expect((await page("connector", savedUrl)).status).toBe(404);

    // The admin makes adult-2 as a copy.
    const copy = await postForm("admin", "/admin/budget?index", { from: "adult-1" });
    expect(copy.status).toBe(302);
    expect(copy.headers.get("location")).toBe("/admin/budget/adult-2");

    // A draft cannot be used for estimates.
    const draftEstimate = await estimate({ questionnaire: "adult", version: "adult-2", answers: all(SEED_ADULT, "some") });
    expect(draftEstimate.status).toBe(400);
    expect(draftEstimate.body.error.fields.version).toMatch(/not published/);

    // Negative rates and bad points: 400 naming the fields, nothing saved.
    const bad = await postForm("admin", "/admin/budget/adult-2", { pence_per_point: "-5", "points.nutrition.some": "x" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Price per point");
    expect(bad.text).toContain('href="#f-pence_per_point"');
    expect(bad.text).toContain("must not be negative");
    const cfg = () => JSON.parse((rows("SELECT config FROM budget_versions WHERE id = 'adult-2'")[0] as { config: string }).config);
    expect(cfg().conversion.pence_per_point).toBe(30_000);

    // A good edit: £400 a point.
    const good = await postForm("admin", "/admin/budget/adult-2", { pence_per_point: "400", conversion_method: "price_per_point" });
    expect(good.status, good.text.slice(0, 500)).toBe(302);
    expect(cfg().conversion.pence_per_point).toBe(40_000);

    // Publish; then it cannot be edited.
    expect((await postForm("admin", "/admin/budget/adult-2", { intent: "publish" })).status).toBe(302);
    const locked = await postForm("admin", "/admin/budget/adult-2", { pence_per_point: "500" });
    expect(locked.status).toBe(409);
    expect(cfg().conversion.pence_per_point).toBe(40_000);
    expect((await postForm("admin", "/admin/budget/adult-1", { pence_per_point: "500" })).status).toBe(409);

    // New estimates use adult-2; adult-1 can still be asked for by name.
    const latest = await estimate({ questionnaire: "adult", answers: all(SEED_ADULT, "some") });
    expect(latest.body).toMatchObject({ ras_version: "adult-2", indicative_budget: { per_year_pence: 34 * 40_000 } });
    const old = await estimate({ questionnaire: "adult", version: 1, answers: all(SEED_ADULT, "some") });
    expect(old.body).toMatchObject({ ras_version: "adult-1", indicative_budget: { per_year_pence: 34 * 30_000 } });

    // The saved budget did not change.
    const after = await page("member", savedUrl);
    expect(after.text).toContain("£10,200 a year");
    expect(after.text).toContain("adult-1");
    expect(after.text).toContain("Work it out again with adult-2");

    // The member chooses to rework it: the change is in the history, with who and what.
    const rework = await postForm("member", savedUrl, { intent: "rework" });
    expect(rework.status).toBe(302);
    const reworked = await page("member", savedUrl);
    expect(reworked.text).toContain("£13,600 a year");
    expect(reworked.text).toMatch(/Test member: Changed from 34 points, £10,200.00 a year \(adult-1\) to 34 points, £13,600.00 a year \(adult-2\)/);

    // How the money is held, per stream; an unknown way is refused.
    const hold = await postForm("member", savedUrl, { "holding.adult_social_care": "direct_payment" });
    expect(hold.status).toBe(302);
    const badHold = await postForm("member", savedUrl, { "holding.adult_social_care": "cash_in_a_jar" });
    expect(badHold.status).toBe(400);
    const events = rows("SELECT action FROM budget_events WHERE budget_id IS NOT NULL ORDER BY id").map((r) => (r as { action: string }).action);
    expect(events).toEqual(["saved", "changed", "holding"]);

    // The admin list shows both versions and the history of adult-2.
    const list = await page("admin", "/admin/budget");
    expect(list.text).toContain("adult-2");
    const v2 = await page("admin", "/admin/budget/adult-2");
    expect(v2.text).toContain("Draft adult-2 created as a copy of adult-1");
    expect(v2.text).toMatch(/conversion: .*30000.* → .*40000/);
  });
  it("saving needs a signed-in person", async () => {
    const res = await postForm("anonymous", "/budget/adult/result", { "a.nutrition": "some" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/signin/);
  });
});
