// Request bodies over real sockets (issue 16, defects 4, 6 and 7): body limits enforced while the
// body streams in (413, nothing read past the limit), the connection left usable after a refused
// body, and every bad form post a 4xx that stores nothing, never a 500.
import http from "node:http";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "../helpers/server";
import { formSession, type FormSession } from "../helpers/forms";

let server: TestServer;
let member: TestUser;
let session: FormSession;
/** A visitor who is not signed in (the sign-in pages send a signed-in person elsewhere). */
let anonymous: FormSession;
let profileId = "";
let planId = "";

const KB = 1024;
const MB = 1024 * KB;

const PROFILE_FORM = { display_name: "Bodies", postcode: "M33 7XX", max_travel_km: "5", age: "30", interests: "walking" };

beforeAll(async () => {
  server = await startTestServer();
  member = await createTestUser(server.dbPath, { email: "bodies@example.org", role: "member", password: "a long enough password" });
  session = await formSession(server, member.cookie, "/profiles/new");
  anonymous = await formSession(server, undefined, "/signin");
  const made = await server.request("/profiles/new", {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: session.cookie },
    body: new URLSearchParams({ csrf: session.csrf, ...PROFILE_FORM }).toString(),
  });
  expect(made.status, made.text.slice(0, 300)).toBe(303);
  planId = /\/plans\/([^?]+)/.exec(made.headers.get("location")!)![1];
  const plan = await server.get(`/plans/${planId}`, { headers: { Cookie: session.cookie } });
  profileId = /href="\/profiles\/([0-9a-f-]{36})"/.exec(plan.text)![1];
});

afterAll(async () => {
  await server?.stop();
});

// ------------------------------------------------------------------ raw HTTP

interface RawResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Whether the request went over a connection an earlier request used. */
  reused: boolean;
  ms: number;
  /** Body bytes the client had written when the answer arrived (streamed bodies). */
  sentBeforeAnswer: number;
}

interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A whole body, sent with its Content-Length (unless the headers say otherwise). */
  body?: string | Buffer;
  /** Or a body streamed in chunks of 64 KB (Transfer-Encoding: chunked), up to this many bytes. */
  stream?: { bytes: number; byte?: string };
  /** Or a declared Content-Length of which only the first KB is sent. */
  declareOnly?: number;
  agent?: http.Agent;
  timeoutMs?: number;
}

/** One request over node:http, so the test controls the connection and how the body is sent. */
function raw(opts: RawRequest): Promise<RawResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined && !("Content-Length" in headers)) headers["Content-Length"] = Buffer.byteLength(opts.body);
    if (opts.declareOnly !== undefined) headers["Content-Length"] = opts.declareOnly;
    let sent = 0;
    let answered = false;
    let sentBeforeAnswer = 0;
    const req = http.request({ host: "127.0.0.1", port: server.port, method: opts.method ?? "POST", path: opts.path, headers, agent: opts.agent ?? false });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${opts.method ?? "POST"} ${opts.path}: no answer within ${opts.timeoutMs ?? 5000} ms`));
    }, opts.timeoutMs ?? 5000);
    req.on("error", (e) => {
      if (!answered) {
        clearTimeout(timer);
        reject(e);
      }
    });
    req.on("response", (res) => {
      answered = true;
      sentBeforeAnswer = sent;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("error", reject);
      res.on("end", () => {
        clearTimeout(timer);
        // A body we were still sending is not wanted any more.
        if (opts.stream || opts.declareOnly !== undefined) req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, reused: req.reusedSocket, ms: Date.now() - started, sentBeforeAnswer });
      });
    });
    if (opts.stream) {
      const chunk = Buffer.alloc(64 * KB, opts.stream.byte ?? "a");
      const total = opts.stream.bytes;
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!answered) req.end();
      };
      pump();
    } else if (opts.declareOnly !== undefined) {
      req.write(Buffer.alloc(KB, "a"));
      sent = KB;
    } else {
      req.end(opts.body);
    }
  });
}

const json = { "Content-Type": "application/json" };
const urlencoded = { "Content-Type": "application/x-www-form-urlencoded" };

function jsonError(r: RawResult) {
  return (JSON.parse(r.text) as { error: { code: string; message: string } }).error;
}

// ------------------------------------------------------------------ defect 4

describe("body limits, enforced while the body streams in", () => {
  const JSON_ROUTES = ["/api/session", "/api/budget/estimate", "/api/budget/costs", "/api/match", "/api/suggestions"];

  it("refuses a declared Content-Length over 256 KB with 413 before reading the body (JSON API)", async () => {
    for (const path of JSON_ROUTES) {
      const r = await raw({ path, headers: json, declareOnly: 50 * MB, timeoutMs: 3000 });
      expect(r.status, `${path}: ${r.text}`).toBe(413);
      expect(jsonError(r)).toMatchObject({ code: "too_large" });
      expect(jsonError(r).message).toMatch(/256 KB/);
    }
  });

  it("counts a chunked JSON body while it arrives and answers 413 without reading the rest", async () => {
    for (const path of JSON_ROUTES) {
      const r = await raw({ path, headers: json, stream: { bytes: 64 * MB, byte: " " }, timeoutMs: 10_000 });
      expect(r.status, `${path}: ${r.text}`).toBe(413);
      expect(jsonError(r).code).toBe("too_large");
      // The answer came long before the 64 MB were sent: the server stopped reading at the limit
      // (what was sent meanwhile sits in socket buffers).
      expect(r.sentBeforeAnswer, path).toBeLessThan(24 * MB);
    }
  });

  it("still takes a JSON body just under the limit", async () => {
    const body = JSON.stringify({ email: "bodies@example.org", password: "a long enough password", pad: "x".repeat(250 * KB) });
    const r = await raw({ path: "/api/session", headers: json, body });
    expect(r.status, r.text).toBe(200);
  });

  it("refuses a page form over 256 KB (declared or chunked) with a 413 error page", async () => {
    const headers = { ...urlencoded, Cookie: session.cookie };
    for (const path of ["/suggest", "/signin", `/plans/${planId}`, `/profiles/${profileId}`]) {
      const declared = await raw({ path, headers, declareOnly: 50 * MB, timeoutMs: 3000 });
      expect(declared.status, `${path}: ${declared.text.slice(0, 200)}`).toBe(413);
      expect(declared.headers["content-type"]).toMatch(/text\/html/);
      expect(declared.text).toMatch(/too large/);
      const chunked = await raw({ path, headers, stream: { bytes: 64 * MB }, timeoutMs: 10_000 });
      expect(chunked.status, path).toBe(413);
      expect(chunked.sentBeforeAnswer, path).toBeLessThan(24 * MB);
    }
  });
});

// ------------------------------------------------------------------ defect 7

describe("a refused body leaves the connection usable", () => {
  async function refusedThenGet(first: RawRequest, expectStatus: number) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await raw({ ...first, agent });
      expect(refused.status, refused.text.slice(0, 200)).toBe(expectStatus);
      const next = await raw({ method: "GET", path: "/api/search?limit=1", agent, timeoutMs: 4000 });
      expect(next.status).toBe(200);
      expect(next.ms).toBeLessThan(1500);
      return { refused, next };
    } finally {
      agent.destroy();
    }
  }

  it("answers the next request on the same keep-alive connection at once after a 401 with an unread body", async () => {
    const { next } = await refusedThenGet({ path: "/api/assets", headers: json, body: JSON.stringify({ pad: "x".repeat(200 * KB) }) }, 401);
    expect(next.reused).toBe(true);
  });

  it("keeps the connection after refusing a declared body a little over the limit", async () => {
    const { next } = await refusedThenGet({ path: "/api/session", headers: json, body: " ".repeat(300 * KB) }, 413);
    expect(next.reused).toBe(true);
  });

  it("keeps the connection after refusing a page form a little over the limit", async () => {
    const { next } = await refusedThenGet({ path: "/suggest", headers: { ...urlencoded, Cookie: session.cookie }, body: "a".repeat(300 * KB) }, 413);
    expect(next.reused).toBe(true);
  });

  it("closes the connection cleanly after refusing a large chunked body, and the next request is answered at once", async () => {
    const { refused } = await refusedThenGet({ path: "/api/session", headers: json, stream: { bytes: 8 * MB, byte: " " }, timeoutMs: 10_000 }, 413);
    expect(refused.headers.connection).toBe("close");
  });
});

// ------------------------------------------------------------------ defect 6

describe("bad form posts get a 4xx and store nothing, never a 500", () => {
  function snapshot() {
    const d = new Database(server.dbPath, { readonly: true });
    try {
      const count = (t: string) => d.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get();
      const tables = ["users", "sessions", "suggestions", "password_resets", "profiles", "plans", "plan_members", "plan_outcomes", "plan_items", "profile_connectors"];
      return {
        counts: Object.fromEntries(tables.map((t) => [t, count(t)])),
        profiles: d.prepare("SELECT id, display_name, data, updated_at FROM profiles ORDER BY id").all(),
        plans: d.prepare("SELECT * FROM plans ORDER BY id").all(),
      };
    } finally {
      d.close();
    }
  }

  /** Each route, who posts to it, and fields that would store something if the post were accepted. */
  const routes = (): { path: string; as: FormSession; fields: Record<string, string> }[] => [
    { path: "/signin", as: anonymous, fields: { email: "bodies@example.org", password: "a long enough password", next: "/" } },
    { path: "/signup", as: anonymous, fields: { email: "new-bodies@example.org", name: "New", password: "another long password", confirm: "another long password" } },
    { path: "/suggest", as: anonymous, fields: { message: "A choir in Sale on Tuesdays", name: "Sale choir", postcode: "M33 7XX" } },
    { path: "/reset-password", as: anonymous, fields: { email: "bodies@example.org" } },
    { path: "/signout", as: session, fields: {} },
    { path: "/profiles/new", as: session, fields: { ...PROFILE_FORM, display_name: "Not stored" } },
    { path: `/profiles/${profileId}`, as: session, fields: { intent: "save", ...PROFILE_FORM, display_name: "Not stored" } },
    { path: `/plans/${planId}`, as: session, fields: { intent: "add_member", name: "Not stored", relationship: "friend" } },
  ];

  const form = (fields: Record<string, string>, csrf: string | null) => new URLSearchParams({ ...(csrf === null ? {} : { csrf }), ...fields }).toString();

  it("answers a JSON body, another content type, or a foreign Origin with a 4xx page", async () => {
    const before = snapshot();
    for (const { path, as, fields } of routes()) {
      const cases: [string, RawRequest, number][] = [
        ["JSON body", { path, headers: { ...json, Cookie: as.cookie }, body: JSON.stringify({ csrf: as.csrf, ...fields }) }, 415],
        ["text/plain body", { path, headers: { "Content-Type": "text/plain", Cookie: as.cookie }, body: form(fields, as.csrf) }, 415],
        ["no Content-Type", { path, headers: { Cookie: as.cookie }, body: form(fields, as.csrf) }, 415],
        ["foreign Origin", { path, headers: { ...urlencoded, Cookie: as.cookie, Origin: "https://evil.example" }, body: form(fields, as.csrf) }, 403],
        ["Origin: null", { path, headers: { ...urlencoded, Cookie: as.cookie, Origin: "null" }, body: form(fields, as.csrf) }, 403],
        ["unparseable Origin", { path, headers: { ...urlencoded, Cookie: as.cookie, Origin: "not a url" }, body: form(fields, as.csrf) }, 403],
      ];
      for (const [what, req, status] of cases) {
        const r = await raw(req);
        expect(r.status, `${what} to ${path}: ${r.text.slice(0, 200)}`).toBe(status);
        // A page (a resource route such as /signout answers the message as plain text).
        expect(r.headers["content-type"], `${what} to ${path}`).toMatch(/text\/(html|plain)/);
        expect(r.text, `${what} to ${path}`).not.toMatch(/Something went wrong on our side/);
      }
    }
    expect(snapshot()).toEqual(before);
  });

  it("answers a missing or wrong CSRF token with 403 and the form-expired message", async () => {
    const before = snapshot();
    for (const { path, as, fields } of routes()) {
      for (const [what, csrf] of [["no token", null], ["wrong token", "x".repeat(43)], ["empty token", ""]] as const) {
        const r = await raw({ path, headers: { ...urlencoded, Cookie: as.cookie }, body: form(fields, csrf) });
        expect(r.status, `${what} to ${path}: ${r.text.slice(0, 200)}`).toBe(403);
        expect(r.text.replace(/&#x27;/g, "'"), `${what} to ${path}`).toMatch(/This form has expired/);
      }
    }
    expect(snapshot()).toEqual(before);
    // The session the refused sign-out carried still works.
    const me = await raw({ method: "GET", path: "/api/session", headers: { Cookie: member.cookie } });
    expect(me.status).toBe(200);
  });
});
