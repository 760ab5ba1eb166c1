// The costed plan over real HTTP (issue 5): a cost on each support line of a plan (/plans/:id
// intent=set_cost), paid support that is not a directory listing (intent=add_own_item), the
// person's saved budget chosen to measure the plan against (intent=choose_budget), the totals on
// the page, in GET /api/plans/:id/costs, the printable export and the JSON download; bad input
// (400, the field named and linked, nothing saved — checked in the database); the privacy rules
// (the person, a linked connector and an admin may; another member, an unlinked connector and
// anonymous visitors may not); and the plan's history (who, when, what) for every kind of change.
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_CHILD } from "../../app/core/budget";
import { formSession, pageText, postForm, type FormSession } from "../helpers/forms";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "../helpers/server";

let server: TestServer;
type Who = "owner" | "other" | "connector" | "stranger" | "admin";
const users = {} as Record<Who, TestUser & { s: FormSession }>;
let planId = "";
let profileId = "";
const budgets: Record<string, string> = {};
const assets: { community: { id: string; name: string }; universal: { id: string; name: string } } = {} as never;

const PROFILE_FORM = {
  intent: "save",
  display_name: "Sam",
  postcode: "M33 7XX",
  max_travel_km: "5",
  age: "9",
  interests: "swimming",
};

function db(): SQLite.Database {
  const d = new SQLite(server.dbPath, { readonly: true });
  d.pragma("busy_timeout = 5000");
  return d;
}
function query<T>(sql: string, ...args: unknown[]): T[] {
  const d = db();
  try {
    return d.prepare(sql).all(...args) as T[];
  } finally {
    d.close();
  }
}
const items = () => query<{ id: string; asset_id: string | null; asset_name: string; cost: string | null }>("SELECT id, asset_id, asset_name, cost FROM plan_items WHERE plan_id = ? ORDER BY added_at, id", planId);
const events = () => query<{ action: string; detail: string; user_id: string | null }>("SELECT action, detail, user_id FROM plan_events WHERE plan_id = ? ORDER BY id", planId);
const planBudget = () => query<{ budget_id: string | null }>("SELECT budget_id FROM plans WHERE id = ?", planId)[0].budget_id;

function post(who: Who | "anonymous", path: string, fields: Record<string, string>) {
  if (who === "anonymous") return server.request(path, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  return postForm(server, path, users[who].s, fields);
}
function get(who: Who | "anonymous", path: string) {
  return server.get(path, { redirect: "manual", headers: who === "anonymous" ? {} : { Cookie: users[who].s.cookie } });
}
const planPost = (who: Who | "anonymous", fields: Record<string, string>) => post(who, `/plans/${planId}`, fields);

/** Save a child budget for `who` through the result page's form; returns its id. */
async function saveBudget(who: Who, name: string, answer: (id: string) => string): Promise<string> {
  const fields: Record<string, string> = { name };
  for (const q of SEED_CHILD.questions) fields[`a.${q.id}`] = answer(q.id);
  const res = await post(who, "/budget/child/result", fields);
  expect(res.status, res.text.slice(0, 500)).toBe(302);
  return /\/budget\/saved\/([0-9a-f-]{36})/.exec(res.headers.get("location")!)![1];
}

async function firstAsset(kind: string) {
  const res = await server.get(`/api/search?postcode=M33%207XX&kind=${kind}&limit=1`);
  expect(res.body.results.length, kind).toBe(1);
  return { id: res.body.results[0].id as string, name: res.body.results[0].name as string };
}

beforeAll(async () => {
  server = await startTestServer();
  const mk = async (who: Who, role: TestUser["role"]) => {
    const u = await createTestUser(server.dbPath, { email: `${who}@costs.test`, role, name: `${who[0].toUpperCase()}${who.slice(1)} person` });
    users[who] = { ...u, s: await formSession(server, u.cookie, "/profiles") };
  };
  await mk("owner", "member");
  await mk("other", "member");
  await mk("connector", "connector");
  await mk("stranger", "connector");
  await mk("admin", "admin");
  const res = await post("owner", "/profiles/new", PROFILE_FORM);
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  planId = /\/plans\/([^?#]+)/.exec(res.headers.get("location")!)![1];
  profileId = /href="\/profiles\/([0-9a-f-]{36})"/.exec((await get("owner", `/plans/${planId}`)).text)![1];
  expect((await post("owner", `/profiles/${profileId}`, { intent: "link", connector_email: "connector@costs.test" })).status).toBe(303);
  assets.community = await firstAsset("community_group");
  assets.universal = await firstAsset("universal_service");
  // The person's own budgets: £4,000 a year, and one that needs a panel review (no number).
  budgets.owner = await saveBudget("owner", "Sam's short breaks", () => "some");
  budgets.panel = await saveBudget("owner", "Sam's panel budget", () => "exceptional");
  // Budgets that are not the person's: another member's, and the connector's own.
  budgets.other = await saveBudget("other", "Someone else's budget", () => "lots");
  budgets.connector = await saveBudget("connector", "The connector's own budget", () => "lots");
});

afterAll(async () => {
  await server?.stop();
});

describe("a cost for each support line", () => {
  it("sets costs (free, per session, a personal assistant who is not a listing) and shows the totals", async () => {
    expect((await planPost("owner", { intent: "add_item", asset_id: assets.community.id })).status).toBe(303);
    expect((await planPost("owner", { intent: "add_item", asset_id: assets.universal.id })).status).toBe(303);
    const [community, universal] = items();
    expect(community.cost).toBeNull();

    let res = await planPost("owner", { intent: "set_cost", item_id: community.id, cost_type: "free", price: "", quantity: "", stream: "", quadrant: "" });
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    expect(res.headers.get("location")).toBe(`/plans/${planId}#costs`);
    res = await planPost("owner", { intent: "set_cost", item_id: universal.id, cost_type: "per_session", price: "12.50", quantity: "1", stream: "children_social_care", quadrant: "universal" });
    expect(res.status).toBe(303);
    res = await planPost("owner", {
      intent: "add_own_item",
      label: "Personal assistant",
      cost_type: "personal_assistant",
      price: "14",
      quantity: "10",
      stream: "children_social_care",
      quadrant: "individual",
      who: "Jo",
      when_text: "Saturdays",
      outcome_id: "",
    });
    expect(res.status, res.text.slice(0, 300)).toBe(303);

    const rows = items();
    expect(rows).toHaveLength(3);
    // The community group's kind of support came from the listing's kind (community).
    expect(JSON.parse(rows[0].cost!)).toEqual({ cost_type: "free", unit_pence: 0, quantity_hundredths: 0, stream: null, quadrant: "community" });
    expect(JSON.parse(rows[1].cost!)).toEqual({ cost_type: "per_session", unit_pence: 1250, quantity_hundredths: 100, stream: "children_social_care", quadrant: "universal" });
    expect(rows[2]).toMatchObject({ asset_id: null, asset_name: "Personal assistant" });
    expect(JSON.parse(rows[2].cost!)).toMatchObject({ cost_type: "personal_assistant", unit_pence: 1400, quantity_hundredths: 1000 });

    const api = await get("owner", `/api/plans/${planId}/costs`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ plan_id: planId, weekly_pence: 15250, yearly_pence: 15250 * 52, free_lines: 1, paid_lines: 2, budget: null, over: false, not_costed: [] });
    expect(api.body.lines.map((l: { asset_id: string | null; weekly_pence: number }) => [l.asset_id, l.weekly_pence])).toEqual([
      [assets.community.id, 0],
      [assets.universal.id, 1250],
      [null, 14000],
    ]);
    expect(api.body.lines[2].description).toBe("Personal assistant, 10 hours a week at £14.00 an hour: £140.00 a week, paid from Children's social care (short breaks and family support)");

    const page = pageText((await get("owner", `/plans/${planId}`)).text);
    expect(page).toContain("No budget is chosen for this plan yet. The paid support costs £152.50 a week (£7,930.00 a year).");
    expect(page).toContain("Of 3 costed supports, 2 (67%) are community or universal options. 1 is free or paid in time credits, and 2 are paid support.");
    expect(page).toContain("Personal assistant (not a directory listing)");
    expect(page).toContain(`Cost of ${assets.universal.name}: £12.50 a session, 1 session a week: £12.50 a week`);
  });

  it("records each cost in the history, and the same cost again records nothing", async () => {
    const before = events().filter((e) => e.action === "item_cost");
    expect(before.map((e) => e.detail)).toEqual([`Cost of ${assets.community.name}: Free (was: not costed).`, expect.stringMatching(/^Cost of .*: £12\.50 a session/)]);
    expect(before.every((e) => e.user_id === users.owner.id)).toBe(true);
    const universal = items()[1];
    const res = await planPost("owner", { intent: "set_cost", item_id: universal.id, cost_type: "per_session", price: "12.5", quantity: "1.0", stream: "children_social_care", quadrant: "universal" });
    expect(res.status).toBe(303);
    expect(events().filter((e) => e.action === "item_cost")).toHaveLength(2);
    const own = events().find((e) => e.action === "item_added" && /Personal assistant/.test(e.detail));
    expect(own?.detail).toMatch(/^Added Personal assistant \(not a directory listing\) to the plan; who: Jo; when: Saturdays; cost: Personal assistant, 10 hours a week at £14\.00 an hour/);
  });
});

describe("bad input: 400, the field named and linked, nothing saved", () => {
  it.each([
    ["no cost type", { cost_type: "", price: "10", quantity: "1", stream: "nhs_health" }, "cost_type", "How it is paid"],
    ["a negative price", { cost_type: "per_hour", price: "-3", quantity: "2", stream: "nhs_health" }, "price", "must not be negative"],
    ["an unknown stream", { cost_type: "per_hour", price: "3", quantity: "2", stream: "pocket_money" }, "stream", "is not a funding stream"],
    ["a quantity that is not a number", { cost_type: "per_hour", price: "3", quantity: "lots", stream: "nhs_health" }, "quantity", "must be a number a week"],
  ])("a cost with %s", async (_name, fields, field, words) => {
    const item = items()[1];
    const cost = item.cost;
    const count = events().length;
    const res = await planPost("owner", { intent: "set_cost", item_id: item.id, quadrant: "universal", ...fields });
    expect(res.status).toBe(400);
    const text = pageText(res.text);
    expect(text).toContain("There is a problem");
    expect(text).toContain(words);
    // The error summary links to the field, which has that id; what was typed is kept.
    const id = `f-item-${item.id}-${field}`;
    expect(res.text).toContain(`href="#${id}"`);
    expect(res.text).toContain(`id="${id}"`);
    expect(text).toContain(`for ${assets.universal.name}: `);
    // Nothing saved.
    expect(items()[1].cost).toBe(cost);
    expect(events()).toHaveLength(count);
  });

  it("a support that is not a listing needs a name and a cost type; nothing is added", async () => {
    const before = items().length;
    const count = events().length;
    const res = await planPost("owner", { intent: "add_own_item", label: "", cost_type: "", price: "", quantity: "", stream: "" });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-own-label"');
    expect(res.text).toContain('href="#f-own-cost_type"');
    expect(pageText(res.text)).toContain("What the support is (new support): is missing");
    expect(items()).toHaveLength(before);
    expect(events()).toHaveLength(count);
  });

  it("a budget that is not the person's own is refused (another member's, the connector's own, made up)", async () => {
    for (const [who, id] of [
      ["owner", budgets.other],
      ["connector", budgets.connector],
      ["owner", "00000000-0000-0000-0000-000000000000"],
    ] as const) {
      const res = await planPost(who, { intent: "choose_budget", budget_id: id });
      expect(res.status, id).toBe(400);
      expect(res.text).toContain('href="#f-budget_id"');
      expect(pageText(res.text)).toContain("must be one of Sam's own saved budgets");
      // It does not say whose budget it is.
      expect(res.text).not.toContain("Someone else's budget");
      expect(planBudget()).toBeNull();
    }
    expect(events().filter((e) => e.action === "budget_chosen")).toEqual([]);
  });

  it("a cost for a support that is not in this plan is a 400", async () => {
    const res = await planPost("owner", { intent: "set_cost", item_id: "not-an-item", cost_type: "free" });
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain("is not a support in this plan");
  });
});

describe("the budget chosen for the plan", () => {
  it("offers only the person's own saved budgets, to everyone who may see the plan", async () => {
    for (const who of ["owner", "connector", "admin"] as const) {
      const text = pageText((await get(who, `/plans/${planId}`)).text);
      expect(text, who).toContain("Sam's short breaks: £4,000 a year");
      expect(text, who).toContain("Sam's panel budget: needs a costed plan and a panel review");
      expect(text, who).not.toContain("Someone else's budget");
      expect(text, who).not.toContain("The connector's own budget");
    }
  });

  it("measures the plan against a number: totals per stream, a warning when over", async () => {
    const res = await planPost("owner", { intent: "choose_budget", budget_id: budgets.owner });
    expect(res.status).toBe(303);
    expect(planBudget()).toBe(budgets.owner);
    const api = (await get("owner", `/api/plans/${planId}/costs`)).body;
    expect(api.budget).toMatchObject({ id: budgets.owner, name: "Sam's short breaks", tier: "personal_budget", per_year_pence: 400000, ras_version: "child-1" });
    expect(api.budget_yearly_pence).toBe(400000);
    expect(api.remaining_yearly_pence).toBe(400000 - 15250 * 52);
    expect(api.over).toBe(true);
    expect(api.streams).toEqual([expect.objectContaining({ stream: "children_social_care", yearly_pence: 15250 * 52, budget_pence: 200000, over: true }), ...api.streams.slice(1)]);
    const text = pageText((await get("owner", `/plans/${planId}`)).text);
    expect(text).toContain("The paid support costs £152.50 a week (£7,930.00 a year), against the indicative budget “Sam's short breaks” of £4,000.00 a year (about £76.92 a week).");
    expect(text).toContain("Over budget:");
    expect(text).toContain("£3,930.00 more than the indicative budget of £4,000.00");
    expect(text).toContain("Over by £5,930.00");
    // The person, their linked connector and an admin can all open the saved budget's page.
    expect(text).toContain(`href="/budget/saved/${budgets.owner}"`);
    expect((await get("connector", `/plans/${planId}`)).text).toContain(`/budget/saved/${budgets.owner}`);
    expect((await get("admin", `/plans/${planId}`)).text).toContain(`/budget/saved/${budgets.owner}`);
  });

  it("a panel review has no number: said honestly, no comparison and no warnings", async () => {
    const res = await planPost("connector", { intent: "choose_budget", budget_id: budgets.panel });
    expect(res.status).toBe(303);
    const api = (await get("connector", `/api/plans/${planId}/costs`)).body;
    expect(api).toMatchObject({ panel_review: true, budget_yearly_pence: null, remaining_yearly_pence: null, over: false, warnings: [] });
    expect(api.budget).toMatchObject({ tier: "panel_review", per_year_pence: null });
    const text = pageText((await get("connector", `/plans/${planId}`)).text);
    expect(text).toContain("The budget “Sam's panel budget” needs a costed plan and a panel review, so the calculator gives no number to compare with.");
    expect(text).toContain("This costed plan is what the panel will look at.");
    expect(text).not.toContain("Over budget:");
  });

  it("the choice is recorded in the history with who made it; choosing none clears it", async () => {
    const chosen = events().filter((e) => e.action === "budget_chosen");
    expect(chosen.map((e) => e.detail)).toEqual([
      "Chose the budget “Sam's short breaks” (£4,000.00 a year, child-1) to measure the plan against.",
      "Chose the budget “Sam's panel budget” (a panel review, no number, child-1) to measure the plan against instead of “Sam's short breaks”.",
    ]);
    expect(chosen.map((e) => e.user_id)).toEqual([users.owner.id, users.connector.id]);
    const page = pageText((await get("owner", `/plans/${planId}`)).text);
    expect(page).toContain("Connector person: Chose the budget “Sam's panel budget”");
    expect((await planPost("owner", { intent: "choose_budget", budget_id: budgets.panel })).status).toBe(303);
    expect(events().filter((e) => e.action === "budget_chosen")).toHaveLength(2);
    expect((await planPost("owner", { intent: "choose_budget", budget_id: "" })).status).toBe(303);
    expect(planBudget()).toBeNull();
    expect(events().at(-1)!.detail).toBe("Stopped measuring the plan against the budget “Sam's panel budget”.");
    expect((await planPost("owner", { intent: "choose_budget", budget_id: budgets.owner })).status).toBe(303);
  });
});

describe("who may see and change costs, the budget choice and the history", () => {
  const reads = () => [`/plans/${planId}`, `/api/plans/${planId}/costs`, `/plans/${planId}/export`, `/profiles/${profileId}/export`];

  it("anonymous visitors: sent to sign in (pages), 401 (the API); nothing changes", async () => {
    for (const p of reads()) {
      const res = await get("anonymous", p);
      if (p.startsWith("/api/")) {
        expect(res.status, p).toBe(401);
        expect(res.body.error.code).toBe("unauthenticated");
      } else {
        expect(res.status, p).toBe(302);
        expect(res.headers.get("location")).toMatch(/^\/signin/);
      }
    }
    const count = events().length;
    const res = await planPost("anonymous", { intent: "choose_budget", budget_id: "" });
    expect(res.status).toBe(302);
    expect(planBudget()).toBe(budgets.owner);
    expect(events()).toHaveLength(count);
  });

  it.each(["other", "stranger"] as const)("%s (another member / an unlinked connector): 404 everywhere, nothing changes", async (who) => {
    for (const p of reads()) {
      const res = await get(who, p);
      expect(res.status, p).toBe(404);
      expect(res.text).not.toContain("Sam's short breaks");
    }
    const count = events().length;
    const costs = items().map((i) => i.cost);
    for (const fields of <Record<string, string>[]>[
      { intent: "set_cost", item_id: items()[0].id, cost_type: "per_hour", price: "99", quantity: "9", stream: "nhs_health" },
      { intent: "choose_budget", budget_id: "" },
      { intent: "add_own_item", label: "Sneaky", cost_type: "free" },
    ]) {
      expect((await planPost(who, fields)).status, fields.intent).toBe(404);
    }
    expect(items().map((i) => i.cost)).toEqual(costs);
    expect(planBudget()).toBe(budgets.owner);
    expect(events()).toHaveLength(count);
  });

  it.each(["owner", "connector", "admin"] as const)("%s (the person, their linked connector, an admin) sees the totals and history and can set a cost", async (who) => {
    const page = await get(who, `/plans/${planId}`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("Costs and budget");
    expect(text).toContain("History");
    expect(text).toContain("Owner person: Started the plan “Sam's plan”.");
    const api = await get(who, `/api/plans/${planId}/costs`);
    expect(api.status).toBe(200);
    expect(api.body.budget.id).toBe(budgets.owner);
    const item = items()[0];
    const price = { owner: "1", connector: "2", admin: "3" }[who];
    const res = await planPost(who, { intent: "set_cost", item_id: item.id, cost_type: "per_week", price, quantity: "", stream: "children_social_care", quadrant: "community" });
    expect(res.status).toBe(303);
    expect(JSON.parse(items()[0].cost!)).toMatchObject({ cost_type: "per_week", unit_pence: Number(price) * 100, quantity_hundredths: 100 });
    expect(events().at(-1)).toMatchObject({ action: "item_cost", user_id: users[who].id });
  });

  it("a connector who is unlinked loses access to the costs at once", async () => {
    const u = await createTestUser(server.dbPath, { email: "temp@costs.test", role: "connector" });
    const s = await formSession(server, u.cookie, "/profiles");
    expect((await post("owner", `/profiles/${profileId}`, { intent: "link", connector_email: "temp@costs.test" })).status).toBe(303);
    expect((await server.get(`/api/plans/${planId}/costs`, { headers: { Cookie: s.cookie } })).status).toBe(200);
    expect((await post("owner", `/profiles/${profileId}`, { intent: "unlink", connector_id: u.id })).status).toBe(303);
    expect((await server.get(`/api/plans/${planId}/costs`, { headers: { Cookie: s.cookie } })).status).toBe(404);
    expect((await postForm(server, `/plans/${planId}`, s, { intent: "choose_budget", budget_id: "" })).status).toBe(404);
  });

  it("the costs API only answers GET", async () => {
    const res = await server.request(`/api/plans/${planId}/costs`, { method: "POST", headers: { Cookie: users.owner.s.cookie, "Content-Type": "application/json" }, body: "{}" });
    expect(res.status).toBe(405);
  });
});

describe("the plan's history", () => {
  it("records every kind of change: who, when, what in plain English, newest first on the page", async () => {
    let res = await planPost("owner", { intent: "add_member", name: "Alex", relationship: "dad", age: "41" });
    expect(res.status).toBe(303);
    res = await planPost("connector", { intent: "add_outcome", statement: "Getting out at the weekend", domain: "enjoy_and_achieve", priority: "2" });
    expect(res.status).toBe(303);
    const outcomeId = /#outcome-(.+)$/.exec(res.headers.get("location")!)![1];
    res = await planPost("owner", { intent: "add_item", asset_id: assets.community.id, outcome_id: outcomeId, who: "Alex", when_text: "Sundays" });
    expect(res.status).toBe(303);
    const item = items().find((i) => i.asset_id === assets.community.id && i.id !== items()[0].id)!;
    expect((await planPost("admin", { intent: "item_status", item_id: item.id, status: "working" })).status).toBe(303);
    expect((await planPost("owner", { intent: "remove_item", item_id: item.id })).status).toBe(303);
    expect((await planPost("owner", { intent: "remove_outcome", outcome_id: outcomeId })).status).toBe(303);

    const all = events();
    const last = all.slice(-6);
    expect(last.map((e) => e.action)).toEqual(["member_added", "outcome_added", "item_added", "item_status", "item_removed", "outcome_removed"]);
    expect(last.map((e) => e.user_id)).toEqual([users.owner.id, users.connector.id, users.owner.id, users.admin.id, users.owner.id, users.owner.id]);
    expect(last.map((e) => e.detail)).toEqual([
      "Added Alex (dad, 41) to the household.",
      "Added the outcome “Getting out at the weekend” for Sam (Enjoy and achieve, priority 2).",
      `Added ${assets.community.name} to the plan for “Getting out at the weekend”; who: Alex; when: Sundays.`,
      `${assets.community.name}: “Planned” → “Working well”.`,
      `Removed ${assets.community.name} from the plan.`,
      "Removed the outcome “Getting out at the weekend”.",
    ]);
    expect(new Set(all.map((e) => e.action))).toEqual(new Set(["plan_started", "item_added", "item_cost", "budget_chosen", "member_added", "outcome_added", "item_status", "item_removed", "outcome_removed"]));

    const page = (await get("owner", `/plans/${planId}`)).text;
    const text = pageText(page);
    // Newest first, with who and a machine-readable time.
    expect(text.indexOf("Removed the outcome “Getting out at the weekend”.")).toBeLessThan(text.indexOf("Added Alex (dad, 41) to the household."));
    expect(text).toContain("Admin person: " + `${assets.community.name}: “Planned” → “Working well”.`);
    expect(page).toMatch(/<time dateTime="\d{4}-\d\d-\d\dT[^"]+">/i);
  });

  it("is in the person's JSON download with the costs, and the printable plan shows the costs", async () => {
    const json = (await get("owner", `/profiles/${profileId}/export`)).body;
    const plan = json.plans[0];
    expect(plan.budget_id).toBe(budgets.owner);
    expect(plan.history.length).toBe(events().length);
    expect(plan.history[0]).toMatchObject({ action: "outcome_removed", who: "Owner person", created_at: expect.any(String) });
    expect(plan.history.at(-1)).toMatchObject({ action: "plan_started", detail: "Started the plan “Sam's plan”." });
    expect(plan.items.find((i: { asset_id: string | null }) => i.asset_id === null)).toMatchObject({ asset_name: "Personal assistant", cost: { cost_type: "personal_assistant", unit_pence: 1400 } });
    expect(plan.costs).toMatchObject({ weekly_pence: expect.any(Number), budget: { id: budgets.owner, per_year_pence: 400000 } });
    expect(plan.costs.weekly_pence).toBe((await get("owner", `/api/plans/${planId}/costs`)).body.weekly_pence);
    // Everything held about the person includes their saved budgets, with the answers and history.
    const saved = json.budgets.find((b: { id: string }) => b.id === budgets.owner);
    expect(saved).toMatchObject({ name: "Sam's short breaks", questionnaire: expect.any(String), input: expect.any(Object), result: { indicative_budget: { per_year_pence: 400000 } } });
    expect(saved.history.length).toBeGreaterThan(0);
    expect(saved.user_id).toBeUndefined();

    const html = await get("connector", `/plans/${planId}/export`);
    expect(html.status).toBe(200);
    const text = pageText(html.text).replace(/&#39;/g, "'").replace(/<[^>]+>/g, "");
    expect(text).toContain("Costs and budget");
    expect(text).toContain("Measured against the budget “Sam's short breaks”: £4,000.00 a year");
    expect(text).toContain("Total paid support");
    expect(text).toContain("Personal assistant (not a directory listing)");
    expect(text).toContain("Each funding stream");
  });
});
