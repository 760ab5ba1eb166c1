// Accounts over real HTTP: sign in and out (API and forms), cookies, rate limits, sign-up with
// CSRF and honeypot, password reset through the log mailer, sessions revoked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, runServe, startTestServer, type TestServer } from "../helpers/server";
import { formSession, postForm } from "../helpers/forms";
import { lastMailTo as mailTo } from "../helpers/mail";
import { rawRequest } from "../helpers/raw-request";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await createTestUser(server.dbPath, { email: "ada@example.org", role: "member", password: "a long enough password" });
  await createTestUser(server.dbPath, { email: "limits@example.org", role: "member", password: "a long enough password" });
});
afterAll(async () => {
  await server?.stop();
});

function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return server.request("/api/session", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ email, password }),
  });
}

const lastMailTo = (email: string, after = 0) => mailTo(server, email, after);

function sessionCookieOf(setCookie: string | null): string {
  const m = /rw_session=([^;]*)/.exec(setCookie ?? "");
  if (!m) throw new Error(`no session cookie in ${setCookie}`);
  return `rw_session=${m[1]}`;
}

describe("signing in and out with the JSON API", () => {
  it("signs in, sets a safe cookie, knows who is signed in, and signs out for good", async () => {
    const res = await signIn("ADA@example.org ", "a long enough password");
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: "ada@example.org", role: "member" });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/rw_session=[A-Za-z0-9_-]{30,}/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = sessionCookieOf(setCookie);
    const me = await server.get("/api/session", { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe("ada@example.org");
    const out = await server.request("/api/session", { method: "DELETE", headers: { Cookie: cookie } });
    expect(out.status).toBe(200);
    // The old cookie no longer works: the session was revoked in the database.
    const after = await server.get("/api/session", { headers: { Cookie: cookie } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthenticated");
  });

  it("answers 401 for a wrong password or unknown account, without saying which", async () => {
    const wrong = await signIn("ada@example.org", "not the password at all");
    const unknown = await signIn("nobody@example.org", "not the password at all");
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("invalid_credentials");
    }
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it("answers 400 naming the field for missing input, and refuses a body that is not JSON", async () => {
    const r = await signIn("", "");
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields)).toEqual(expect.arrayContaining(["email", "password"]));
    const form = await server.request("/api/session", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=ada%40example.org&password=x",
    });
    expect(form.status).toBe(400);
    expect(form.body.error.code).toBe("unsupported_media_type");
  });

  it("rate-limits sign-in attempts for an account (429 with Retry-After)", async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await signIn("limits@example.org", `wrong password ${i}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses[5]).toBe(429);
    expect(last!.body.error.code).toBe("rate_limited");
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    // Even the right password waits now.
    const right = await signIn("limits@example.org", "a long enough password");
    expect(right.status).toBe(429);
  });
});

describe("forms", () => {
  it("signs in with the form and out with the sign-out button", async () => {
    const s = await formSession(server, undefined, "/signin");
    const bad = await postForm(server, "/signin", s, { email: "ada@example.org", password: "wrong wrong wrong" });
    expect(bad.status).toBe(401);
    expect(bad.text).toMatch(/email address or password is not right/);
    const ok = await postForm(server, "/signin", s, { email: "ada@example.org", password: "a long enough password", next: "/about" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/about");
    const cookie = sessionCookieOf(ok.headers.get("set-cookie"));
    const page = await server.get("/", { headers: { Cookie: `${cookie}; ${s.cookie}` } });
    expect(page.text).toMatch(/Sign out/);
    const out = await postForm(server, "/signout", { cookie: `${cookie}; ${s.cookie}`, csrf: s.csrf }, {});
    expect(out.status).toBe(302);
    expect((await server.get("/api/session", { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it("does not follow a sign-in 'next' to another site", async () => {
    const s = await formSession(server, undefined, "/signin");
    const ok = await postForm(server, "/signin", s, { email: "ada@example.org", password: "a long enough password", next: "//evil.example/" });
    expect(ok.headers.get("location")).toBe("/");
  });

  it("refuses a form without its CSRF token, and the honeypot", async () => {
    const s = await formSession(server, undefined, "/signup");
    const noToken = await postForm(server, "/signup", s, { email: "new@example.org", password: "another long password", confirm: "another long password" }, { csrf: false });
    expect(noToken.status).toBe(403);
    const wrongToken = await postForm(server, "/signup", s, { email: "new@example.org", password: "another long password", confirm: "another long password" }, { csrf: "forged" });
    expect(wrongToken.status).toBe(403);
    const bot = await postForm(server, "/signup", s, { email: "new@example.org", password: "another long password", confirm: "another long password", website_url: "http://spam.example" });
    expect(bot.status).toBe(400);
    expect((await signIn("new@example.org", "another long password")).status).toBe(401); // nothing was created
  });

  it("signs up a member, explains bad fields and keeps what was typed", async () => {
    const s = await formSession(server, undefined, "/signup");
    const bad = await postForm(server, "/signup", s, { name: "Bea", email: "bea@example", password: "short", confirm: "different" });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/must be an email address/);
    expect(bad.text).toMatch(/at least 10 characters/);
    expect(bad.text).toMatch(/value="bea@example"/);
    const mark = server.output().length;
    const ok = await postForm(server, "/signup", s, { name: "Bea", email: "bea@example.org", password: "a good long password", confirm: "a good long password" });
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/Check your email/);
    expect(await lastMailTo("bea@example.org", mark)).toMatch(/Your Real Wealth account is ready/);
    const me = await signIn("bea@example.org", "a good long password");
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: "bea@example.org", role: "member" });
  });

  it("signing up with a known email gives the same answer as a new one, and mails the owner a reset link instead", async () => {
    await createTestUser(server.dbPath, { email: "known@example.org", role: "member", password: "the owner's own password" });
    const s = await formSession(server, undefined, "/signup");
    const mark = server.output().length;
    const fields = (email: string) => ({ name: "Someone", email, password: "somebody else's password", confirm: "somebody else's password" });
    const known = await postForm(server, "/signup", s, fields("KNOWN@example.org"));
    const fresh = await postForm(server, "/signup", s, fields("FRESH@example.org"));
    const same = (r: typeof known, email: string) => r.text.replaceAll(email, "EMAIL").replace(/nonce="[^"]*"/g, "");
    expect(known.status).toBe(fresh.status);
    expect(same(known, "known@example.org")).toBe(same(fresh, "fresh@example.org"));
    expect(known.text).toMatch(/Check your email/);
    for (const r of [known, fresh]) expect(r.headers.get("set-cookie") ?? "").not.toMatch(/rw_session=/);
    const mail = await lastMailTo("known@example.org", mark);
    expect(mail).toMatch(/already has an account/);
    const link = /\/reset-password\/([A-Za-z0-9_-]{20,})/.exec(mail)?.[1];
    expect(link).toBeDefined();
    // Nothing about the existing account changed: the owner's password still works, the other does not.
    expect((await signIn("known@example.org", "the owner's own password")).status).toBe(200);
    expect((await signIn("known@example.org", "somebody else's password")).status).toBe(401);
    // The reset link in the mail works.
    const done = await postForm(server, `/reset-password/${link}`, s, { password: "a fresh new password", confirm: "a fresh new password" });
    expect(done.status).toBe(302);
    expect((await signIn("known@example.org", "a fresh new password")).status).toBe(200);
  });
});

describe("password reset", () => {
  it("mails a link (to the server log), sets a new password once, and signs out old sessions", async () => {
    await createTestUser(server.dbPath, { email: "cal@example.org", role: "member", password: "the old password here" });
    const old = await signIn("cal@example.org", "the old password here");
    const oldCookie = sessionCookieOf(old.headers.get("set-cookie"));
    const s = await formSession(server, undefined, "/reset-password");
    const mark = server.output().length;
    const asked = await postForm(server, "/reset-password", s, { email: "cal@example.org" });
    expect(asked.status).toBe(200);
    expect(asked.text).toMatch(/Check your email/);
    // An unknown address gets the same answer.
    const unknown = await postForm(server, "/reset-password", s, { email: "nobody@example.org" });
    expect(unknown.text).toMatch(/Check your email/);
    const link = /\/reset-password\/([A-Za-z0-9_-]{20,})/.exec(await lastMailTo("cal@example.org", mark))?.[1];
    expect(link).toBeDefined();
    const tooShort = await postForm(server, `/reset-password/${link}`, s, { password: "short", confirm: "short" });
    expect(tooShort.status).toBe(400);
    const done = await postForm(server, `/reset-password/${link}`, s, { password: "a brand new password", confirm: "a brand new password" });
    expect(done.status).toBe(302);
    expect((await server.get("/api/session", { headers: { Cookie: oldCookie } })).status).toBe(401);
    expect((await signIn("cal@example.org", "the old password here")).status).toBe(401);
    expect((await signIn("cal@example.org", "a brand new password")).status).toBe(200);
    const reused = await postForm(server, `/reset-password/${link}`, s, { password: "yet another password", confirm: "yet another password" });
    expect(reused.status).toBe(400);
  });
});

describe("links in emails", () => {
  it("a reset asked for with a forged Host or X-Forwarded-Host header still mails a link to this site", async () => {
    await createTestUser(server.dbPath, { email: "host@example.org", role: "member", password: "a long enough password" });
    const s = await formSession(server, undefined, "/reset-password");
    const forged: Record<string, string>[] = [{ Host: "evil.example" }, { Host: `evil.example:${server.port}` }, { "X-Forwarded-Host": "evil.example" }];
    for (const headers of forged) {
      const mark = server.output().length;
      const res = await rawRequest(server, "/reset-password", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: s.cookie, ...headers },
        body: new URLSearchParams({ csrf: s.csrf, email: "host@example.org" }).toString(),
      });
      expect(res.status).toBe(200);
      const mail = await lastMailTo("host@example.org", mark);
      expect(mail).toMatch(/\/reset-password\/[A-Za-z0-9_-]{20,}/);
      expect(mail).not.toContain("evil.example");
      const link = /(https?:\/\/\S+)\/reset-password\//.exec(mail)?.[1];
      expect(["http://127.0.0.1", "http://localhost"].some((b) => link?.startsWith(b)), link).toBe(true);
    }
  });

  it("a PUBLIC_URL that is not a plain http(s) address stops start-up, naming it", async () => {
    const r = await runServe({ PUBLIC_URL: "https://realwealth.example.org/reset?x=1" });
    expect(r.timedOut).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/PUBLIC_URL must/);
  });
});

describe("reset links", () => {
  it("asking again replaces the earlier link, and a reset spends every link the account had", async () => {
    await createTestUser(server.dbPath, { email: "dee@example.org", role: "member", password: "the old password here" });
    const s = await formSession(server, undefined, "/reset-password");
    const links: string[] = [];
    for (let i = 0; i < 2; i++) {
      const mark = server.output().length;
      expect((await postForm(server, "/reset-password", s, { email: "dee@example.org" })).status).toBe(200);
      links.push(/\/reset-password\/([A-Za-z0-9_-]{20,})/.exec(await lastMailTo("dee@example.org", mark))![1]);
    }
    const [older, newer] = links;
    expect(older).not.toBe(newer);
    expect((await server.get(`/reset-password/${older}`)).text).toMatch(/does not work any more/);
    const refused = await postForm(server, `/reset-password/${older}`, s, { password: "an attacker's password", confirm: "an attacker's password" });
    expect(refused.status).toBe(400);
    expect((await signIn("dee@example.org", "an attacker's password")).status).toBe(401);
    const done = await postForm(server, `/reset-password/${newer}`, s, { password: "a brand new password", confirm: "a brand new password" });
    expect(done.status).toBe(302);
    for (const link of links) {
      expect((await server.get(`/reset-password/${link}`)).text).toMatch(/does not work any more/);
      expect((await postForm(server, `/reset-password/${link}`, s, { password: "yet another password", confirm: "yet another password" })).status).toBe(400);
    }
    expect((await signIn("dee@example.org", "a brand new password")).status).toBe(200);
  });
});

describe("sign-in limits slow a guesser without locking the owner out", () => {
  function signInFrom(address: string, email: string, password: string) {
    return rawRequest(server, "/api/session", {
      method: "POST",
      localAddress: address,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
  }

  it("wrong passwords from another address do not stop the owner signing in from theirs", async () => {
    await createTestUser(server.dbPath, { email: "owner@example.org", role: "member", password: "the owner's password" });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await signInFrom("127.0.0.2", "owner@example.org", `guess ${i}`)).status);
    expect(statuses).toContain(429);
    const limited = await signInFrom("127.0.0.2", "owner@example.org", "guess again");
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    const owner = await signInFrom("127.0.0.3", "owner@example.org", "the owner's password");
    expect(owner.status).toBe(200);
  });

  it("the wait is a back-off, not a lock: after Retry-After the right password works, and clears the count", async () => {
    await createTestUser(server.dbPath, { email: "waits@example.org", role: "member", password: "the right password" });
    let last;
    for (let i = 0; i < 6; i++) last = await signInFrom("127.0.0.4", "waits@example.org", `wrong ${i}`);
    expect(last!.status).toBe(429);
    const wait = Number(last!.headers["retry-after"]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(5);
    await new Promise((r) => setTimeout(r, wait * 1000 + 200));
    expect((await signInFrom("127.0.0.4", "waits@example.org", "the right password")).status).toBe(200);
    // The good sign-in forgot the failures: one more slip is an ordinary 401, not a wait.
    expect((await signInFrom("127.0.0.4", "waits@example.org", "a slip")).status).toBe(401);
  });

  it("only failures count: signing in many times in a row is never limited", async () => {
    await createTestUser(server.dbPath, { email: "often@example.org", role: "member", password: "the right password" });
    for (let i = 0; i < 10; i++) expect((await signInFrom("127.0.0.5", "often@example.org", "the right password")).status).toBe(200);
  });

  it("a burst of parallel guesses cannot slip past the back-off", async () => {
    await createTestUser(server.dbPath, { email: "burst@example.org", role: "member", password: "the right password" });
    const res = await Promise.all(Array.from({ length: 12 }, (_, i) => signInFrom("127.0.0.6", "burst@example.org", `guess ${i}`)));
    const statuses = res.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
  });

  it("the sign-in form says how long to wait (429 with Retry-After)", async () => {
    await createTestUser(server.dbPath, { email: "form-wait@example.org", role: "member", password: "the right password" });
    const s = await formSession(server, undefined, "/signin");
    let res;
    for (let i = 0; i < 6; i++) res = await postForm(server, "/signin", s, { email: "form-wait@example.org", password: `wrong ${i}` });
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res!.text).toMatch(/Too many failed sign-in attempts for this account\. Please wait \d+ seconds/);
  });
});
