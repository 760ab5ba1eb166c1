// Public suggestions and their moderation (issue 3), over real HTTP against the built site:
// every access rule on the pages and the API, CSRF, the honeypot, the rate limit, and that
// nothing from the public reaches the directory (or search) before a connector approves it.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type HttpResult, type TestServer, type TestUser } from "../helpers/server";
import { formSession, getAs, pageText, postForm, type FormSession } from "../helpers/forms";

let server: TestServer;
let member: TestUser;
let connector: TestUser;
let admin: TestUser;
/** A real demo listing to correct. */
let demoId: string;

type Who = "anonymous" | "member" | "connector" | "admin";
const WHO: Who[] = ["anonymous", "member", "connector", "admin"];
const cookieOf = (who: Who) => (who === "anonymous" ? undefined : { member, connector, admin }[who].cookie);
const sessions = new Map<Who, FormSession>();
const session = (who: Who) => sessions.get(who)!;

function db() {
  return new Database(server.dbPath, { readonly: true });
}
function one<T>(sql: string, ...params: unknown[]): T {
  const d = db();
  try {
    return d.prepare(sql).get(...params) as T;
  } finally {
    d.close();
  }
}
const countSuggestions = () => one<{ n: number }>("SELECT COUNT(*) AS n FROM suggestions").n;
const suggestionRow = (id: string) =>
  one<{ status: string; reason: string | null; reviewed_by: string | null; reviewed_at: string | null; submitted_by: string | null; payload: string; asset_id: string | null; contact_email: string | null }>(
    "SELECT * FROM suggestions WHERE id = ?",
    id,
  );

function suggestApi(body: unknown, who: Who = "anonymous", contentType = "application/json"): Promise<HttpResult> {
  const headers: Record<string, string> = { "Content-Type": contentType };
  const cookie = cookieOf(who);
  if (cookie) headers.Cookie = cookie;
  return server.request("/api/suggestions", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

async function newSuggestion(body: Record<string, unknown>): Promise<string> {
  const res = await suggestApi(body);
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

async function searchTotal(q: string): Promise<number> {
  const res = await server.get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res.body.total;
}

function expectSignInRedirect(res: HttpResult) {
  expect([302, 303], `${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
  expect(res.headers.get("location")).toMatch(/^\/signin\?next=/);
}

let n = 0;
const unique = (base: string) => `${base} ${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + (Math.floor(n++ / 26) % 26))}`;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMITS: "off" } });
  [member, connector, admin] = await Promise.all([
    createTestUser(server.dbPath, { email: "member@suggest.test", role: "member", name: "Mo Member" }),
    createTestUser(server.dbPath, { email: "connector@suggest.test", role: "connector", name: "Cara Connector" }),
    createTestUser(server.dbPath, { email: "admin@suggest.test", role: "admin", name: "Ada Admin" }),
  ]);
  for (const who of WHO) sessions.set(who, await formSession(server, cookieOf(who)));
  const res = await server.get("/api/search?postcode=M33%207XX&kind=community_group&limit=5");
  demoId = res.body.results.find((r: { is_example: boolean }) => !r.is_example).id;
  expect(demoId).toBeTruthy();
});

afterAll(async () => {
  await server?.stop();
});

// ------------------------------------------------------------------ the public side

describe("public suggestion pages", () => {
  it("the forms and the thank-you page are open to everyone", async () => {
    for (const who of WHO) {
      for (const path of ["/suggest", `/assets/${demoId}/suggest`, "/suggest/thanks"]) {
        const res = await getAs(server, path, cookieOf(who));
        expect(res.status, `${who} ${path}`).toBe(200);
      }
    }
    const form = await server.get(`/assets/${demoId}/suggest`);
    expect(form.text).toMatch(/name="csrf" value="[^"]+"/);
    expect(form.text).toContain('name="website_url"');
    expect(form.text).toContain("What is wrong?");
  });

  it("the detail page links to 'Suggest a change'", async () => {
    const res = await server.get(`/assets/${demoId}`);
    expect(res.text).toContain(`href="/assets/${demoId}/suggest"`);
    expect(res.text).toContain("Suggest a change");
  });

  it("an unknown listing has no suggestion form (404)", async () => {
    expect((await server.get("/assets/00000000-0000-4000-8000-000000000000/suggest")).status).toBe(404);
  });

  it("anyone can send the form (signed in or not); it waits for review and thanks them", async () => {
    for (const who of WHO) {
      const before = countSuggestions();
      const res = await postForm(server, `/assets/${demoId}/suggest`, session(who), { message: `Moved, says ${who}`, postcode: "m33 7xx", contact_email: "" });
      expect(res.status, res.text.slice(0, 500)).toBe(302);
      expect(res.headers.get("location")).toBe(`/suggest/thanks?asset=${demoId}`);
      expect(countSuggestions()).toBe(before + 1);
      const row = one<{ status: string; submitted_by: string | null; payload: string }>("SELECT status, submitted_by, payload FROM suggestions ORDER BY rowid DESC LIMIT 1");
      expect(row.status).toBe("pending");
      expect(JSON.parse(row.payload).postcode).toBe("M33 7XX");
      expect(row.submitted_by).toBe(who === "anonymous" ? null : { member, connector, admin }[who].id);
    }
    const thanks = await server.get(`/suggest/thanks?asset=${demoId}`);
    expect(pageText(thanks.text)).toContain("A connector will check it");
  });

  it("a new listing needs a name and a message; errors name the field and keep what was typed", async () => {
    const before = countSuggestions();
    const res = await postForm(server, "/suggest", session("anonymous"), { message: "", name: "", postcode: "not a postcode", when: "Tuesdays 10am to 12pm" });
    expect(res.status).toBe(400);
    const text = pageText(res.text);
    expect(text).toContain("There is a problem");
    expect(text).toMatch(/What is it\?: is required/);
    expect(text).toMatch(/Name: is required/);
    expect(text).toMatch(/Postcode: must be a UK postcode/);
    expect(text).toContain('value="Tuesdays 10am to 12pm"');
    expect(countSuggestions()).toBe(before);
  });

  it("refuses a missing or wrong CSRF token with 403 and saves nothing", async () => {
    const before = countSuggestions();
    const missing = await postForm(server, "/suggest", session("anonymous"), { message: "A choir", name: "No Token Choir" }, { csrf: false });
    expect(missing.status).toBe(403);
    const wrong = await postForm(server, "/suggest", session("anonymous"), { message: "A choir", name: "Wrong Token Choir" }, { csrf: "not-the-token" });
    expect(wrong.status).toBe(403);
    // Another visitor's token does not fit this visitor's cookie.
    const other = await postForm(server, `/assets/${demoId}/suggest`, session("anonymous"), { message: "Closed" }, { csrf: session("member").csrf });
    expect(other.status).toBe(403);
    expect(countSuggestions()).toBe(before);
  });

  it("refuses a filled honeypot (form and API) and saves nothing", async () => {
    const before = countSuggestions();
    const form = await postForm(server, "/suggest", session("anonymous"), { message: "Cheap pills", name: "Spam Shop", website_url: "http://spam.example" });
    expect(form.status).toBe(400);
    const api = await suggestApi({ message: "Cheap pills", name: "Spam Shop", website_url: "http://spam.example" });
    expect(api.status).toBe(400);
    expect(api.body.error.code).toBe("spam");
    expect(countSuggestions()).toBe(before);
  });
});

describe("POST /api/suggestions", () => {
  it("accepts a suggestion from anyone (201, pending)", async () => {
    for (const who of WHO) {
      const res = await suggestApi({ message: `A new lunch club (${who})`, name: unique("Lunch Club"), postcode: "M33", when: "Fridays 12pm to 2pm" }, who);
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(String), status: "pending" });
      expect(suggestionRow(res.body.id).submitted_by).toBe(who === "anonymous" ? null : { member, connector, admin }[who].id);
    }
  });

  it("answers other methods with 405", async () => {
    expect((await server.get("/api/suggestions")).status).toBe(405);
  });

  it("checks every field (400 naming it) and saves nothing", async () => {
    const before = countSuggestions();
    const cases: [unknown, string][] = [
      [{ name: "No message" }, "message"],
      [{ message: "x".repeat(2001), name: "Too long" }, "message"],
      [{ message: "A new group" }, "name"],
      [{ message: "A group", name: "Bad postcode", postcode: "XYZ 123" }, "postcode"],
      [{ message: "A group", name: "Bad email", contact_email: "not-an-email" }, "contact_email"],
      [{ message: "A group", name: "Extra", colour: "red" }, "_"],
      [{ message: "Wrong", asset_id: "not-a-uuid" }, "asset_id"],
    ];
    for (const [body, field] of cases) {
      const res = await suggestApi(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect(res.body.error.fields?.[field], `${field} in ${res.text}`).toEqual(expect.any(String));
    }
    expect((await suggestApi("{not json")).status).toBe(400);
    const form = await suggestApi("message=hi&name=Form", "anonymous", "application/x-www-form-urlencoded");
    expect(form.status).toBe(400);
    expect(countSuggestions()).toBe(before);
  });

  it("a correction to an unknown listing is 404", async () => {
    const res = await suggestApi({ message: "Closed", asset_id: "00000000-0000-4000-8000-000000000000" });
    expect(res.status).toBe(404);
  });
});

// ------------------------------------------------------------------ moderation: access rules

describe("access rules on moderation", () => {
  it("the queue and the review page: anonymous → sign in, member → 403, connector and admin → 200", async () => {
    const id = await newSuggestion({ message: "Access rule check", name: unique("Rules Group") });
    for (const path of ["/connect/suggestions", `/connect/suggestions/${id}`]) {
      expectSignInRedirect(await getAs(server, path));
      expect((await getAs(server, path, member.cookie)).status, path).toBe(403);
      expect((await getAs(server, path, connector.cookie)).status, path).toBe(200);
      expect((await getAs(server, path, admin.cookie)).status, path).toBe(200);
    }
    expect((await getAs(server, "/connect/suggestions/no-such-id", connector.cookie)).status).toBe(404);
  });

  it("decisions: anonymous → sign in, member → 403; the suggestion stays pending", async () => {
    const id = await newSuggestion({ message: "Wrong name", asset_id: demoId, name: "Nobody Approves This" });
    for (const path of ["/connect/suggestions", `/connect/suggestions/${id}`]) {
      for (const intent of ["approve", "reject"]) {
        expectSignInRedirect(await postForm(server, path, session("anonymous"), { intent, id, reason: "no" }));
        expect((await postForm(server, path, session("member"), { intent, id, reason: "no" })).status).toBe(403);
      }
    }
    expect(suggestionRow(id).status).toBe("pending");
    expect((await server.get(`/api/assets/${demoId}`)).body.name).not.toBe("Nobody Approves This");
  });

  it("a decision without the CSRF token is refused (403) and changes nothing", async () => {
    const id = await newSuggestion({ message: "Wrong name", asset_id: demoId, name: "Tokenless Rename" });
    const res = await postForm(server, "/connect/suggestions", session("connector"), { intent: "approve", id }, { csrf: false });
    expect(res.status).toBe(403);
    const rej = await postForm(server, `/connect/suggestions/${id}`, session("connector"), { intent: "reject", reason: "spam" }, { csrf: "bad" });
    expect(rej.status).toBe(403);
    expect(suggestionRow(id).status).toBe("pending");
  });
});

// ------------------------------------------------------------------ moderation: decisions

describe("moderation", () => {
  it("the queue lists pending suggestions oldest first, with counts", async () => {
    const first = await newSuggestion({ message: "Oldest", name: unique("Queue First") });
    const second = await newSuggestion({ message: "Newest", name: unique("Queue Second") });
    const res = await getAs(server, "/connect/suggestions", connector.cookie);
    const text = pageText(res.text);
    expect(text.indexOf(`s-${first}`)).toBeGreaterThan(0);
    expect(text.indexOf(`s-${first}`)).toBeLessThan(text.indexOf(`s-${second}`));
    const pending = one<{ n: number }>("SELECT COUNT(*) AS n FROM suggestions WHERE status = 'pending'").n;
    expect(text).toMatch(new RegExp(`<strong>${pending}</strong> waiting`));
  });

  it("a suggested new listing is not public until a connector completes and adds it", async () => {
    const name = "Zanzibarian Knit and Natter";
    const id = await newSuggestion({ message: "Knitting and chat for anyone, in the church hall", name, postcode: "M33 7XX", when: "Tuesdays 10am to 12pm" });
    expect(await searchTotal("Zanzibarian")).toBe(0);
    const review = await getAs(server, `/connect/suggestions/${id}`, connector.cookie);
    expect(review.status).toBe(200);
    expect(pageText(review.text)).toContain(`value="${name}"`);
    expect(pageText(review.text)).toContain('value="Tuesdays 10am to 12pm"');
    // Without a kind it cannot be added; nothing is written.
    const missingKind = await postForm(server, `/connect/suggestions/${id}`, session("connector"), { intent: "approve", name, kind: "", postcode: "M33 7XX", description: "Knitting" });
    expect(missingKind.status).toBe(400);
    expect(pageText(missingKind.text)).toMatch(/Kind: is required/);
    expect(await searchTotal("Zanzibarian")).toBe(0);
    expect(suggestionRow(id).status).toBe("pending");

    const ok = await postForm(server, `/connect/suggestions/${id}`, session("connector"), {
      intent: "approve",
      name,
      kind: "community_group",
      categories: ["social_group", "older_people"],
      summary: "",
      description: "Knitting and chat for anyone, in the church hall.",
      address: "",
      postcode: "M33 7XX",
      opening_hours: "Tuesdays 10am to 12pm",
      phone: "",
      email: "",
      website: "",
    });
    expect(ok.status, ok.text.slice(0, 800)).toBe(302);
    const assetId = new URL(ok.headers.get("location")!, server.baseUrl).searchParams.get("asset")!;
    expect(assetId).toBeTruthy();
    expect(await searchTotal("Zanzibarian")).toBe(1);
    const asset = (await server.get(`/api/assets/${assetId}`)).body;
    expect(asset).toMatchObject({ name, kind: "community_group", opening_hours: "Tu 10:00-12:00", categories: ["older_people", "social_group"] });
    expect(asset.source.dataset).toBe("suggestion");
    const rev = one<{ action: string; user_id: string }>("SELECT action, user_id FROM asset_revisions WHERE asset_id = ? ORDER BY id DESC LIMIT 1", assetId);
    expect(rev).toEqual({ action: "suggestion", user_id: connector.id });
    const row = suggestionRow(id);
    expect(row.status).toBe("approved");
    expect(row.reviewed_by).toBe(connector.id);
    expect(row.reviewed_at).toBeTruthy();
    // Approving again is refused: it was already decided.
    const again = await postForm(server, `/connect/suggestions/${id}`, session("admin"), { intent: "approve", name, kind: "place", postcode: "M33 7XX" });
    expect(again.status).toBe(409);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM assets WHERE name = ?", name).n).toBe(1);
  });

  it("approving a correction applies it through a revision by the connector, and search sees it at once", async () => {
    const before = (await server.get(`/api/assets/${demoId}`)).body;
    const newName = "Quorvantine Community Pantry";
    const id = await newSuggestion({ message: "It changed its name and its times", asset_id: demoId, name: newName, when: "Mo-Fr 09:00-17:00", contact_email: "Kim@Example.org" });
    // Not public before approval.
    expect((await server.get(`/api/assets/${demoId}`)).body.name).toBe(before.name);
    expect(await searchTotal("Quorvantine")).toBe(0);
    const queue = pageText((await getAs(server, "/connect/suggestions", connector.cookie)).text);
    expect(queue).toContain(newName);
    expect(queue).toContain("Kim@Example.org");

    const res = await postForm(server, "/connect/suggestions", session("connector"), { intent: "approve", id });
    expect(res.status, res.text.slice(0, 500)).toBe(302);
    expect(res.headers.get("location")).toContain(`asset=${demoId}`);
    const after = (await server.get(`/api/assets/${demoId}`)).body;
    expect(after.name).toBe(newName);
    expect(after.opening_hours).toBe("Mo-Fr 09:00-17:00");
    expect(after.version).toBe(before.version + 1);
    expect(after.location).toEqual(before.location);
    expect(await searchTotal("Quorvantine")).toBe(1);
    const rev = one<{ action: string; user_id: string; note: string }>("SELECT action, user_id, note FROM asset_revisions WHERE asset_id = ? ORDER BY id DESC LIMIT 1", demoId);
    expect(rev.action).toBe("suggestion");
    expect(rev.user_id).toBe(connector.id);
    expect(rev.note).toContain("It changed its name");
    expect(suggestionRow(id)).toMatchObject({ status: "approved", reviewed_by: connector.id, reason: null });
    const recent = pageText((await getAs(server, "/connect/suggestions", connector.cookie)).text);
    expect(recent).toContain("Recent decisions");
    expect(recent).toContain("Cara Connector");
  });

  it("edit, then approve: the connector's edits are what is saved", async () => {
    const id = await newSuggestion({ message: "The name is spelled wrong", asset_id: demoId, name: "Quorvantine Comunity Pantree" });
    const page = pageText((await getAs(server, `/connect/suggestions/${id}`, connector.cookie)).text);
    expect(page).toContain('value="Quorvantine Comunity Pantree"');
    const version = /name="version" value="(\d+)"/.exec(page)![1];
    const res = await postForm(server, `/connect/suggestions/${id}`, session("admin"), {
      intent: "approve",
      version,
      name: "Quorvantine Community Pantry (Sale)",
      postcode: (await server.get(`/api/assets/${demoId}`)).body.location.postcode ?? "",
    });
    expect(res.status, res.text.slice(0, 800)).toBe(302);
    expect((await server.get(`/api/assets/${demoId}`)).body.name).toBe("Quorvantine Community Pantry (Sale)");
    expect(suggestionRow(id)).toMatchObject({ status: "approved", reviewed_by: admin.id });
  });

  it("a correction that moves a listing places it by the new postcode", async () => {
    const id = await newSuggestion({ message: "It moved to Altrincham", asset_id: demoId, postcode: "WA14" });
    const res = await postForm(server, "/connect/suggestions", session("connector"), { intent: "approve", id });
    expect(res.status, res.text.slice(0, 500)).toBe(302);
    const a = (await server.get(`/api/assets/${demoId}`)).body;
    expect(a.location).toMatchObject({ postcode: "WA14", precision: "postcode_district" });
    expect(a.lat).toBeCloseTo(one<{ lat: number }>("SELECT lat FROM postcodes WHERE postcode = 'WA14'").lat, 5);
  });

  it("a stale version is a conflict (409) and nothing is saved", async () => {
    const id = await newSuggestion({ message: "Name", asset_id: demoId, name: "Stale Version Name" });
    const current = (await server.get(`/api/assets/${demoId}`)).body;
    const res = await postForm(server, `/connect/suggestions/${id}`, session("connector"), { intent: "approve", version: String(current.version - 1), name: "Stale Version Name" });
    expect(res.status).toBe(409);
    expect(pageText(res.text)).toContain("Someone else saved a change");
    expect((await server.get(`/api/assets/${demoId}`)).body.version).toBe(current.version);
    expect(suggestionRow(id).status).toBe("pending");
  });

  it("rejecting needs a reason; the reason, who and when are kept; the listing is untouched", async () => {
    const before = (await server.get(`/api/assets/${demoId}`)).body;
    const id = await newSuggestion({ message: "Rude words", asset_id: demoId, name: "Something Rude" });
    const noReason = await postForm(server, "/connect/suggestions", session("connector"), { intent: "reject", id, reason: "  " });
    expect(noReason.status).toBe(400);
    expect(pageText(noReason.text)).toMatch(/Reason is required/);
    expect(suggestionRow(id).status).toBe("pending");
    const ok = await postForm(server, "/connect/suggestions", session("connector"), { intent: "reject", id, reason: "Not a real change" });
    expect(ok.status).toBe(302);
    expect(suggestionRow(id)).toMatchObject({ status: "rejected", reason: "Not a real change", reviewed_by: connector.id });
    expect(suggestionRow(id).reviewed_at).toBeTruthy();
    expect((await server.get(`/api/assets/${demoId}`)).body.version).toBe(before.version);
    const approveLate = await postForm(server, "/connect/suggestions", session("admin"), { intent: "approve", id });
    expect(approveLate.status).toBe(409);
    const page = pageText((await getAs(server, `/connect/suggestions/${id}`, connector.cookie)).text);
    expect(page).toContain("was rejected by Cara Connector");
    expect(page).toContain("Not a real change");
  });
});

// ------------------------------------------------------------------ rate limit

describe("rate limit on public suggestions", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ env: { RATE_LIMITS: undefined } });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("answers 429 with Retry-After after 20 suggestions an hour from one address, and saves no more", async () => {
    const post = (i: number) =>
      limited.request("/api/suggestions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message: `Group ${i}`, name: `Limit Group ${i}` }) });
    for (let i = 1; i <= 20; i++) expect((await post(i)).status, `suggestion ${i}`).toBe(201);
    const over = await post(21);
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe("rate_limited");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    const s = await formSession(limited);
    const form = await postForm(limited, "/suggest", s, { message: "One more", name: "Form Limit Group" });
    expect(form.status).toBe(429);
    expect(pageText(form.text)).toContain("Too many suggestions from here");
    const d = new Database(limited.dbPath, { readonly: true });
    try {
      expect(d.prepare("SELECT COUNT(*) FROM suggestions").pluck().get()).toBe(20);
    } finally {
      d.close();
    }
  });
});
