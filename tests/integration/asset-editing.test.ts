// Connectors keep assets current (issue 3): the write API, the connector pages and every access
// rule, over real HTTP against the built site serving a copy of the demo data.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type HttpResult, type TestServer, type TestUser } from "../helpers/server";

let server: TestServer;
let member: TestUser;
let connector: TestUser;
let admin: TestUser;
let connector2: TestUser;
/** A demo asset near Sale that the page tests edit. */
let demoId: string;

type Who = "anonymous" | "member" | "connector" | "admin" | "connector2";
const cookieOf = (who: Who) => (who === "anonymous" ? undefined : { member, connector, admin, connector2 }[who].cookie);

function jsonInit(method: string, body: unknown, who: Who, extra: Record<string, string> = {}): RequestInit {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...extra };
  const cookie = cookieOf(who);
  if (cookie) headers.Cookie = cookie;
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

const send = <T = any>(method: string, path: string, body: unknown, who: Who) => server.request<T>(path, jsonInit(method, body, who));

async function getAsset(id: string): Promise<Record<string, any>> {
  const res = await server.get(`/api/assets/${id}`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res.body;
}

async function searchIds(params: string): Promise<string[]> {
  const res = await server.get(`/api/search?${params}&limit=100`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return (res.body.results as { id: string }[]).map((r) => r.id);
}

function expectError(res: HttpResult, status: number, field?: string) {
  expect(res.status, res.text.slice(0, 500)).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(res.body?.error?.code, res.text).toEqual(expect.any(String));
  expect(res.body.error.message).toEqual(expect.any(String));
  if (field) expect(res.body.error.fields?.[field], `fields.${field} in ${res.text}`).toEqual(expect.any(String));
  return res.body.error;
}

let counter = 0;
/** A new asset made through the API by the connector (a unique made-up name each time). */
async function newAsset(extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  counter++;
  const res = await send("POST", "/api/assets", { kind: "community_group", name: `Quillfeather Club ${counter}`, lat: 53.4245, lng: -2.3239, ...extra }, "connector");
  expect(res.status, res.text.slice(0, 500)).toBe(201);
  return res.body;
}

// ------------------------------------------------------------------ browser-form helpers

interface FormSession {
  cookie: string;
  csrf: string;
}

/** The cookies and CSRF token a browser would have after loading a page. */
async function formSession(who: Who): Promise<FormSession> {
  const cookie = cookieOf(who);
  const res = await server.get(who === "anonymous" ? "/signin" : "/", { headers: cookie ? { Cookie: cookie } : {} });
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  const raw = /rw_csrf=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  const token = /name="csrf" value="([^"]+)"/.exec(res.text)?.[1];
  expect(raw, "the site sets a CSRF cookie").toBeTruthy();
  expect(token, "the page carries a CSRF token").toBeTruthy();
  return { cookie: [cookie, `rw_csrf=${raw}`].filter(Boolean).join("; "), csrf: token! };
}

function postForm(path: string, s: FormSession | null, fields: [string, string][], opts: { csrf?: boolean } = {}) {
  const body = new URLSearchParams();
  if (s && opts.csrf !== false) body.append("csrf", s.csrf);
  for (const [k, v] of fields) body.append(k, v);
  return server.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(s ? { Cookie: s.cookie } : {}) },
    body: body.toString(),
  });
}

const pageGet = (path: string, who: Who) => server.get(path, { headers: cookieOf(who) ? { Cookie: cookieOf(who)! } : {} });

function expectSignInRedirect(res: HttpResult, path: string) {
  expect([302, 303], `${path}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
  expect(res.headers.get("location")).toMatch(/^\/signin\?next=/);
}

const decode = (html: string) => html.replace(/<!-- -->/g, "").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

// ------------------------------------------------------------------ set-up

beforeAll(async () => {
  server = await startTestServer();
  [member, connector, admin, connector2] = await Promise.all([
    createTestUser(server.dbPath, { email: "member@example.org", role: "member", name: "Mo Member" }),
    createTestUser(server.dbPath, { email: "connector@example.org", role: "connector", name: "Cara Connector" }),
    createTestUser(server.dbPath, { email: "admin@example.org", role: "admin", name: "Ada Admin" }),
    createTestUser(server.dbPath, { email: "connector2@example.org", role: "connector", name: "Dev Connector" }),
  ]);
  const res = await server.get("/api/search?postcode=M33%207XX&kind=community_group&limit=5");
  demoId = res.body.results[0].id;
  expect(demoId).toBeTruthy();
});

afterAll(async () => {
  await server?.stop();
});

// ------------------------------------------------------------------ access rules: the API

describe("access rules on the write API", () => {
  const routes: { name: string; call: (who: Who, id: string, version: number) => Promise<HttpResult>; ok: number }[] = [
    { name: "POST /api/assets", call: (who) => send("POST", "/api/assets", { kind: "place", name: `Rule test ${who}`, lat: 53.42, lng: -2.32 }, who), ok: 201 },
    { name: "PATCH /api/assets/:id", call: (who, id, v) => send("PATCH", `/api/assets/${id}`, { version: v, summary: `Checked by ${who}` }, who), ok: 200 },
    { name: "POST /api/assets/:id/verify", call: (who, id) => send("POST", `/api/assets/${id}/verify`, {}, who), ok: 200 },
    { name: "POST /api/assets/:id/archive", call: (who, id) => send("POST", `/api/assets/${id}/archive`, {}, who), ok: 200 },
    { name: "POST /api/assets/:id/unarchive", call: (who, id) => send("POST", `/api/assets/${id}/unarchive`, {}, who), ok: 200 },
    { name: "POST /api/assets/:id/restore", call: (who, id) => send("POST", `/api/assets/${id}/restore`, { version: 1 }, who), ok: 200 },
    { name: "GET /api/assets/:id/revisions", call: (who, id) => server.request(`/api/assets/${id}/revisions`, { headers: cookieOf(who) ? { Cookie: cookieOf(who)! } : {} }), ok: 200 },
  ];

  for (const route of routes) {
    it(`${route.name}: anonymous 401, member 403 (nothing changes), connector and admin allowed`, async () => {
      const a = await newAsset();
      // A second version so that restore has something to restore.
      const v2 = await send("PATCH", `/api/assets/${a.id}`, { version: a.version, description: "Second version" }, "connector");
      expect(v2.status, v2.text).toBe(200);
      const before = await getAsset(a.id);

      const anon = await route.call("anonymous", a.id, before.version);
      expect(expectError(anon, 401).code).toBe("unauthenticated");
      const mem = await route.call("member", a.id, before.version);
      expect(expectError(mem, 403).code).toBe("forbidden");
      expect((await getAsset(a.id)).version, "a refused write changes nothing").toBe(before.version);

      for (const who of ["connector", "admin"] as const) {
        const current = await getAsset(a.id);
        const res = await route.call(who, a.id, current.version);
        expect(res.status, `${who}: ${res.text.slice(0, 300)}`).toBe(route.ok);
      }
    });
  }

  it("JSON writes need Content-Type: application/json", async () => {
    const a = await newAsset();
    const res = await server.request(`/api/assets/${a.id}`, {
      method: "PATCH",
      headers: { Cookie: connector.cookie, "Content-Type": "text/plain" },
      body: JSON.stringify({ version: a.version, name: "Sneaky" }),
    });
    expectError(res, 400);
    const form = await server.request(`/api/assets/${a.id}/archive`, { method: "POST", headers: { Cookie: connector.cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "x=1" });
    expectError(form, 400);
    expect((await getAsset(a.id)).status).toBe("active");
    expect((await getAsset(a.id)).name).toBe(a.name);
  });

  it("other methods get 405 and unknown assets 404", async () => {
    expect((await send("DELETE", `/api/assets/${demoId}`, undefined, "connector")).status).toBe(405);
    expect((await send("PUT", "/api/assets", {}, "connector")).status).toBe(405);
    expectError(await send("PATCH", "/api/assets/00000000-0000-4000-8000-000000000000", { version: 1, name: "x" }, "connector"), 404);
    expectError(await send("POST", "/api/assets/00000000-0000-4000-8000-000000000000/verify", {}, "connector"), 404);
    expectError(await server.get("/api/assets/00000000-0000-4000-8000-000000000000/revisions", { headers: { Cookie: connector.cookie } }), 404);
  });
});

// ------------------------------------------------------------------ the write API's behaviour

describe("POST /api/assets", () => {
  it("creates an asset from the public shape, placed by postcode, visible in search at once", async () => {
    const res = await send(
      "POST",
      "/api/assets",
      {
        kind: "community_group",
        name: "Marmalade Wombat Knit and Natter",
        summary: "Knitting and a chat over tea",
        description: "Bring your own wool. Everyone welcome.",
        location: { address: "St Paul's Church Hall", postcode: "m33 7xx" },
        contact: { phone: "0161 912 2000", email: "knit@example.org" },
        cost: { free: true },
        age: { min: 16 },
        time_credits: { earn: "Help set up the room" },
        categories: ["social_group", "arts_music"],
        access: ["step_free", "hearing_loop"],
        opening_hours: "Tu 10:00-12:00",
      },
      "connector",
    );
    expect(res.status, res.text.slice(0, 500)).toBe(201);
    const a = res.body;
    expect(a).toMatchObject({
      kind: "community_group",
      name: "Marmalade Wombat Knit and Natter",
      status: "active",
      version: 1,
      location: { address: "St Paul's Church Hall", postcode: "M33 7XX", precision: "postcode_unit" },
      contact: { phone: "0161 912 2000", email: "knit@example.org", website: null },
      cost: { free: true, details: null },
      age: { min: 16, max: null },
      time_credits: { earn: "Help set up the room", spend: null },
      categories: ["arts_music", "social_group"],
      access: ["hearing_loop", "step_free"],
      opening_hours: "Tu 10:00-12:00",
      source: { dataset: "connector", title: "Added by Real Wealth connectors" },
      attribution: "Added by a Real Wealth connector",
    });
    expect(a.source.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.licence).toMatch(/CC BY 4\.0/);
    expect(Date.now() - Date.parse(a.verified_at)).toBeLessThan(60_000);
    const nextYear = new Date();
    nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
    expect(a.review_due.slice(0, 7)).toBe(nextYear.toISOString().slice(0, 7));
    expect(res.headers.get("location")).toBe(`/api/assets/${a.id}`);
    // In search as soon as the write returns.
    expect(await searchIds("q=marmalade+wombat")).toContain(a.id);
    expect(await searchIds("postcode=M33%207XX&radius_km=1&category=social_group")).toContain(a.id);
  });

  it("refuses bad input naming each field, and saves nothing", async () => {
    const count = () => new Database(server.dbPath, { readonly: true }).prepare("SELECT COUNT(*) FROM assets").pluck().get() as number;
    const before = count();
    const res = await send(
      "POST",
      "/api/assets",
      { kind: "spaceship", name: "", lat: 95, lng: -2, opening_hours: "whenever", age: { min: 10, max: 5 }, contact: { email: "nope" }, categories: ["nonsense"], colour: "red" },
      "connector",
    );
    const err = expectError(res, 400);
    for (const f of ["colour", "contact.email"]) expect(err.fields[f], f).toEqual(expect.any(String));
    const res2 = await send("POST", "/api/assets", { kind: "spaceship", name: "", lat: 95, lng: -2, opening_hours: "whenever", age: { min: 10, max: 5 }, categories: ["nonsense"] }, "connector");
    const err2 = expectError(res2, 400);
    for (const f of ["kind", "name", "lat", "opening_hours", "age", "categories.0"]) expect(err2.fields[f], `${f} in ${res2.text}`).toEqual(expect.any(String));
    expect(err2.message).toContain("opening_hours");
    const unknownPostcode = await send("POST", "/api/assets", { kind: "place", name: "Nowhere", location: { postcode: "ZZ99 9ZZ" } }, "connector");
    expectError(unknownPostcode, 400, "location.postcode");
    expect(count()).toBe(before);
  });

  it("accepts a record from GET /api/assets/:id as it is (read-only fields are ignored)", async () => {
    const original = await getAsset(demoId);
    const copy = await send("POST", "/api/assets", { ...original, name: "Copied Record For Round Trip" }, "connector");
    expect(copy.status, copy.text.slice(0, 400)).toBe(201);
    expect(copy.body.id).not.toBe(demoId);
    expect(copy.body).toMatchObject({ name: "Copied Record For Round Trip", kind: original.kind, categories: original.categories, lat: original.lat, lng: original.lng, version: 1 });
    expect(copy.body.source.dataset).toBe("connector");
    const again = await send("PATCH", `/api/assets/${copy.body.id}`, { ...copy.body }, "connector");
    expect(again.status, again.text.slice(0, 400)).toBe(200);
    const revs = (await server.get(`/api/assets/${copy.body.id}/revisions`, { headers: { Cookie: connector.cookie } })).body;
    expect(again.body.version, `sending the record back unchanged changes nothing: ${JSON.stringify(revs.revisions[0]?.changes)}`).toBe(1);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await server.request("/api/assets", { method: "POST", headers: { Cookie: connector.cookie, "Content-Type": "application/json" }, body: "{nope" });
    expect(expectError(res, 400).code).toBe("invalid_json");
  });
});

describe("PATCH /api/assets/:id", () => {
  it("saves changed fields, answers with the new version, and search sees it immediately", async () => {
    const a = await newAsset();
    const res = await send("PATCH", `/api/assets/${a.id}`, { version: a.version, name: "Tangerine Heron Gardening Club", contact: { website: "www.example.org" }, cost: { details: "£1 for tea" } }, "connector");
    expect(res.status, res.text.slice(0, 400)).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, version: a.version + 1, name: "Tangerine Heron Gardening Club", contact: { website: "www.example.org" }, cost: { details: "£1 for tea" } });
    expect(await searchIds("q=tangerine+heron")).toContain(a.id);
    expect(await searchIds(`q=${encodeURIComponent(a.name)}`)).not.toContain(a.id);
  });

  it("answers 409 with the current record when the version is stale, and changes nothing", async () => {
    const a = await newAsset();
    const first = await send("PATCH", `/api/assets/${a.id}`, { version: a.version, name: "First writer wins" }, "connector");
    expect(first.status, first.text).toBe(200);
    const second = await send("PATCH", `/api/assets/${a.id}`, { version: a.version, name: "Second writer" }, "admin");
    const err = expectError(second, 409);
    expect(err.code).toBe("version_conflict");
    expect(second.body.current).toMatchObject({ id: a.id, version: a.version + 1, name: "First writer wins" });
    expect((await getAsset(a.id)).name).toBe("First writer wins");
  });

  it("answers 400 naming each bad field, and nothing is half-saved", async () => {
    const a = await newAsset();
    const res = await send("PATCH", `/api/assets/${a.id}`, { version: a.version, description: "This part is fine", name: "", age: { min: 500 }, contact: { email: "not an email" } }, "connector");
    const err = expectError(res, 400);
    expect(err.fields).toMatchObject({ name: expect.any(String), "age.min": expect.any(String), "contact.email": expect.any(String) });
    const after = await getAsset(a.id);
    expect(after.version).toBe(a.version);
    expect(after.description).toBe("");
    expect(after.name).toBe(a.name);
    expectError(await send("PATCH", `/api/assets/${a.id}`, { name: "No version" }, "connector"), 400, "version");
  });

  it("moves a record placed by postcode when its postcode changes", async () => {
    const a = (await send("POST", "/api/assets", { kind: "place", name: "Postcode mover", location: { postcode: "M33 7XX" } }, "connector")).body;
    const res = await send("PATCH", `/api/assets/${a.id}`, { version: a.version, location: { postcode: "M41" } }, "connector");
    expect(res.status, res.text).toBe(200);
    expect(res.body.location).toMatchObject({ postcode: "M41", precision: "postcode_district" });
    expect(res.body.lat).not.toBeCloseTo(a.lat, 3);
  });
});

describe("verify, archive, revisions and restore", () => {
  it("verify: verified now, next review in 12 months, a new version", async () => {
    const res0 = await send("POST", `/api/assets/${demoId}/verify`, {}, "connector");
    expect(res0.status, res0.text).toBe(200);
    const a = res0.body;
    expect(Date.now() - Date.parse(a.verified_at)).toBeLessThan(60_000);
    const d = new Date(a.verified_at);
    const expected = new Date(Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate()));
    expect(a.review_due).toBe(expected.toISOString().slice(0, 10));
    const stale = await send("POST", `/api/assets/${demoId}/verify`, { version: a.version - 1 }, "connector");
    expect(expectError(stale, 409).code).toBe("version_conflict");
  });

  it("archive takes an asset out of search at once; unarchive brings it back", async () => {
    const a = await newAsset({ name: "Periwinkle Otter Lunch Club" });
    expect(await searchIds("q=periwinkle+otter")).toContain(a.id);
    const arch = await send("POST", `/api/assets/${a.id}/archive`, { version: a.version }, "connector");
    expect(arch.status, arch.text).toBe(200);
    expect(arch.body.status).toBe("archived");
    expect(await searchIds("q=periwinkle+otter")).not.toContain(a.id);
    expect(await searchIds("lat=53.4245&lng=-2.3239&radius_km=0.5")).not.toContain(a.id);
    // The record itself is still there (archive, not delete).
    expect((await getAsset(a.id)).status).toBe("archived");
    const back = await send("POST", `/api/assets/${a.id}/unarchive`, {}, "connector");
    expect(back.body.status).toBe("active");
    expect(await searchIds("q=periwinkle+otter")).toContain(a.id);
  });

  it("lists revisions newest first (who, action, field changes) and restores an earlier version", async () => {
    const a = await newAsset({ name: "Saffron Badger Walking Group" });
    await send("PATCH", `/api/assets/${a.id}`, { version: 1, name: "Crimson Badger Walking Group", contact: { phone: "0161 000 0000" } }, "connector");
    await send("POST", `/api/assets/${a.id}/archive`, {}, "admin");
    const revs = await server.get(`/api/assets/${a.id}/revisions`, { headers: { Cookie: connector.cookie } });
    expect(revs.status, revs.text).toBe(200);
    expect(revs.body).toMatchObject({ asset_id: a.id, version: 3, total: 3 });
    expect(revs.body.revisions.map((r: any) => [r.version, r.action])).toEqual([
      [3, "archive"],
      [2, "update"],
      [1, "create"],
    ]);
    expect(revs.body.revisions[0].user).toMatchObject({ email: "admin@example.org", name: "Ada Admin" });
    expect(revs.body.revisions[1].user).toMatchObject({ email: "connector@example.org" });
    expect(revs.body.revisions[1].changes).toEqual(
      expect.arrayContaining([
        { field: "name", old: "Saffron Badger Walking Group", new: "Crimson Badger Walking Group" },
        { field: "phone", old: null, new: "0161 000 0000" },
      ]),
    );

    const restored = await send("POST", `/api/assets/${a.id}/restore`, { version: 1 }, "connector");
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body).toMatchObject({ version: 4, name: "Saffron Badger Walking Group", contact: { phone: null }, status: "archived" });
    const after = await server.get(`/api/assets/${a.id}/revisions`, { headers: { Cookie: connector.cookie } });
    expect(after.body.revisions[0]).toMatchObject({ version: 4, action: "restore", note: "Restored version 1" });
    // Restoring a version that does not exist, or with a stale expected version, changes nothing.
    expectError(await send("POST", `/api/assets/${a.id}/restore`, { version: 99 }, "connector"), 404);
    expectError(await send("POST", `/api/assets/${a.id}/restore`, { version: 2, expected_version: 1 }, "connector"), 409);
    expectError(await send("POST", `/api/assets/${a.id}/restore`, {}, "connector"), 400, "version");
    expect((await getAsset(a.id)).version).toBe(4);
  });

  it("an imported record gets a baseline revision on its first edit, so it can be restored", async () => {
    const before = await getAsset(demoId);
    const res = await send("PATCH", `/api/assets/${demoId}`, { version: before.version, summary: "A summary written by a connector" }, "connector");
    expect(res.status, res.text).toBe(200);
    const revs = (await server.get(`/api/assets/${demoId}/revisions`, { headers: { Cookie: admin.cookie } })).body.revisions as any[];
    const edit = revs.find((r) => r.version === res.body.version);
    expect(edit.changes.map((c: any) => c.field)).toEqual(["summary"]);
    const restore = await send("POST", `/api/assets/${demoId}/restore`, { version: before.version }, "connector");
    expect(restore.status, restore.text).toBe(200);
    expect(restore.body.summary).toBe(before.summary);
  });
});

// ------------------------------------------------------------------ access rules: the pages

describe("access rules on the connector pages", () => {
  const pages = () => ["/connect", "/connect/assets/new", `/assets/${demoId}/edit`, `/assets/${demoId}/history`];

  it("anonymous visitors are sent to sign in; members get 403; connectors and admins get the page", async () => {
    for (const path of pages()) {
      expectSignInRedirect(await pageGet(path, "anonymous"), path);
      const m = await pageGet(path, "member");
      expect(m.status, `${path} as a member`).toBe(403);
      for (const who of ["connector", "admin"] as const) {
        const res = await pageGet(path, who);
        expect(res.status, `${path} as ${who}: ${res.text.slice(0, 300)}`).toBe(200);
        expect(res.text).toMatch(/name="csrf" value="[^"]+"/);
      }
    }
  });

  it("posts to every page: anonymous → sign in, member → 403, and nothing changes", async () => {
    const before = await getAsset(demoId);
    const targets: [string, [string, string][]][] = [
      ["/connect?index", [["intent", "verify"], ["id", demoId]]],
      ["/connect/assets/new", [["kind", "place"], ["name", "Should not exist"], ["location_mode", "pin"], ["lat", "53.4"], ["lng", "-2.3"]]],
      [`/assets/${demoId}/edit`, [["version", String(before.version)], ["kind", "place"], ["name", "Hijacked"], ["location_mode", "pin"], ["lat", "53.4"], ["lng", "-2.3"]]],
      [`/assets/${demoId}/history`, [["version", "1"]]],
      [`/assets/${demoId}`, [["intent", "archive"]]],
      [`/assets/${demoId}`, [["intent", "verify"]]],
    ];
    const anon = await formSession("anonymous");
    const mem = await formSession("member");
    for (const [path, fields] of targets) {
      expectSignInRedirect(await postForm(path, anon, fields), `POST ${path}`);
      const m = await postForm(path, mem, fields);
      expect(m.status, `POST ${path} as a member: ${m.text.slice(0, 200)}`).toBe(403);
    }
    const after = await getAsset(demoId);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe("active");
    expect(await searchIds("q=should+not+exist")).toEqual([]);
  });

  it("shows the connector buttons on the public page only to connectors and admins", async () => {
    for (const who of ["anonymous", "member"] as const) {
      const res = await pageGet(`/assets/${demoId}`, who);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain("Still correct");
      expect(res.text).not.toContain(`/assets/${demoId}/edit`);
      expect(res.text).not.toContain(`/assets/${demoId}/history`);
    }
    for (const who of ["connector", "admin"] as const) {
      const res = await pageGet(`/assets/${demoId}`, who);
      expect(res.text).toContain("Still correct");
      expect(res.text).toContain(`href="/assets/${demoId}/edit"`);
      expect(res.text).toContain(`href="/assets/${demoId}/history"`);
      expect(res.text).toContain("Archive (it has closed)");
    }
  });

  it("refuses a form without the CSRF token, keeping what was typed", async () => {
    const s = await formSession("connector");
    const res = await postForm("/connect/assets/new", s, [["kind", "place"], ["name", "Forgotten Token Allotments"], ["location_mode", "postcode"], ["postcode", "M33 7XX"]], { csrf: false });
    expect(res.status).toBe(403);
    expect(res.text).toContain("This form has expired");
    expect(res.text).toContain('value="Forgotten Token Allotments"');
    expect(await searchIds("q=forgotten+token")).toEqual([]);
  });
});

// ------------------------------------------------------------------ the pages' behaviour

describe("the asset form pages", () => {
  it("adds an asset by postcode and redirects to its page with a Saved notice", async () => {
    const s = await formSession("connector");
    const res = await postForm("/connect/assets/new", s, [
      ["kind", "community_group"],
      ["name", "Lavender Pangolin Repair Cafe"],
      ["summary", "Bring broken things; we fix them together"],
      ["categories", "social_group"],
      ["categories", "environment"],
      ["location_mode", "postcode"],
      ["postcode", "m33 7xx"],
      ["hours_mode", "weekly"],
      ["hours.sa.state", "open"],
      ["hours.sa.from1", "10am"],
      ["hours.sa.to1", "1pm"],
      ["cost.free", "yes"],
      ["access", "step_free"],
      ["changing_places.hoist", ""],
    ]);
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/assets\/[0-9a-f-]{36}\?done=created$/);
    const id = location.split("/")[2].split("?")[0];
    const a = await getAsset(id);
    expect(a).toMatchObject({ name: "Lavender Pangolin Repair Cafe", opening_hours: "Sa 10:00-13:00", cost: { free: true }, location: { postcode: "M33 7XX", precision: "postcode_unit" }, categories: ["environment", "social_group"] });
    const page = await server.get(location, { headers: { Cookie: s.cookie } });
    expect(page.text).toContain("Saved. The new asset is in the directory and in search now.");
    expect(await searchIds("q=lavender+pangolin")).toContain(id);
  });

  it("shows field-level errors (naming the day for hours) and keeps what was typed", async () => {
    const s = await formSession("connector");
    const res = await postForm("/connect/assets/new", s, [
      ["kind", "community_group"],
      ["name", "Indigo Yak Book Club"],
      ["description", "We read <b>books</b> & talk"],
      ["location_mode", "postcode"],
      ["postcode", "ZZ99 9ZZ"],
      ["hours_mode", "weekly"],
      ["hours.tu.state", "open"],
      ["hours.tu.from1", "7pm"],
      ["hours.tu.to1", "5pm"],
      ["age.min", "ten"],
      ["email", "books at example"],
    ]);
    expect(res.status).toBe(400);
    const html = decode(res.text);
    expect(html).toContain("There is a problem");
    expect(html).toContain("Tuesday: the closing time must be after the opening time");
    expect(html).toContain("Youngest age must be a whole number");
    expect(html).toContain("Email must be an email address");
    expect(html).toMatch(/We do not know the postcode ZZ99 9ZZ|Enter a real postcode/);
    expect(res.text).toContain('href="#f-hours-tu"');
    expect(res.text).toContain('id="f-hours-tu"');
    // What was typed is still there (and HTML is escaped, not run).
    expect(res.text).toContain('value="Indigo Yak Book Club"');
    expect(res.text).toContain("We read &lt;b&gt;books&lt;/b&gt; &amp; talk");
    expect(res.text).toContain('value="7pm"');
    expect(res.text).toContain('value="books at example"');
    expect(await searchIds("q=indigo+yak")).toEqual([]);
  });

  it("edits an asset; a stale save shows the conflict (theirs vs yours) and keeps the input; saving again works", async () => {
    const a = await newAsset({ name: "Copper Walrus Choir" });
    const editPage = await pageGet(`/assets/${a.id}/edit`, "connector");
    expect(editPage.status).toBe(200);
    expect(editPage.text).toContain('name="version" value="1"');
    expect(editPage.text).toContain('value="Copper Walrus Choir"');

    const base: [string, string][] = [["kind", "community_group"], ["location_mode", "pin"], ["lat", "53.4245"], ["lng", "-2.3239"], ["hours_mode", "unknown"]];
    const first = await postForm(`/assets/${a.id}/edit`, await formSession("connector"), [...base, ["version", "1"], ["name", "Copper Walrus Singers"]]);
    expect(first.status, first.text.slice(0, 300)).toBe(303);
    expect(first.headers.get("location")).toBe(`/assets/${a.id}?done=saved`);

    const s2 = await formSession("admin");
    const second = await postForm(`/assets/${a.id}/edit`, s2, [...base, ["version", "1"], ["name", "Copper Walrus Chorus"], ["phone", "0161 111 2222"]]);
    expect(second.status).toBe(409);
    const html = decode(second.text);
    expect(html).toContain("Someone else changed this record while you were editing");
    expect(html).toContain("Cara Connector saved");
    expect(html).toMatch(/<th scope="row">Name<\/th><td>Copper Walrus Singers<\/td><td>Copper Walrus Chorus<\/td>/);
    expect(second.text).toContain('value="Copper Walrus Chorus"');
    expect(second.text).toContain('value="0161 111 2222"');
    expect(second.text).toContain('name="version" value="2"');
    expect((await getAsset(a.id)).name).toBe("Copper Walrus Singers");

    const third = await postForm(`/assets/${a.id}/edit`, s2, [...base, ["version", "2"], ["name", "Copper Walrus Chorus"], ["phone", "0161 111 2222"]]);
    expect(third.status, third.text.slice(0, 300)).toBe(303);
    expect(await getAsset(a.id)).toMatchObject({ name: "Copper Walrus Chorus", version: 3, contact: { phone: "0161 111 2222" } });
    expect(await searchIds("q=copper+walrus+chorus")).toContain(a.id);
  });

  it("saving an imported record without changes changes nothing", async () => {
    const before = await getAsset(demoId);
    const page = await pageGet(`/assets/${demoId}/edit`, "connector");
    // Post back exactly what the form shows.
    const fields: [string, string][] = [];
    for (const m of page.text.matchAll(/<input[^>]*>/g)) {
      const tag = m[0];
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      if (!name || name === "csrf") continue;
      const type = /type="([^"]+)"/.exec(tag)?.[1] ?? "text";
      const value = decode(/value="([^"]*)"/.exec(tag)?.[1] ?? "");
      if ((type === "checkbox" || type === "radio") && !/ checked=""/.test(tag)) continue;
      fields.push([name, value]);
    }
    for (const m of page.text.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields.push([m[1], decode(m[2])]);
    for (const m of page.text.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const selected = /<option[^>]*value="([^"]*)"[^>]*selected=""/.exec(m[2])?.[1] ?? /<option[^>]*value="([^"]*)"/.exec(m[2])?.[1] ?? "";
      fields.push([m[1], decode(selected)]);
    }
    const res = await postForm(`/assets/${demoId}/edit`, await formSession("connector"), fields);
    expect(res.status, decode(res.text).match(/There is a problem[\s\S]{0,600}/)?.[0] ?? res.text.slice(0, 200)).toBe(303);
    const revs = (await server.get(`/api/assets/${demoId}/revisions`, { headers: { Cookie: admin.cookie } })).body.revisions as any[];
    expect(res.headers.get("location"), JSON.stringify(revs[0])).toBe(`/assets/${demoId}?done=unchanged`);
    expect((await getAsset(demoId)).version).toBe(before.version);
  });

  it("the history page lists changes in plain words and restores a version with one button", async () => {
    const a = await newAsset({ name: "Velvet Puffin Dance Class" });
    await send("PATCH", `/api/assets/${a.id}`, { version: 1, name: "Velvet Puffin Disco", cost: { free: false, details: "£3" } }, "connector2");
    const hist = await pageGet(`/assets/${a.id}/history`, "admin");
    expect(hist.status).toBe(200);
    const html = decode(hist.text);
    expect(html).toMatch(/Version 2: Edited/);
    expect(html).toMatch(/Version 1: Added/);
    expect(html).toContain("<strong>Name</strong> changed from “Velvet Puffin Dance Class” to “Velvet Puffin Disco”");
    expect(html).toContain("Restore this version");
    expect(html.indexOf("Version 2")).toBeLessThan(html.indexOf("Version 1"));
    const s = await formSession("connector");
    const res = await postForm(`/assets/${a.id}/history`, s, [["version", "1"], ["expected", "2"]]);
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    expect(res.headers.get("location")).toBe(`/assets/${a.id}?done=restored&version=1`);
    expect(await getAsset(a.id)).toMatchObject({ name: "Velvet Puffin Dance Class", version: 3, cost: { free: null, details: null } });
    // A stale restore is refused with a message.
    const stale = await postForm(`/assets/${a.id}/history`, s, [["version", "2"], ["expected", "2"]]);
    expect(stale.status).toBe(409);
    expect((await getAsset(a.id)).version).toBe(3);
  });

  it("the buttons on the public page verify and archive (with CSRF)", async () => {
    const a = await newAsset({ name: "Cobalt Lemur Coffee Morning" });
    const s = await formSession("connector");
    const noToken = await postForm(`/assets/${a.id}`, s, [["intent", "archive"], ["version", "1"]], { csrf: false });
    expect(noToken.status).toBe(403);
    const arch = await postForm(`/assets/${a.id}`, s, [["intent", "archive"], ["version", "1"]]);
    expect(arch.status, arch.text.slice(0, 300)).toBe(303);
    expect(arch.headers.get("location")).toBe(`/assets/${a.id}?done=archived`);
    expect(await searchIds("q=cobalt+lemur")).toEqual([]);
    const page = await server.get(`/assets/${a.id}?done=archived`, { headers: { Cookie: s.cookie } });
    expect(page.text).toContain("no longer appears in search");
    expect(page.text).toContain("Bring back from the archive");
    const back = await postForm(`/assets/${a.id}`, s, [["intent", "unarchive"], ["version", "2"]]);
    expect(back.status).toBe(303);
    const ver = await postForm(`/assets/${a.id}`, s, [["intent", "verify"], ["version", "3"]]);
    expect(ver.status).toBe(303);
    expect(await getAsset(a.id)).toMatchObject({ status: "active", version: 4 });
    expect(await searchIds("q=cobalt+lemur")).toContain(a.id);
  });
});

describe("the connector dashboard", () => {
  it("lists assets due for review nearest first with counts, and marks one as still correct", async () => {
    const res = await pageGet("/connect", "connector");
    expect(res.status).toBe(200);
    const html = decode(res.text);
    expect(html).toContain("Add a new asset");
    expect(html).toMatch(/<strong>\d+<\/strong> overdue/);
    expect(html).toMatch(/due in the next 30 days/);
    expect(html).toContain("the middle of Trafford");
    const distances = [...html.matchAll(/· ([\d.]+) (km|m) away/g)].map((m) => Number(m[1]) * (m[2] === "m" ? 0.001 : 1));
    expect(distances.length).toBeGreaterThan(1);
    expect([...distances].sort((x, y) => x - y)).toEqual(distances);
    const firstId = /name="id" value="([^"]+)"/.exec(res.text)![1];
    const version = /name="version" value="(\d+)"/.exec(res.text)![1];

    const s = await formSession("connector");
    const post = await postForm("/connect?index", s, [["intent", "verify"], ["id", firstId], ["version", version], ["page", "1"], ["radius", "10"]]);
    expect(post.status, post.text.slice(0, 300)).toBe(303);
    expect(post.headers.get("location")).toContain("done=verified");
    const after = await getAsset(firstId);
    expect(Date.now() - Date.parse(after.verified_at)).toBeLessThan(60_000);
    const again = await pageGet(post.headers.get("location")!, "connector");
    expect(decode(again.text)).toContain("as still correct");
    expect(again.text).not.toContain(`name="id" value="${firstId}"`);
  });

  it("sets the connector's area by postcode (and refuses a bad one)", async () => {
    const s = await formSession("connector2");
    const bad = await postForm("/connect?index", s, [["intent", "area"], ["area_postcode", "nonsense"], ["radius", "5"]]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Enter a real postcode");
    const good = await postForm("/connect?index", s, [["intent", "area"], ["area_postcode", "m41"], ["radius", "5"]]);
    expect(good.status).toBe(303);
    const db = new Database(server.dbPath, { readonly: true });
    expect(db.prepare("SELECT area_postcode FROM users WHERE email = ?").pluck().get("connector2@example.org")).toBe("M41");
    db.close();
    const page = await server.get("/connect?radius=5", { headers: { Cookie: connector2.cookie } });
    expect(decode(page.text)).toContain("within 5 km of M41");
  });
});

// ------------------------------------------------------------------ rate limit

describe("rate limits", () => {
  it("limits writes per user (120 a minute), with Retry-After", async () => {
    const busy = await createTestUser(server.dbPath, { email: "busy@example.org", role: "connector" });
    const a = await newAsset();
    let limited: HttpResult | null = null;
    for (let i = 0; i < 130 && !limited; i++) {
      const res = await server.request(`/api/assets/${a.id}/verify`, { method: "POST", headers: { Cookie: busy.cookie, "Content-Type": "application/json" }, body: "{}" });
      if (res.status === 429) limited = res;
      else expect(res.status, res.text.slice(0, 200)).toBe(200);
    }
    expect(limited, "the 121st write in a minute is refused").not.toBeNull();
    expect(limited!.body.error.code).toBe("rate_limited");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another user is not affected.
    expect((await send("POST", `/api/assets/${a.id}/verify`, {}, "connector")).status).toBe(200);
  });
});
