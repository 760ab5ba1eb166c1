// Security headers (issue 16, defect 8), over real HTTP: every HTML page carries a strict
// Content-Security-Policy whose nonce is on every inline script Remix writes, and everything a
// signed-in person is shown (users, suggestions with submitters' emails, revisions with editors'
// emails, every page with their name in the header) is `Cache-Control: private, no-store`.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type HttpResult, type TestServer, type TestUser } from "../helpers/server";
import { getAs } from "../helpers/forms";

let server: TestServer;
let connector: TestUser;
let admin: TestUser;
let member: TestUser;
let assetId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMITS: "off" } });
  [connector, admin, member] = await Promise.all([
    createTestUser(server.dbPath, { email: "connector@headers.test", role: "connector" }),
    createTestUser(server.dbPath, { email: "admin@headers.test", role: "admin" }),
    createTestUser(server.dbPath, { email: "member@headers.test", role: "member" }),
  ]);
  const d = new Database(server.dbPath, { readonly: true });
  try {
    assetId = d.prepare("SELECT id FROM assets LIMIT 1").pluck().get() as string;
  } finally {
    d.close();
  }
});

afterAll(async () => {
  await server?.stop();
});

function directives(res: HttpResult): Map<string, string[]> {
  const csp = res.headers.get("content-security-policy");
  expect(csp, "a Content-Security-Policy header").toBeTruthy();
  return new Map(csp!.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("Content-Security-Policy on HTML pages", () => {
  it("the search page allows scripts only from the site or with this page's nonce, and tiles from the tile server", async () => {
    const res = await getAs(server, "/");
    expect(res.status).toBe(200);
    const d = directives(res);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    for (const name of ["connect-src", "frame-ancestors", "form-action", "base-uri", "style-src"]) expect(d.get(name), name).toEqual(["'self'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:", server.tiles.origin]);
    const script = d.get("script-src")!;
    expect(script.join(" ")).not.toMatch(/unsafe/);
    const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(script.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
    expect(nonce, script.join(" ")).toBeTruthy();
    // Every inline script carries the nonce; nothing else would run.
    const inline = [...res.text.matchAll(/<script\b([^>]*)>(?!<\/script>)/g)].filter((m) => !/\bsrc=/.test(m[1]));
    expect(inline.length).toBeGreaterThan(0);
    for (const m of inline) expect(m[1], m[0]).toContain(`nonce="${nonce}"`);
    // No style attributes in the HTML: style-src has no 'unsafe-inline'.
    expect(res.text).not.toMatch(/\sstyle="/);
  });

  it("each page gets its own nonce, error pages included", async () => {
    const nonceOf = (r: HttpResult) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    const [a, b, missing] = await Promise.all([getAs(server, "/about"), getAs(server, "/about"), getAs(server, "/no-such-page")]);
    expect(nonceOf(a)).toBeTruthy();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(missing.status).toBe(404);
    expect(nonceOf(missing)).toBeTruthy();
  });

  it("pages with forms have no style attribute (the honeypot is hidden by a class)", async () => {
    const res = await getAs(server, "/suggest");
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="website_url"');
    expect(res.text).not.toMatch(/\sstyle="/);
  });
});

describe("Cache-Control: private, no-store on what signed-in people see", () => {
  const expectPrivate = (res: HttpResult, what: string) => {
    expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBe(200);
    expect(res.headers.get("cache-control"), what).toBe("private, no-store");
  };

  it("/admin/users (page and its data request)", async () => {
    expectPrivate(await getAs(server, "/admin/users", admin.cookie), "page");
    expectPrivate(await getAs(server, "/admin/users?_data=routes%2Fadmin.users", admin.cookie), "data");
  });

  it("/connect/suggestions and /connect", async () => {
    expectPrivate(await getAs(server, "/connect/suggestions", connector.cookie), "suggestions");
    expectPrivate(await getAs(server, "/connect/suggestions?_data=routes%2Fconnect_.suggestions._index", connector.cookie), "suggestions data");
    expectPrivate(await getAs(server, "/connect", connector.cookie), "dashboard");
  });

  it("/api/assets/:id/revisions", async () => {
    expectPrivate(await getAs(server, `/api/assets/${assetId}/revisions`, connector.cookie), "revisions");
  });

  it("any page or answer for a signed-in person that sets no Cache-Control of its own", async () => {
    expectPrivate(await getAs(server, "/about", member.cookie), "about, signed in");
    expectPrivate(await getAs(server, "/api/session", member.cookie), "session");
    expectPrivate(await getAs(server, `/assets/${assetId}`, member.cookie), "asset page, signed in");
  });

  it("public answers keep their own caching", async () => {
    const photo = await getAs(server, "/about");
    expect(photo.headers.get("cache-control") ?? "").not.toContain("private");
    const search = await getAs(server, "/api/search?postcode=M33%207XX", member.cookie);
    expect(search.headers.get("cache-control")).toBe("no-store");
  });
});
