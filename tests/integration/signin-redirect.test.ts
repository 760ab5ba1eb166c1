// Issue 16, defect 3: after signing in, `next` sends a person only to a page on this site.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type TestServer } from "../helpers/server";
import { formSession, postForm } from "../helpers/forms";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await createTestUser(server.dbPath, { email: "next@example.org", role: "member", password: "a long enough password" });
  await createTestUser(server.dbPath, { email: "next2@example.org", role: "member", password: "a long enough password" });
});
afterAll(async () => {
  await server?.stop();
});

describe("where sign-in sends a person", () => {
  it.each(["/\\evil.example/x", "/%09/evil.example", "/\t/evil.example", "//evil.example", "https://evil.example/"])(
    "a signed-in person is not sent to another site by next=%j",
    async (next) => {
      const s = await formSession(server, undefined, "/signin");
      const res = await postForm(server, "/signin", s, { email: "next@example.org", password: "a long enough password", next });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
    },
  );

  it("the sign-in page's own redirect for someone already signed in stays on this site", async () => {
    const s = await formSession(server, undefined, "/signin");
    const ok = await postForm(server, "/signin", s, { email: "next2@example.org", password: "a long enough password" });
    const cookie = /rw_session=[^;]*/.exec(ok.headers.get("set-cookie") ?? "")![0];
    const res = await server.get(`/signin?next=${encodeURIComponent("/\\evil.example")}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    const good = await server.get(`/signin?next=${encodeURIComponent("/plans?x=1")}`, { headers: { Cookie: cookie } });
    expect(good.headers.get("location")).toBe("/plans?x=1");
  });
});
