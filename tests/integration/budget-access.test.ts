// Who may see and change saved budgets, over real HTTP (decision 0031): the person, the connectors
// who work with them (linked to any of their profiles) and admins; another member and an
// unlinked connector get 404 (existence not disclosed), anonymous visitors are sent to sign in;
// unlinking ends access at once. A connector saves a budget FOR a person they work with (the
// result page's "Who is this budget for?"): it is the person's, the history says who saved it for
// whom, and a forged person is a 400 naming the field with nothing saved (checked in the
// database). The plan's budget chooser then offers it.
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_CHILD } from "../../app/core/budget";
import { formSession, pageText, postForm, type FormSession } from "../helpers/forms";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "../helpers/server";

let server: TestServer;
type Who = "owner" | "other" | "connector" | "stranger" | "admin";
const users = {} as Record<Who, TestUser & { s: FormSession }>;
let profileId = "";
let planId = "";
/** The person's own budget, and the one the connector saved for them. */
let own = "";
let savedFor = "";

const ANSWERS = Object.fromEntries(SEED_CHILD.questions.map((q) => [`a.${q.id}`, "some"]));

function query<T>(sql: string, ...args: unknown[]): T[] {
  const d = new SQLite(server.dbPath, { readonly: true });
  try {
    d.pragma("busy_timeout = 5000");
    return d.prepare(sql).all(...args) as T[];
  } finally {
    d.close();
  }
}
const budgetCount = () => query<{ n: number }>("SELECT COUNT(*) AS n FROM budgets")[0].n;
const budgetEvents = (id: string) => query<{ action: string; detail: string; user_id: string }>("SELECT action, detail, user_id FROM budget_events WHERE budget_id = ? ORDER BY id", id);
const allBudgetEvents = () => query<{ n: number }>("SELECT COUNT(*) AS n FROM budget_events")[0].n;

function get(who: Who | "anonymous", path: string) {
  return server.get(path, { redirect: "manual", headers: who === "anonymous" ? {} : { Cookie: users[who].s.cookie } });
}
function post(who: Who | "anonymous", path: string, fields: Record<string, string>) {
  if (who === "anonymous") return server.request(path, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  return postForm(server, path, users[who].s, fields);
}
/**
 * Save the child budget (some support everywhere: £4,000 a year) from the result page, as a
 * browser does: the form posts to the page's own address, answers in the query and the form.
 */
const RESULT = `/budget/child/result?${new URLSearchParams({ ...ANSWERS, version: "child-1" })}`;
function save(who: Who, fields: Record<string, string>) {
  return post(who, RESULT, { ...ANSWERS, version: "child-1", ...fields });
}
const idFrom = (location: string | null) => /^\/budget\/saved\/([0-9a-f-]{36})$/.exec(location ?? "")![1];

beforeAll(async () => {
  server = await startTestServer();
  const mk = async (who: Who, role: TestUser["role"], name: string) => {
    const u = await createTestUser(server.dbPath, { email: `${who}@access.test`, role, name });
    users[who] = { ...u, s: await formSession(server, u.cookie, "/budget") };
  };
  await mk("owner", "member", "Priya");
  await mk("other", "member", "Olu");
  await mk("connector", "connector", "Cara Connector");
  await mk("stranger", "connector", "Stan Stranger");
  await mk("admin", "admin", "Ada Admin");
  // The person makes their profile ("Sam") and links the connector; the stranger is linked to nobody.
  const res = await post("owner", "/profiles/new", { intent: "save", display_name: "Sam", postcode: "M33 7XX", max_travel_km: "5", age: "9" });
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  planId = /\/plans\/([^?#]+)/.exec(res.headers.get("location")!)![1];
  profileId = /href="\/profiles\/([0-9a-f-]{36})"/.exec((await get("owner", `/plans/${planId}`)).text)![1];
  expect((await post("owner", `/profiles/${profileId}`, { intent: "link", connector_email: "connector@access.test" })).status).toBe(303);
  const mine = await save("owner", { name: "Sam's own budget" });
  expect(mine.status, mine.text.slice(0, 300)).toBe(302);
  own = idFrom(mine.headers.get("location"));
});

afterAll(async () => {
  await server?.stop();
});

describe("saving a budget for a person the connector works with", () => {
  it("the result page offers a connector the people they work with; members and unlinked connectors get no choice", async () => {
    const page = await get("connector", RESULT);
    // The save form posts back to the page's own address.
    expect(page.text).toContain(`<form method="post" action="${RESULT.replace(/&/g, "&amp;")}"`);
    expect(page.status).toBe(200);
    const select = /<select[^>]*name="for_person"[^>]*>([\s\S]*?)<\/select>/.exec(page.text);
    expect(select, "a select named for_person").not.toBeNull();
    expect(page.text).toContain('<label for="f-for_person">Who is this budget for?</label>');
    const options = [...select![1].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([
      ["", "For yourself"],
      [users.owner.id, "For Sam"],
    ]);
    for (const who of ["owner", "stranger", "admin"] as const) {
      const res = await get(who, RESULT);
      expect(res.text, who).toContain("Save this budget");
      expect(res.text, who).not.toContain('name="for_person"');
    }
  });

  it("saves it as the person's, recording who saved it for whom", async () => {
    const res = await save("connector", { name: "Sam's short breaks", for_person: users.owner.id });
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    savedFor = idFrom(res.headers.get("location"));
    expect(query<{ user_id: string }>("SELECT user_id FROM budgets WHERE id = ?", savedFor)[0].user_id).toBe(users.owner.id);
    expect(budgetEvents(savedFor)).toEqual([{ action: "saved", user_id: users.connector.id, detail: "Saved by Cara Connector for Sam: 20 points, £4,000.00 a year (child-1)." }]);
    // The connector lands on it and sees whose it is; the person sees it as their own, with the history.
    const page = pageText((await get("connector", `/budget/saved/${savedFor}`)).text);
    expect(page).toContain("This is Sam's budget. You can see it and change it because you work with Sam");
    const mine = await get("owner", `/budget/saved/${savedFor}`);
    expect(mine.status).toBe(200);
    expect(pageText(mine.text)).toContain("Cara Connector: Saved by Cara Connector for Sam: 20 points, £4,000.00 a year (child-1).");
    expect(pageText(mine.text)).not.toContain("This is Sam's budget");
  });

  it.each([
    ["a made-up person", "connector", "00000000-0000-0000-0000-000000000000"],
    ["another member (not someone the connector works with)", "connector", "other"],
    ["the person, by a connector who does not work with them", "stranger", "owner"],
    ["someone else, by a member", "owner", "other"],
  ] as const)("for %s: 400 naming the field, nothing saved", async (_name, who, person) => {
    const before = budgetCount();
    const events = allBudgetEvents();
    const forPerson = person === "owner" || person === "other" ? users[person].id : person;
    const res = await save(who, { name: "Forged", for_person: forPerson });
    expect(res.status).toBe(400);
    const text = pageText(res.text);
    expect(text).toContain("There is a problem");
    expect(text).toContain("Who is this budget for?: must be yourself or one of the people you work with");
    expect(res.text).toContain('href="#f-for_person"');
    // What was typed is kept; nothing is saved.
    expect(res.text).toMatch(/name="name"[^>]*value="Forged"|value="Forged"[^>]*name="name"/);
    expect(budgetCount()).toBe(before);
    expect(allBudgetEvents()).toBe(events);
    expect(query("SELECT id FROM budgets WHERE name = 'Forged'")).toEqual([]);
  });

  it("the plan's budget chooser offers the budget saved for the person, and it can be chosen", async () => {
    for (const who of ["owner", "connector", "admin"] as const) {
      const text = pageText((await get(who, `/plans/${planId}`)).text);
      expect(text, who).toContain("Sam's short breaks: £4,000 a year");
      expect(text, who).toContain("Sam's own budget: £4,000 a year");
    }
    const res = await post("connector", `/plans/${planId}`, { intent: "choose_budget", budget_id: savedFor });
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    expect(query<{ budget_id: string }>("SELECT budget_id FROM plans WHERE id = ?", planId)[0].budget_id).toBe(savedFor);
    // Everyone who may see the plan may open the budget's page, so each gets the link.
    for (const who of ["owner", "connector", "admin"] as const) expect((await get(who, `/plans/${planId}`)).text, who).toContain(`href="/budget/saved/${savedFor}"`);
  });
});

describe("who may see and change a person's saved budgets", () => {
  it.each(["owner", "connector", "admin"] as const)("%s (the person, a connector who works with them, an admin): sees both, never cached", async (who) => {
    for (const id of [own, savedFor]) {
      const res = await get(who, `/budget/saved/${id}`);
      expect(res.status, id).toBe(200);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
    }
  });

  it.each(["other", "stranger"] as const)("%s (another member / an unlinked connector): 404 on the page and every change, nothing changes", async (who) => {
    const events = allBudgetEvents();
    for (const id of [own, savedFor, "00000000-0000-0000-0000-000000000000"]) {
      const res = await get(who, `/budget/saved/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.text).not.toContain("Sam");
      expect((await post(who, `/budget/saved/${id}`, { "holding.children_social_care": "direct_payment" })).status).toBe(404);
      expect((await post(who, `/budget/saved/${id}`, { intent: "rework" })).status).toBe(404);
    }
    expect(allBudgetEvents()).toBe(events);
    const list = pageText((await get(who, "/budget/saved")).text);
    expect(list).not.toContain("Sam's");
  });

  it("anonymous visitors are sent to sign in, and change nothing", async () => {
    const events = allBudgetEvents();
    for (const p of [`/budget/saved/${own}`, "/budget/saved"]) {
      const res = await get("anonymous", p);
      expect(res.status, p).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/signin/);
    }
    expect((await post("anonymous", `/budget/saved/${own}`, { "holding.children_social_care": "direct_payment" })).status).toBe(302);
    expect(allBudgetEvents()).toBe(events);
  });

  it("the list: yours, and for a connector the people you work with, grouped by person", async () => {
    const connector = pageText((await get("connector", "/budget/saved")).text);
    expect(connector).toContain("Yours");
    expect(connector).toContain("You have not saved a budget yet.");
    expect(connector).toContain("People you work with");
    expect(connector).toMatch(/<h3 id="person-[^"]+">Sam<\/h3><ul>.*Sam's short breaks.*Sam's own budget.*<\/ul>/s);
    expect(connector).toContain(`href="/budget/saved/${savedFor}"`);
    // The person sees both as theirs; members have no "people you work with".
    const owner = pageText((await get("owner", "/budget/saved")).text);
    expect(owner).toContain("Sam's short breaks");
    expect(owner).toContain("Sam's own budget");
    expect(owner).not.toContain("People you work with");
    const stranger = pageText((await get("stranger", "/budget/saved")).text);
    expect(stranger).toContain("You are not linked to anyone's profile yet.");
  });

  it("a connector who works with the person sets how the money is held and reworks it; both are recorded with their name", async () => {
    let res = await post("connector", `/budget/saved/${savedFor}`, { "holding.children_social_care": "direct_payment" });
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    // A newer version, published by an admin, for the rework.
    expect((await post("admin", "/admin/budget?index", { from: "child-1" })).status).toBe(302);
    expect((await post("admin", "/admin/budget/child-2", { intent: "publish" })).status).toBe(302);
    res = await post("connector", `/budget/saved/${savedFor}`, { intent: "rework" });
    expect(res.status).toBe(302);
    const events = budgetEvents(savedFor);
    expect(events.map((e) => [e.action, e.user_id])).toEqual([
      ["saved", users.connector.id],
      ["holding", users.connector.id],
      ["changed", users.connector.id],
    ]);
    expect(events[1].detail).toBe("How the money is held: children_social_care: direct_payment.");
    expect(events[2].detail).toMatch(/^Changed from 20 points, £4,000\.00 a year \(child-1\) to 20 points, .* \(child-2\)\.$/);
    const page = pageText((await get("owner", `/budget/saved/${savedFor}`)).text);
    expect(page).toContain("Cara Connector: How the money is held: children_social_care: direct_payment.");
    // An admin too, recorded with the admin's name.
    expect((await post("admin", `/budget/saved/${own}`, { "holding.children_social_care": "managed_account" })).status).toBe(302);
    expect(budgetEvents(own).at(-1)).toMatchObject({ action: "holding", user_id: users.admin.id });
  });

  it("after the connector is unlinked, access is lost at once: 404, gone from the list, and they can no longer save for the person", async () => {
    expect((await post("owner", `/profiles/${profileId}`, { intent: "unlink", connector_id: users.connector.id })).status).toBe(303);
    for (const id of [own, savedFor]) {
      expect((await get("connector", `/budget/saved/${id}`)).status, id).toBe(404);
      expect((await post("connector", `/budget/saved/${id}`, { "holding.children_social_care": "notional_budget" })).status).toBe(404);
    }
    const list = pageText((await get("connector", "/budget/saved")).text);
    expect(list).not.toContain("Sam's short breaks");
    expect(list).toContain("You are not linked to anyone's profile yet.");
    const before = budgetCount();
    const res = await save("connector", { name: "After unlinking", for_person: users.owner.id });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<option value="' + users.owner.id);
    expect(budgetCount()).toBe(before);
    // The person still has both.
    for (const id of [own, savedFor]) expect((await get("owner", `/budget/saved/${id}`)).status).toBe(200);
  });
});

describe("a connector who links themselves to an account sees only budgets saved since", () => {
  it("making a profile for someone does not open the budgets they saved before; later ones are shared", async () => {
    const u = await createTestUser(server.dbPath, { email: "early@access.test", role: "member", name: "Erin" });
    const early = { ...u, s: await formSession(server, u.cookie, "/budget") };
    const before = await postForm(server, RESULT, early.s, { ...ANSWERS, version: "child-1", name: "Saved before any connector" });
    expect(before.status, before.text.slice(0, 300)).toBe(302);
    const oldId = idFrom(before.headers.get("location"));
    // The stranger (a connector) makes a profile for Erin's account, on their own word of consent,
    // and so is linked to it.
    const made = await post("stranger", "/profiles/new", {
      intent: "save", display_name: "Erin", postcode: "M33 7XX", max_travel_km: "5",
      owner_email: "early@access.test", consent_by: "Erin", consent_how: "phone",
    });
    expect(made.status, made.text.slice(0, 300)).toBe(303);
    const erinPlan = /\/plans\/([^?#]+)/.exec(made.headers.get("location")!)![1];
    const erinProfile = /href="\/profiles\/([0-9a-f-]{36})"/.exec((await get("stranger", `/plans/${erinPlan}`)).text)![1];

    // The earlier budget stays Erin's own: 404 on its page, not listed, not offered, not choosable, not in the download.
    expect((await get("stranger", `/budget/saved/${oldId}`)).status).toBe(404);
    expect((await get("stranger", "/budget/saved")).text).not.toContain("Saved before any connector");
    const plan = await get("stranger", `/plans/${erinPlan}`);
    expect(plan.text).not.toContain(oldId);
    const choose = await post("stranger", `/plans/${erinPlan}`, { intent: "choose_budget", budget_id: oldId });
    expect(choose.status).toBe(400);
    expect(query<{ budget_id: string | null }>("SELECT budget_id FROM plans WHERE id = ?", erinPlan)[0].budget_id).toBeNull();
    const exported = await server.get(`/profiles/${erinProfile}/export`, { headers: { Cookie: users.stranger.s.cookie } });
    expect(exported.status).toBe(200);
    expect(exported.body.budgets.map((b: { id: string }) => b.id)).not.toContain(oldId);

    // Erin still sees it, in her own download too.
    expect((await server.get(`/budget/saved/${oldId}`, { headers: { Cookie: early.s.cookie } })).status).toBe(200);
    const own = await server.get(`/profiles/${erinProfile}/export`, { headers: { Cookie: early.s.cookie } });
    expect(own.body.budgets.map((b: { id: string }) => b.id)).toContain(oldId);

    // A budget saved for Erin now is shared with the connector, and choosable on the plan.
    const later = await save("stranger", { name: "Worked out together", for_person: u.id });
    expect(later.status, later.text.slice(0, 300)).toBe(302);
    const newId = idFrom(later.headers.get("location"));
    expect((await get("stranger", `/budget/saved/${newId}`)).status).toBe(200);
    expect((await post("stranger", `/plans/${erinPlan}`, { intent: "choose_budget", budget_id: newId })).status).toBe(303);
  });
});
