// Profiles, plans and POST /api/match over real HTTP: the match contract and bad input (400
// naming the field), honest empty answers, and every access rule for profiles and plans
// (anonymous, another member, an unrelated connector, a linked connector, an admin, the owner).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "../helpers/server";
import { formSession, postForm } from "../helpers/forms";
import { lastMailTo } from "../helpers/mail";

let server: TestServer;
type Who = "owner" | "other" | "connector" | "stranger" | "admin";
const users = {} as Record<Who, TestUser & { csrf: string; jar: string }>;
let profileId = "";
let planId = "";

async function withCsrf(u: TestUser): Promise<TestUser & { csrf: string; jar: string }> {
  const page = await server.get("/profiles", { headers: { Cookie: u.cookie } });
  const csrfCookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("rw_csrf="))!;
  const csrf = /name="csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? "";
  return { ...u, csrf, jar: `${u.cookie}; ${csrfCookie}` };
}

function post(who: Who | "anonymous", path: string, fields: Record<string, string | string[]>) {
  const u = who === "anonymous" ? null : users[who];
  const body = new URLSearchParams();
  body.append("csrf", u?.csrf ?? "");
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return server.request(path, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(u ? { Cookie: u.jar } : {}) },
    body: body.toString(),
  });
}

function get(who: Who | "anonymous", path: string) {
  return server.get(path, { redirect: "manual", headers: who === "anonymous" ? {} : { Cookie: users[who].jar } });
}

function matchPost(body: unknown) {
  return server.request("/api/match", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

const PROFILE_FORM = {
  intent: "save",
  display_name: "Aisha",
  postcode: "M33 7XX",
  max_travel_km: "5",
  age: "16",
  access_needs: ["changing_places"],
  available: ["sat", "sun"],
  interests: "musicals, curry",
  skills: "singing",
  people: "cousin Rob",
};

beforeAll(async () => {
  server = await startTestServer();
  const mk = async (who: Who, role: TestUser["role"]) => {
    users[who] = await withCsrf(await createTestUser(server.dbPath, { email: `${who}@plans.test`, role, name: who }));
  };
  await mk("owner", "member");
  await mk("other", "member");
  await mk("connector", "connector");
  await mk("stranger", "connector");
  await mk("admin", "admin");
  const res = await post("owner", "/profiles/new", PROFILE_FORM);
  expect(res.status, res.text).toBe(303);
  planId = /\/plans\/([^?]+)/.exec(res.headers.get("location")!)![1];
  const plan = await get("owner", `/plans/${planId}`);
  profileId = /href="\/profiles\/([0-9a-f-]{36})"/.exec(plan.text)![1];
  const link = await post("owner", `/profiles/${profileId}`, { intent: "link", connector_email: "connector@plans.test" });
  expect(link.status, link.text).toBe(303);
});

afterAll(async () => {
  await server?.stop();
});

describe("POST /api/match", () => {
  const good = {
    profile: { postcode: "M33 7XX", max_travel_km: 5, age: 16, access_needs: ["changing_places", "step_free"], interests: ["music", "football"], skills: ["gardening"], languages: ["en", "ur"], people: ["cousin Rob"], available: ["sat", "sun"] },
    outcomes: [{ id: "o1", statement: "Getting the rest I need", domain: "be_healthy", member: "mum" }],
  };

  it("answers the CONTRACTS shape; every suggestion within the travel distance with plain reasons", async () => {
    const res = await matchPost({ ...good, profile: { ...good.profile, access_needs: ["changing_places"] }, outcomes: [...good.outcomes, { id: "o2", statement: "Singing in a show", domain: "enjoy_and_achieve" }] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.outcomes.map((o: { id: string }) => o.id)).toEqual(["o1", "o2"]);
    const all = res.body.outcomes.flatMap((o: { suggestions: unknown[] }) => o.suggestions);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      expect(s).toMatchObject({ asset_id: expect.any(String), name: expect.any(String), kind: expect.any(String), score: expect.any(Number), distance_km: expect.any(Number) });
      expect(["community", "universal", "individual", "targeted"]).toContain(s.quadrant);
      expect(s.distance_km).toBeLessThanOrEqual(5);
      expect(s.reasons.some((r: string) => /Changing Places toilet/.test(r))).toBe(true);
    }
    expect(Array.isArray(res.body.contribute)).toBe(true);
  });

  it("every suggestion's access is real (checked against the public record)", async () => {
    const res = await matchPost({ ...good, profile: { ...good.profile, access_needs: ["step_free"] } });
    for (const s of res.body.outcomes[0].suggestions.slice(0, 5)) {
      const a = await server.get(`/api/assets/${s.asset_id}`);
      expect(a.body.access).toContain("step_free");
      expect(a.body.status).toBe("active");
    }
  });

  it.each([
    ["unknown domain", { outcomes: [{ id: "o1", statement: "x y", domain: "flying" }] }, "outcomes.0.domain"],
    ["unknown postcode", { profile: { ...good.profile, postcode: "ZZ9 9ZZ" } }, "profile.postcode"],
    ["malformed postcode", { profile: { ...good.profile, postcode: "not a postcode" } }, "profile.postcode"],
    ["travel 0 km", { profile: { ...good.profile, max_travel_km: 0 } }, "profile.max_travel_km"],
    ["travel 1000 km", { profile: { ...good.profile, max_travel_km: 1000 } }, "profile.max_travel_km"],
    ["500 outcomes", { outcomes: Array.from({ length: 500 }, (_, i) => ({ id: `o${i}`, statement: "Keeping my friends", domain: "relationships" })) }, "outcomes"],
    ["empty statement", { outcomes: [{ id: "o1", statement: "   ", domain: "be_healthy" }] }, "outcomes.0.statement"],
    ["wrong type", { profile: { ...good.profile, age: "sixteen" } }, "profile.age"],
    ["unknown access need", { profile: { ...good.profile, access_needs: ["jetpack"] } }, "profile.access_needs.0"],
    ["no outcomes", { outcomes: [] }, "outcomes"],
    ["a member's age below 0", { profile: { ...good.profile, members: [{ name: "Maya", age: -1 }] } }, "profile.members.0.age"],
    ["a member without a name", { profile: { ...good.profile, members: [{ age: 9 }] } }, "profile.members.0.name"],
    ["an outcome's age as words", { outcomes: [{ id: "o1", statement: "Sleeping", domain: "be_healthy", age: "nine" }] }, "outcomes.0.age"],
  ])("%s: 400 naming the field", async (_name, patch, field) => {
    const res = await matchPost({ ...good, ...patch });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.fields).toHaveProperty(field);
    expect(res.body.error.message).toMatch(/Please check/);
  });

  it("checks a household member's outcome at that member's age", async () => {
    const body = (members: unknown[]) => ({
      profile: { postcode: "M33 7XX", max_travel_km: 6, age: 41, members },
      outcomes: [{ id: "maya", statement: "Having fun with other children", domain: "enjoy_and_achieve", member: "maya" }],
    });
    const withAge = await matchPost(body([{ name: "Maya", age: 9 }]));
    const asParent = await matchPost(body([]));
    const unknownAge = await matchPost(body([{ name: "Maya" }]));
    for (const r of [withAge, asParent, unknownAge]) expect(r.status, r.text).toBe(200);
    const ranges = async (r: typeof withAge) => {
      const out: { min: number | null; max: number | null; reasons: string[] }[] = [];
      for (const s of r.body.outcomes[0].suggestions) out.push({ ...(await server.get(`/api/assets/${s.asset_id}`)).body.age, reasons: s.reasons });
      return out;
    };
    const child = await ranges(withAge);
    expect(child.every((a) => (a.min === null || a.min <= 9) && (a.max === null || a.max >= 9))).toBe(true);
    expect(child.some((a) => a.max !== null && a.max < 41)).toBe(true);
    expect((await ranges(asParent)).every((a) => (a.min === null || a.min <= 41) && (a.max === null || a.max >= 41))).toBe(true);
    for (const a of await ranges(unknownAge)) {
      if (a.min !== null || a.max !== null) expect(a.reasons.some((x) => x.startsWith("Check the age range"))).toBe(true);
    }
  });

  it("a body that is not JSON is a 400", async () => {
    const res = await server.request("/api/match", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
  });

  it("gives an honest empty answer with the reason and what a wider search finds", async () => {
    const res = await matchPost({ profile: { postcode: "M33 7XX", max_travel_km: 0.3, access_needs: ["changing_places", "bsl", "hearing_loop"] }, outcomes: [{ id: "o1", statement: "Keeping my friends", domain: "relationships" }] });
    expect(res.status).toBe(200);
    expect(res.body.outcomes[0].suggestions).toEqual([]);
    expect(res.body.outcomes[0].empty_reason).toMatch(/^Nothing within 300 m .*; widening to 1\.0 km finds (nothing either|\d+)\.$/);
  });
});

describe("who may see a profile and a plan", () => {
  const pages = () => [`/profiles/${profileId}`, `/plans/${planId}`, `/profiles/${profileId}/export`, `/plans/${planId}/export`];

  it("anonymous visitors are sent to sign in", async () => {
    for (const p of pages()) {
      const res = await get("anonymous", p);
      expect(res.status, p).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/signin/);
    }
  });

  it.each(["other", "stranger"] as const)("%s (another member / an unrelated connector) gets 404 for every page and change", async (who) => {
    for (const p of pages()) expect((await get(who, p)).status, p).toBe(404);
    const res = await post(who, `/plans/${planId}`, { intent: "add_outcome", statement: "Sneaky", domain: "be_healthy" });
    expect(res.status).toBe(404);
    const del = await post(who, `/profiles/${profileId}`, { intent: "delete", confirm: "yes" });
    expect(del.status).toBe(404);
    const list = await get(who, "/profiles");
    expect(list.text).not.toContain(profileId);
  });

  it.each(["owner", "connector", "admin"] as const)("%s (the person, their linked connector, an admin) sees and changes it", async (who) => {
    for (const p of pages()) {
      const page = await get(who, p);
      expect(page.status, p).toBe(200);
      // Personal data: never kept by a shared cache or the browser.
      expect(page.headers.get("cache-control"), p).toBe("private, no-store");
    }
    expect((await get(who, "/profiles")).headers.get("cache-control")).toBe("private, no-store");
    const res = await post(who, `/plans/${planId}`, { intent: "add_outcome", statement: `Getting out (${who})`, domain: "relationships", priority: "2" });
    expect(res.status, res.text).toBe(303);
    const plan = await get(who, `/plans/${planId}`);
    expect(plan.text).toContain(`Getting out (${who})`);
  });

  it("a connector who is unlinked loses access", async () => {
    const u = await createTestUser(server.dbPath, { email: "temp@plans.test", role: "connector" });
    users.stranger = { ...users.stranger };
    const link = await post("owner", `/profiles/${profileId}`, { intent: "link", connector_email: "temp@plans.test" });
    expect(link.status).toBe(303);
    const temp = await withCsrf(u);
    expect((await server.get(`/profiles/${profileId}`, { headers: { Cookie: temp.jar } })).status).toBe(200);
    await post("owner", `/profiles/${profileId}`, { intent: "unlink", connector_id: u.id });
    expect((await server.get(`/profiles/${profileId}`, { headers: { Cookie: temp.jar } })).status).toBe(404);
  });
});

describe("the JSON API for profiles and plans (read only)", () => {
  const apiGet = (who: Who | "anonymous", path: string) => server.get(path, { headers: who === "anonymous" ? {} : { Cookie: users[who].cookie } });
  const paths = () => ["/api/profiles", `/api/profiles/${profileId}`, `/api/plans/${planId}`, `/api/plans/${planId}?suggestions=1`];

  it("anonymous: 401 with the error shape", async () => {
    for (const p of paths()) {
      const res = await apiGet("anonymous", p);
      expect(res.status, p).toBe(401);
      expect(res.body.error.code).toBe("unauthenticated");
    }
  });

  it.each(["other", "stranger"] as const)("%s: 404 for the profile and plan, and it is not in their list", async (who) => {
    for (const p of paths().slice(1)) {
      const res = await apiGet(who, p);
      expect(res.status, p).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const list = await apiGet(who, "/api/profiles");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(profileId);
  });

  it.each(["owner", "connector", "admin"] as const)("%s: sees the profile, the plan and its suggestions, never cached", async (who) => {
    const list = await apiGet(who, "/api/profiles");
    expect(list.body.profiles.map((p: { id: string }) => p.id)).toContain(profileId);
    const profile = await apiGet(who, `/api/profiles/${profileId}`);
    expect(profile.status).toBe(200);
    expect(profile.headers.get("cache-control")).toBe("private, no-store");
    expect(profile.body).toMatchObject({ id: profileId, name: "Aisha", postcode: "M33 7XX", access_needs: ["changing_places"], interests: ["musicals", "curry"] });
    expect(profile.body.plans.map((p: { id: string }) => p.id)).toContain(planId);
    const plan = await apiGet(who, `/api/plans/${planId}`);
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ id: planId, profile: { id: profileId, name: "Aisha" } });
    expect(plan.body.suggestions).toBeUndefined();
    const withSuggestions = await apiGet(who, `/api/plans/${planId}?suggestions=1`);
    expect(withSuggestions.status).toBe(200);
    expect(withSuggestions.body.outcomes.length).toBeGreaterThan(0);
    for (const o of withSuggestions.body.outcomes) {
      const s = withSuggestions.body.suggestions[o.id];
      expect(s, o.statement).toBeDefined();
      for (const x of s.suggestions) {
        expect(x.distance_km).toBeLessThanOrEqual(5);
        expect(x.reasons.some((r: string) => /Changing Places toilet/.test(r))).toBe(true);
      }
    }
  });

  it("a bad suggestions flag is a 400 naming it", async () => {
    const res = await apiGet("owner", `/api/plans/${planId}?suggestions=yes`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty("suggestions");
  });
});

describe("who may choose who sees a profile, and delete it", () => {
  const connectorIds = async () => ((await get("owner", `/profiles/${profileId}/export`)).body.connectors as { email: string }[]).map((c) => c.email).sort();

  it("a linked connector cannot add or remove other connectors, nor delete the profile (403, nothing changed)", async () => {
    const before = await connectorIds();
    const add = await post("connector", `/profiles/${profileId}`, { intent: "link", connector_email: "stranger@plans.test" });
    expect(add.status).toBe(403);
    expect(add.text).toContain("Only Aisha (the person) or an administrator can choose who can see this profile.");
    const admin = await createTestUser(server.dbPath, { email: "linked-admin-check@plans.test", role: "connector" });
    expect((await post("owner", `/profiles/${profileId}`, { intent: "link", connector_email: admin.email })).status).toBe(303);
    const remove = await post("connector", `/profiles/${profileId}`, { intent: "unlink", connector_id: admin.id });
    expect(remove.status).toBe(403);
    const del = await post("connector", `/profiles/${profileId}`, { intent: "delete", confirm: "yes" });
    expect(del.status).toBe(403);
    expect((await get("owner", `/profiles/${profileId}`)).status).toBe(200);
    expect(await connectorIds()).toEqual([...before, admin.email].sort());
    // The page offers a linked connector neither the form to add nor the delete button.
    const page = await get("connector", `/profiles/${profileId}`);
    expect(page.text).not.toContain('value="link"');
    expect(page.text).not.toContain("Delete profile");
    expect(page.text).toContain("Only Aisha or an administrator can add or remove connectors.");
    // Tidy: the person removes the extra connector again.
    expect((await post("owner", `/profiles/${profileId}`, { intent: "unlink", connector_id: admin.id })).status).toBe(303);
    expect(await connectorIds()).toEqual(before);
  });

  it("a connector can step away from a profile themselves, and then no longer sees it", async () => {
    const u = await createTestUser(server.dbPath, { email: "steps-away@plans.test", role: "connector" });
    expect((await post("admin", `/profiles/${profileId}`, { intent: "link", connector_email: u.email })).status).toBe(303);
    const temp = await withCsrf(u);
    const page = await server.get(`/profiles/${profileId}`, { headers: { Cookie: temp.jar } });
    expect(page.text).toContain("Stop working with this profile");
    const body = new URLSearchParams({ csrf: temp.csrf, intent: "unlink", connector_id: u.id });
    const res = await server.request(`/profiles/${profileId}`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: temp.jar }, body: body.toString() });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/profiles");
    expect((await server.get(`/profiles/${profileId}`, { headers: { Cookie: temp.jar } })).status).toBe(404);
  });

  it("an admin can add and remove a connector", async () => {
    const u = await createTestUser(server.dbPath, { email: "by-admin@plans.test", role: "connector" });
    expect((await post("admin", `/profiles/${profileId}`, { intent: "link", connector_email: u.email })).status).toBe(303);
    expect(await connectorIds()).toContain(u.email);
    expect((await post("admin", `/profiles/${profileId}`, { intent: "unlink", connector_id: u.id })).status).toBe(303);
    expect(await connectorIds()).not.toContain(u.email);
  });
});

describe("plans", () => {
  it("adds a suggestion in one click, marks it, removes it; the export holds everything", async () => {
    const page = await get("connector", `/plans/${planId}`);
    const m = /name="intent" value="add_item"\/><input type="hidden" name="asset_id" value="([^"]+)"\/><input type="hidden" name="outcome_id" value="([^"]+)"/.exec(page.text);
    expect(m, "a suggestion with an Add button").toBeTruthy();
    const add = await post("connector", `/plans/${planId}`, { intent: "add_item", asset_id: m![1], outcome_id: m![2], who: "Aisha and mum", when_text: "Saturdays", cost_text: "free" });
    expect(add.status).toBe(303);
    let json = (await get("owner", `/profiles/${profileId}/export`)).body;
    const item = json.plans[0].items[0];
    expect(item).toMatchObject({ asset_id: m![1], who: "Aisha and mum", when_text: "Saturdays", cost_text: "free", status: "planned", added_by_name: "connector" });
    expect(json.profile).toMatchObject({ name: "Aisha", postcode: "M33 7XX", interests: ["musicals", "curry"], access_needs: ["changing_places"] });
    expect(json.connectors.map((c: { email: string }) => c.email)).toContain("connector@plans.test");
    expect((await post("owner", `/plans/${planId}`, { intent: "item_status", item_id: item.id, status: "working" })).status).toBe(303);
    json = (await get("owner", `/profiles/${profileId}/export`)).body;
    expect(json.plans[0].items[0].status).toBe("working");
    expect((await post("owner", `/plans/${planId}`, { intent: "remove_item", item_id: item.id })).status).toBe(303);
    json = (await get("owner", `/profiles/${profileId}/export`)).body;
    expect(json.plans[0].items).toEqual([]);
  });

  it("the PDF-ready export is a whole HTML page with print styles", async () => {
    const res = await get("owner", `/plans/${planId}/export`);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.text).toMatch(/@page/);
    expect(res.text).toContain("Getting out (owner)");
  });

  it("bad outcome input is refused with the field named", async () => {
    const res = await post("owner", `/plans/${planId}`, { intent: "add_outcome", statement: "", domain: "flying" });
    expect(res.status).toBe(400);
    expect(res.text).toContain("Write the outcome in the person&#x27;s own words");
  });

  it("a connector makes a profile with someone, recording consent; a member cannot", async () => {
    const res = await post("connector", "/profiles/new", { ...PROFILE_FORM, display_name: "Other person", owner_email: "other@plans.test", consent_by: "Other person", consent_how: "phone" });
    expect(res.status, res.text).toBe(303);
    const list = await get("other", "/profiles");
    const id = /href="\/profiles\/([0-9a-f-]{36})"/.exec(list.text)![1];
    const json = (await get("other", `/profiles/${id}/export`)).body;
    expect(json.profile.consent).toMatchObject({ given_by: "Other person", how: "phone", at: expect.any(String) });
    const refused = await post("other", "/profiles/new", { ...PROFILE_FORM, owner_email: "owner@plans.test", consent_by: "x" });
    expect(refused.status).toBe(403);
    const noConsent = await post("connector", "/profiles/new", { ...PROFILE_FORM, owner_email: "owner@plans.test", consent_by: "" });
    expect(noConsent.status).toBe(400);
  });

  it("the person deletes their profile and everything goes", async () => {
    const res = await post("owner", "/profiles/new", { ...PROFILE_FORM, display_name: "To delete" });
    const pid = /\/plans\/([^?]+)/.exec(res.headers.get("location")!)![1];
    const plan = await get("owner", `/plans/${pid}`);
    const id = /href="\/profiles\/([0-9a-f-]{36})"/.exec(plan.text)![1];
    expect((await post("owner", `/profiles/${id}`, { intent: "delete" })).status).toBe(400);
    const del = await post("owner", `/profiles/${id}`, { intent: "delete", confirm: "yes" });
    expect(del.status).toBe(303);
    expect((await get("owner", `/profiles/${id}`)).status).toBe(404);
    expect((await get("owner", `/plans/${pid}`)).status).toBe(404);
  });
});

describe("the same answer whether or not an email has an account", () => {
  const shape = (r: { status: number; headers: Headers; text: string }) => ({
    status: r.status,
    location: (r.headers.get("location") ?? "").replace(/[0-9a-f-]{36}/g, "ID"),
    text: r.text.replace(/[0-9a-f-]{36}/g, "ID"),
  });

  it("a connector making a profile for a known or an unknown email gets the same answer; the person is told either way", async () => {
    await createTestUser(server.dbPath, { email: "known-person@plans.test", role: "member", password: "the known person's password" });
    const mark = server.output().length;
    const make = (email: string) => post("connector", "/profiles/new", { ...PROFILE_FORM, display_name: "Sam", owner_email: email, consent_by: "Sam", consent_how: "phone" });
    const known = await make("known-person@plans.test");
    const unknown = await make("New.Person@plans.test");
    expect(known.status, known.text.slice(0, 300)).toBe(303);
    expect(shape(unknown)).toEqual(shape(known));
    expect(unknown.text).not.toMatch(/no account/i);

    // The known person is told to sign in; the new one gets a link to choose a password.
    expect(await lastMailTo(server, "known-person@plans.test", mark)).toMatch(/made a profile and a plan with you[\s\S]*\/profiles\/[0-9a-f-]{36}/);
    const mail = await lastMailTo(server, "new.person@plans.test", mark);
    expect(mail).toMatch(/made an account for you/);
    const link = /\/reset-password\/([A-Za-z0-9_-]{20,})/.exec(mail)?.[1];
    expect(link).toBeDefined();
    // Nobody can sign in to the new account before its owner chooses a password.
    const noPassword = await server.request("/api/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "new.person@plans.test", password: "anything at all" }) });
    expect(noPassword.status).toBe(401);
    const s = await formSession(server, undefined, "/signin");
    expect((await postForm(server, `/reset-password/${link}`, s, { password: "sam's own password", confirm: "sam's own password" })).status).toBe(302);
    const signedIn = await server.request("/api/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "new.person@plans.test", password: "sam's own password" }) });
    expect(signedIn.status).toBe(200);
    const cookie = /rw_session=[^;]+/.exec(signedIn.headers.get("set-cookie") ?? "")![0];
    const mine = await server.get("/api/profiles", { headers: { Cookie: cookie } });
    expect(mine.body.profiles.map((p: { display_name: string }) => p.display_name)).toEqual(["Sam"]);
  });

  it("a bad email for the person is refused by its form, the same for everyone", async () => {
    const res = await post("connector", "/profiles/new", { ...PROFILE_FORM, owner_email: "not an email", consent_by: "x", consent_how: "phone" });
    expect(res.status).toBe(400);
    expect(res.text).toContain("must be an email address");
  });

  it("linking a connector gives the same answer for a connector, a member and an unknown email; only the connector is linked and told", async () => {
    await createTestUser(server.dbPath, { email: "linkable@plans.test", role: "connector" });
    const before = ((await get("owner", `/profiles/${profileId}/export`)).body.connectors as { email: string }[]).map((c) => c.email);
    const mark = server.output().length;
    const link = (email: string) => post("owner", `/profiles/${profileId}`, { intent: "link", connector_email: email });
    const answers = [await link("linkable@plans.test"), await link("other@plans.test"), await link("nobody-here@plans.test")];
    for (const a of answers) expect(shape(a)).toEqual(shape(answers[0]));
    expect(answers[0].status).toBe(303);
    const page = await get("owner", answers[0].headers.get("location")!);
    expect(page.text).toContain("If that email belongs to a connector");
    expect(page.text).not.toMatch(/no connector/i);
    const after = ((await get("owner", `/profiles/${profileId}/export`)).body.connectors as { email: string }[]).map((c) => c.email);
    expect(after.sort()).toEqual([...before, "linkable@plans.test"].sort());
    expect(await lastMailTo(server, "linkable@plans.test", mark)).toMatch(/added you as a connector/);
    expect(await lastMailTo(server, "other@plans.test", mark)).toBe("");
  });
});
