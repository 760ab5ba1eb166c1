// The accounts data modules (app/features/accounts/*.data.server.ts) and the use cases that write
// several rows at once, against a real SQLite file: what an account and a session are read with,
// the admin list's order and counts, invitations, and failed multi-statement writes (a reset, a
// new reset link, disabling an account) leaving every table as it was.
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findLiveInvitation, insertInvitation, listLiveInvitations, markInvitationAccepted } from "../../app/features/accounts/invitations.data.server";
import { resetPassword } from "../../app/features/accounts/password-reset.server";
import { findResetTokenUser, insertResetToken, spendResetTokensOf } from "../../app/features/accounts/reset-tokens.data.server";
import { issueResetToken, resetTokenUser } from "../../app/features/accounts/reset-tokens.server";
import { findLiveSession, insertSession, revokeSessionById, revokeSessionsOf, touchSession } from "../../app/features/accounts/sessions.data.server";
import { createSession, userForToken } from "../../app/features/accounts/sessions.server";
import { tokenHash } from "../../app/features/accounts/tokens.server";
import {
  findAccountState,
  findSignInByEmail,
  findUserByEmail,
  findUserById,
  insertUserIfNew,
  listUsersWithSessions,
  updateUser,
} from "../../app/features/accounts/users.data.server";
import { setDisabled, upsertUser } from "../../app/features/accounts/users.server";
import { contextFor } from "../../app/server/context.server";
import { addUser, openTestDb, type TestDb } from "../helpers/data-db";

let t: TestDb;

beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.close());

const NOW = "2026-03-01T10:00:00.000Z";
const LATER = "2026-03-01T11:00:00.000Z";

/** Every row of the account tables, to compare before and after a write that failed. */
async function snapshot() {
  const k = t.db.kysely;
  return {
    users: await k.selectFrom("users").selectAll().orderBy("id").execute(),
    sessions: await k.selectFrom("sessions").selectAll().orderBy("id").execute(),
    resets: await k.selectFrom("password_resets").selectAll().orderBy("id").execute(),
  };
}

/** Make every write to `table` fail, as a full disk or a lost connection would half-way through. */
async function breakWrites(table: "sessions" | "password_resets", op: "UPDATE" | "INSERT") {
  await sql`CREATE TRIGGER break_${sql.raw(table)} BEFORE ${sql.raw(op)} ON ${sql.table(table)} BEGIN SELECT RAISE(ABORT, 'broken on purpose'); END`.execute(t.db.kysely);
}

describe("users data module", () => {
  it("reads an account without its password hash, by id or email; the sign-in read skips disabled accounts", async () => {
    await addUser(t.db, "ann", { email: "ann@t.test", name: "Ann", role: "admin" });
    const ann = await findUserById(t.db.kysely, "ann");
    expect(ann).toEqual({ id: "ann", email: "ann@t.test", name: "Ann", role: "admin", area_postcode: null, area_lat: null, area_lng: null });
    expect(await findUserByEmail(t.db.kysely, "ann@t.test")).toEqual(ann);
    expect((await findSignInByEmail(t.db.kysely, "ann@t.test"))?.password_hash).toBe("x");
    await updateUser(t.db.kysely, "ann", { disabled: 1 });
    expect(await findSignInByEmail(t.db.kysely, "ann@t.test")).toBeUndefined();
    expect((await findAccountState(t.db.kysely, "ann"))?.disabled).toBe(1);
    expect(await findUserById(t.db.kysely, "nobody")).toBeUndefined();
  });

  it("adds an account only when its email has none", async () => {
    const row = { id: "a1", email: "same@t.test", name: "", password_hash: "", role: "member", disabled: 0, created_at: NOW, updated_at: NOW };
    expect(await insertUserIfNew(t.db.kysely, row)).toBe(true);
    expect(await insertUserIfNew(t.db.kysely, { ...row, id: "a2", name: "Other" })).toBe(false);
    expect((await findUserByEmail(t.db.kysely, "same@t.test"))?.id).toBe("a1");
  });

  it("lists enabled accounts first, then admins, connectors and members, by email ignoring case, with live sessions counted", async () => {
    await addUser(t.db, "m", { email: "a-member@t.test", role: "member" });
    await addUser(t.db, "c2", { email: "Zed@t.test", role: "connector" });
    await addUser(t.db, "c1", { email: "bob@t.test", role: "connector" });
    await addUser(t.db, "ad", { email: "z-admin@t.test", role: "admin" });
    await addUser(t.db, "off", { email: "0-off@t.test", role: "admin" });
    await updateUser(t.db.kysely, "off", { disabled: 1 });
    const session = (id: string, over: { expires_at?: string; revoked_at?: string | null; last_seen_at?: string } = {}) =>
      insertSession(t.db.kysely, { id, user_id: "c1", created_at: NOW, expires_at: "2026-04-01T00:00:00.000Z", last_seen_at: NOW, user_agent: null, ...over });
    await session("live", { last_seen_at: LATER });
    await session("expired", { expires_at: "2026-02-01T00:00:00.000Z" });
    await session("revoked", { revoked_at: NOW });
    const rows = await listUsersWithSessions(t.db.kysely, NOW);
    expect(rows.map((r) => r.id)).toEqual(["ad", "c1", "c2", "m", "off"]);
    const c1 = rows.find((r) => r.id === "c1")!;
    expect(c1.active_sessions).toBe(1);
    expect(c1.last_seen_at).toBe(LATER);
    expect(rows.find((r) => r.id === "m")).toMatchObject({ active_sessions: 0, last_seen_at: null });
  });
});

describe("sessions data module", () => {
  it("finds the account of a live session only; revoking, expiry and a disabled account end it", async () => {
    await addUser(t.db, "u", { role: "member" });
    await addUser(t.db, "v", { role: "member" });
    const add = (id: string, user_id: string) =>
      insertSession(t.db.kysely, { id, user_id, created_at: NOW, expires_at: "2026-03-02T00:00:00.000Z", last_seen_at: NOW, user_agent: "test" });
    await add("s1", "u");
    await add("s2", "u");
    await add("s3", "v");
    expect(await findLiveSession(t.db.kysely, "s1", NOW)).toEqual({ user: expect.objectContaining({ id: "u", role: "member" }), lastSeenAt: NOW });
    expect(await findLiveSession(t.db.kysely, "s1", "2026-03-02T00:00:00.000Z")).toBeUndefined();
    await touchSession(t.db.kysely, "s1", LATER);
    expect((await findLiveSession(t.db.kysely, "s1", NOW))?.lastSeenAt).toBe(LATER);
    await revokeSessionById(t.db.kysely, "s1", LATER);
    expect(await findLiveSession(t.db.kysely, "s1", NOW)).toBeUndefined();
    await revokeSessionsOf(t.db.kysely, "u", "2026-03-01T12:00:00.000Z");
    expect(await findLiveSession(t.db.kysely, "s2", NOW)).toBeUndefined();
    // Revoking again keeps the first revocation time.
    const s1 = await t.db.kysely.selectFrom("sessions").select("revoked_at").where("id", "=", "s1").executeTakeFirstOrThrow();
    expect(s1.revoked_at).toBe(LATER);
    expect(await findLiveSession(t.db.kysely, "s3", NOW)).toBeDefined();
    await updateUser(t.db.kysely, "v", { disabled: 1 });
    expect(await findLiveSession(t.db.kysely, "s3", NOW)).toBeUndefined();
  });

  it("a session made for an account is found from its token, which is stored only as a hash", async () => {
    await addUser(t.db, "u");
    const { token } = await createSession(t.db, "u", "agent", new Date(NOW));
    const stored = await t.db.kysely.selectFrom("sessions").select("id").execute();
    expect(stored).toEqual([{ id: tokenHash(token) }]);
    expect((await userForToken(t.db, token, new Date(NOW)))?.id).toBe("u");
    expect(await userForToken(t.db, "not a token", new Date(NOW))).toBeNull();
  });
});

describe("reset tokens data module", () => {
  it("finds the account of a live token; spending ends every live token of that account only", async () => {
    await addUser(t.db, "a");
    await addUser(t.db, "b");
    await insertResetToken(t.db.kysely, { id: "ta", user_id: "a", created_at: NOW, expires_at: LATER });
    await insertResetToken(t.db.kysely, { id: "tb", user_id: "b", created_at: NOW, expires_at: LATER });
    expect(await findResetTokenUser(t.db.kysely, "ta", NOW)).toBe("a");
    expect(await findResetTokenUser(t.db.kysely, "ta", LATER)).toBeUndefined();
    await spendResetTokensOf(t.db.kysely, "a", NOW);
    expect(await findResetTokenUser(t.db.kysely, "ta", NOW)).toBeUndefined();
    expect(await findResetTokenUser(t.db.kysely, "tb", NOW)).toBe("b");
  });
});

describe("invitations data module", () => {
  it("a live invitation is found until it is accepted or expires; the pending list names who sent it (name, else email)", async () => {
    await addUser(t.db, "named", { name: "Ann", email: "ann@t.test", role: "admin" });
    await addUser(t.db, "unnamed", { name: "", email: "bo@t.test", role: "admin" });
    const invite = (id: string, invited_by: string | null, created_at: string) =>
      insertInvitation(t.db.kysely, { id, email: `${id}@t.test`, role: "connector", invited_by, created_at, expires_at: "2026-03-15T00:00:00.000Z" });
    await invite("i1", "named", NOW);
    await invite("i2", "unnamed", LATER);
    await invite("i3", null, "2026-03-01T09:00:00.000Z");
    expect(await findLiveInvitation(t.db.kysely, "i1", NOW)).toEqual({ email: "i1@t.test", role: "connector" });
    expect(await findLiveInvitation(t.db.kysely, "i1", "2026-03-16T00:00:00.000Z")).toBeUndefined();
    expect((await listLiveInvitations(t.db.kysely, NOW)).map((i) => [i.email, i.invited_by])).toEqual([
      ["i2@t.test", "bo@t.test"],
      ["i1@t.test", "Ann"],
      ["i3@t.test", null],
    ]);
    await markInvitationAccepted(t.db.kysely, "i1", LATER);
    expect(await findLiveInvitation(t.db.kysely, "i1", NOW)).toBeUndefined();
    expect((await listLiveInvitations(t.db.kysely, NOW)).map((i) => i.email)).toEqual(["i2@t.test", "i3@t.test"]);
  });
});

describe("writes of several rows", () => {
  it("a reset changes the password, spends the link and signs the account out everywhere", async () => {
    await addUser(t.db, "u", { role: "member" });
    const { token: session } = await createSession(t.db, "u", null);
    const link = await issueResetToken(t.db, "u", 3_600_000);
    await resetPassword(await contextFor(t.db), link, "a new long password", "a new long password");
    const user = await t.db.kysely.selectFrom("users").select("password_hash").where("id", "=", "u").executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await resetTokenUser(t.db, link)).toBeNull();
    expect(await userForToken(t.db, session)).toBeNull();
  });

  it("a reset that fails half-way (signing out breaks) leaves the password, the link and the sessions as they were", async () => {
    await addUser(t.db, "u", { role: "member" });
    const { token: session } = await createSession(t.db, "u", null);
    const link = await issueResetToken(t.db, "u", 3_600_000);
    await breakWrites("sessions", "UPDATE");
    const before = await snapshot();
    await expect(resetPassword(await contextFor(t.db), link, "a new long password", "a new long password")).rejects.toThrow(/broken on purpose/);
    expect(await snapshot()).toEqual(before);
    expect(await resetTokenUser(t.db, link)).toBe("u");
    expect((await userForToken(t.db, session))?.id).toBe("u");
  });

  it("a new reset link that cannot be stored leaves the earlier link working", async () => {
    await addUser(t.db, "u");
    const first = await issueResetToken(t.db, "u", 3_600_000);
    await breakWrites("password_resets", "INSERT");
    const before = await snapshot();
    await expect(issueResetToken(t.db, "u", 3_600_000)).rejects.toThrow(/broken on purpose/);
    expect(await snapshot()).toEqual(before);
    expect(await resetTokenUser(t.db, first)).toBe("u");
  });

  it("disabling an account that cannot be signed out leaves it enabled", async () => {
    await addUser(t.db, "admin", { role: "admin" });
    await addUser(t.db, "u", { role: "member" });
    await createSession(t.db, "u", null);
    await breakWrites("sessions", "UPDATE");
    const before = await snapshot();
    const admin = (await findUserById(t.db.kysely, "admin"))!;
    await expect(setDisabled(t.db, admin, "u", true)).rejects.toThrow(/broken on purpose/);
    expect(await snapshot()).toEqual(before);
  });

  it("updating an account from the command line that cannot be signed out leaves it as it was", async () => {
    const { user, created } = await upsertUser(t.db, { email: "First@T.test", password: "a long password", role: "member", name: "First" });
    expect(created).toBe(true);
    expect(user).toMatchObject({ email: "first@t.test", name: "First", role: "member" });
    await createSession(t.db, user.id, null);
    await breakWrites("sessions", "UPDATE");
    const before = await snapshot();
    await expect(upsertUser(t.db, { email: "first@t.test", password: "another long password", role: "admin" })).rejects.toThrow(/broken on purpose/);
    expect(await snapshot()).toEqual(before);
  });
});
