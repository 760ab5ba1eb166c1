// Admin users (issue 3), over real HTTP: only admins see /admin/users; invitations (the link
// goes through the log mailer), role changes, disabling (which signs the person out
// everywhere), enabling, and signing a user out of every session.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type HttpResult, type TestServer, type TestUser } from "../helpers/server";
import { formSession, getAs, pageText, postForm, type FormSession } from "../helpers/forms";

let server: TestServer;
let member: TestUser;
let connector: TestUser;
let admin: TestUser;
let adminSession: FormSession;

function one<T>(sql: string, ...params: unknown[]): T {
  const d = new Database(server.dbPath, { readonly: true });
  try {
    return d.prepare(sql).get(...params) as T;
  } finally {
    d.close();
  }
}

function expectSignInRedirect(res: HttpResult) {
  expect([302, 303], `${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
  expect(res.headers.get("location")).toMatch(/^\/signin\?next=/);
}

const whoAmI = (cookie: string) => server.get("/api/session", { headers: { Cookie: cookie } });
const signIn = (email: string, password: string) =>
  server.request("/api/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) });

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMITS: "off" } });
  [member, connector, admin] = await Promise.all([
    createTestUser(server.dbPath, { email: "member@users.test", role: "member", name: "Mo Member" }),
    createTestUser(server.dbPath, { email: "connector@users.test", role: "connector", name: "Cara Connector" }),
    createTestUser(server.dbPath, { email: "admin@users.test", role: "admin", name: "Ada Admin" }),
  ]);
  adminSession = await formSession(server, admin.cookie, "/admin/users");
});

afterAll(async () => {
  await server?.stop();
});

describe("access rules", () => {
  it("GET /admin/users: anonymous → sign in, member and connector → 403, admin → 200", async () => {
    expectSignInRedirect(await getAs(server, "/admin/users"));
    expect((await getAs(server, "/admin/users", member.cookie)).status).toBe(403);
    expect((await getAs(server, "/admin/users", connector.cookie)).status).toBe(403);
    const res = await getAs(server, "/admin/users", admin.cookie);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    for (const u of [member, connector, admin]) expect(text).toContain(u.email);
    expect(text).toContain("Connector");
    expect(text).toContain("Active");
  });

  it("POST /admin/users: anonymous → sign in, member and connector → 403; nothing changes", async () => {
    for (const [who, cookie] of [["anonymous", undefined], ["member", member.cookie], ["connector", connector.cookie]] as const) {
      const s = await formSession(server, cookie);
      const attempts: Record<string, string>[] = [
        { intent: "role", id: member.id, role: "admin" },
        { intent: "disable", id: member.id },
        { intent: "sign_out", id: member.id },
        { intent: "invite", email: `${who}@invite.test`, role: "admin" },
      ];
      for (const fields of attempts) {
        const res = await postForm(server, "/admin/users", s, fields);
        if (who === "anonymous") expectSignInRedirect(res);
        else expect(res.status, `${who} ${fields.intent}`).toBe(403);
      }
    }
    expect(one<{ role: string; disabled: number }>("SELECT role, disabled FROM users WHERE id = ?", member.id)).toEqual({ role: "member", disabled: 0 });
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM invitations").n).toBe(0);
    expect((await whoAmI(member.cookie)).status).toBe(200);
  });

  it("an admin's change without the CSRF token is refused (403) and changes nothing", async () => {
    const res = await postForm(server, "/admin/users", adminSession, { intent: "role", id: member.id, role: "admin" }, { csrf: false });
    expect(res.status).toBe(403);
    expect(one<{ role: string }>("SELECT role FROM users WHERE id = ?", member.id).role).toBe("member");
  });
});

describe("managing accounts", () => {
  it("invites someone with a role; the link (in the server log) opens sign-up with that role", async () => {
    const res = await postForm(server, "/admin/users", adminSession, { intent: "invite", email: "New.Connector@Users.test", role: "connector" });
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/users?done=invited");
    const link = /\/signup\?invite=([A-Za-z0-9_-]+)/.exec(server.output());
    expect(link, "the invitation link is printed by the log mailer").toBeTruthy();
    expect(server.output()).toContain("[mail] To: new.connector@users.test");
    const signup = pageText((await server.get(`/signup?invite=${link![1]}`)).text);
    expect(signup).toMatch(/invited as a <strong>connector<\/strong>/);
    const page = pageText((await getAs(server, "/admin/users?done=invited", admin.cookie)).text);
    expect(page).toContain("Invitation sent");
    expect(page).toContain("new.connector@users.test as Connector");
  });

  it("refuses a bad invitation with the field named, and an address that already has an account", async () => {
    const bad = await postForm(server, "/admin/users", adminSession, { intent: "invite", email: "not-an-email", role: "wizard" });
    expect(bad.status).toBe(400);
    const text = pageText(bad.text);
    expect(text).toContain("Email address: must be an email address");
    expect(text).toContain("Role: must be one of");
    const taken = await postForm(server, "/admin/users", adminSession, { intent: "invite", email: member.email, role: "connector" });
    expect(taken.status).toBe(409);
  });

  it("changes a role, which applies on the person's next request", async () => {
    const person = await createTestUser(server.dbPath, { email: "promote@users.test", role: "member" });
    expect((await getAs(server, "/connect/suggestions", person.cookie)).status).toBe(403);
    const res = await postForm(server, "/admin/users", adminSession, { intent: "role", id: person.id, role: "connector" });
    expect(res.status).toBe(302);
    expect(one<{ role: string }>("SELECT role FROM users WHERE id = ?", person.id).role).toBe("connector");
    expect((await getAs(server, "/connect/suggestions", person.cookie)).status).toBe(200);
    const bad = await postForm(server, "/admin/users", adminSession, { intent: "role", id: person.id, role: "owner" });
    expect(bad.status).toBe(400);
    expect((await postForm(server, "/admin/users", adminSession, { intent: "role", id: "no-such-user", role: "member" })).status).toBe(404);
  });

  it("disabling signs the person out everywhere and stops sign-in; enabling lets them back", async () => {
    const person = await createTestUser(server.dbPath, { email: "disable@users.test", role: "connector" });
    expect((await whoAmI(person.cookie)).status).toBe(200);
    const res = await postForm(server, "/admin/users", adminSession, { intent: "disable", id: person.id });
    expect(res.status).toBe(302);
    expect((await whoAmI(person.cookie)).status).toBe(401);
    expect((await signIn(person.email, person.password)).status).toBe(401);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND revoked_at IS NULL", person.id).n).toBe(0);
    expect(pageText((await getAs(server, "/admin/users", admin.cookie)).text)).toContain("Disabled");
    const enable = await postForm(server, "/admin/users", adminSession, { intent: "enable", id: person.id });
    expect(enable.status).toBe(302);
    expect((await signIn(person.email, person.password)).status).toBe(200);
  });

  it("signs a user out of every session without disabling them", async () => {
    const person = await createTestUser(server.dbPath, { email: "signout@users.test", role: "member" });
    const res = await postForm(server, "/admin/users", adminSession, { intent: "sign_out", id: person.id });
    expect(res.status).toBe(302);
    expect((await whoAmI(person.cookie)).status).toBe(401);
    expect(one<{ disabled: number }>("SELECT disabled FROM users WHERE id = ?", person.id).disabled).toBe(0);
    expect((await signIn(person.email, person.password)).status).toBe(200);
  });

  it("an admin cannot change their own role or disable themselves", async () => {
    const role = await postForm(server, "/admin/users", adminSession, { intent: "role", id: admin.id, role: "member" });
    expect(role.status).toBe(400);
    expect(pageText(role.text)).toContain("You cannot change the role of your own account here");
    const disable = await postForm(server, "/admin/users", adminSession, { intent: "disable", id: admin.id });
    expect(disable.status).toBe(400);
    expect(one<{ role: string; disabled: number }>("SELECT role, disabled FROM users WHERE id = ?", admin.id)).toEqual({ role: "admin", disabled: 0 });
    expect((await whoAmI(admin.cookie)).status).toBe(200);
  });
});
