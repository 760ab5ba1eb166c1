// The fuzz suite: property-based requests (fast-check) against the built server for every JSON
// API and every page form, as anonymous visitors and as signed-in members, connectors and
// admins: malformed and hostile JSON, odd query strings, wrong Content-Types, missing and wrong
// CSRF tokens, foreign Origins. Nothing may answer 5xx, take over 2 s, or change stored data when
// it refuses a request. About 2,500 cases a run; the seed is printed (FUZZ_SEED=… replays it,
// FUZZ_SCALE=5 runs five times as many). The routes and their inputs:
// tests/helpers/fuzz-api-cases.ts and fuzz-form-cases.ts; how a run works: fuzz-runner.ts.
import { afterAll, beforeAll, expect, it } from "vitest";
import { formSession } from "../helpers/forms";
import { apiReadCase, apiWriteCase } from "../helpers/fuzz-api-cases";
import type { Fixtures } from "../helpers/fuzz-fixtures";
import { formCase } from "../helpers/fuzz-form-cases";
import { largeBodyCase } from "../helpers/fuzz-large-cases";
import { FUZZ_SEED, fuzzRunner, type FuzzRunner } from "../helpers/fuzz-runner";
import { createTestUser, startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let run: FuzzRunner;
/** Large bodies, one connection at a time: a hang there is the connection's, not a neighbour's. */
let large: FuzzRunner;
let fx: Fixtures;

const PASSWORD = "fuzz-password-0123456789";

async function signIn(email: string): Promise<string> {
  const res = await server.request("/api/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status, res.text).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("rw_session="));
  expect(cookie).toBeTruthy();
  return cookie!;
}

beforeAll(async () => {
  // Rate limits off, so that 429s do not hide what a route does with its input (429 still counts as a refusal).
  server = await startTestServer({ env: { RATE_LIMITS: "off" } });
  const users = {} as Fixtures["users"];
  for (const role of ["member", "connector", "admin"] as const) {
    const email = `fuzz-${role}@fuzz.test`;
    await createTestUser(server.dbPath, { email, role, password: PASSWORD, name: `Fuzz ${role}` });
    const cookie = await signIn(email);
    users[role] = { email, cookie, form: await formSession(server, cookie) };
  }
  // Signing out (the form and DELETE /api/session) ends a session: that one is this account's.
  const leaver = await createTestUser(server.dbPath, { email: "fuzz-leaver@fuzz.test", role: "member", password: PASSWORD });
  users.leaver = { email: leaver.email, cookie: leaver.cookie, form: await formSession(server, leaver.cookie) };

  const assets = (await server.get("/api/search?postcode=M33%207XX&limit=5")).body as { results: { id: string }[] };
  const assetIds = assets.results.map((a) => a.id);
  expect(assetIds.length).toBeGreaterThan(0);

  // A profile with its plan, owned by the member.
  const profileForm = new URLSearchParams({ csrf: users.member.form.csrf, intent: "save", display_name: "Fuzz", postcode: "M33 7XX", max_travel_km: "5", age: "30", interests: "music" });
  const created = await server.request("/profiles/new", { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: users.member.form.cookie }, body: profileForm.toString() });
  expect(created.status, created.text.slice(0, 300)).toBe(303);
  const planId = /\/plans\/([^?#]+)/.exec(created.headers.get("location") ?? "")![1];
  const plan = await server.get(`/plans/${planId}`, { headers: { Cookie: users.member.form.cookie } });
  const profileId = /href="\/profiles\/([0-9a-f-]{36})"/.exec(plan.text)![1];

  const suggestion = await server.request("/api/suggestions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "Fuzz corner", postcode: "M33 7XX", message: "A new group" }) });
  expect(suggestion.status, suggestion.text).toBe(201);

  const questionnaire = (await server.get("/api/budget/questionnaire?type=adult")).body as { questions: { id: string }[] };
  fx = {
    baseUrl: server.baseUrl,
    users,
    anon: await formSession(server),
    anon2: await formSession(server),
    assetIds,
    profileIds: [profileId],
    planIds: [planId],
    suggestionIds: [suggestion.body.id as string],
    questionIds: questionnaire.questions.map((q) => q.id),
  };
  run = fuzzRunner(server, { concurrency: 4, slowMs: 2000 });
  large = fuzzRunner(server, { concurrency: 1, batch: 4, slowMs: 2000, maxHangs: 4 });
});

afterAll(async () => {
  if (process.env.FUZZ_SERVER_LOG) (await import("node:fs")).writeFileSync(process.env.FUZZ_SERVER_LOG, server?.output() ?? "");
  run?.close();
  large?.close();
  await server?.stop();
});

it("the JSON write API refuses hostile bodies, types and callers with a 4xx and changes nothing", async () => {
  await run.property("JSON API writes", apiWriteCase(fx), 900);
}, 180_000);

it("the read API answers odd query strings and ids without a 5xx or a hang", async () => {
  await run.property("API reads", apiReadCase(fx), 700);
}, 180_000);

it("page forms refuse bad CSRF tokens, foreign Origins and hostile bodies with a 4xx and change nothing", async () => {
  await run.property("page forms", formCase(fx), 900);
}, 180_000);

it("large bodies are refused early and leave the keep-alive connection usable", async () => {
  await large.property("large bodies", largeBodyCase(fx), 24);
}, 180_000);

it("no fuzz case answered 5xx, hung, or changed data while refused", () => {
  for (const [name, r] of [["main", run], ["large bodies", large]] as const) {
    const s = r.summary();
    console.log(`[fuzz] ${name}: ${s.sent} requests (${s.skipped} not sent), slowest ${s.maxMs} ms (${s.slowOnlyInCompany} over 2 s only with others in flight), statuses ${JSON.stringify(s.statuses)}`);
  }
  const report = [run.report(), large.report()].filter(Boolean).join("\n");
  if (report) console.log(`[fuzz] failures:\n${report}`);
  expect(report, `fuzz failures (replay with FUZZ_SEED=${FUZZ_SEED}):\n${report}`).toBe("");
});
