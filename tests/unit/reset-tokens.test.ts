// Password-reset tokens over a real (in-memory) SQLite database: one live token per account,
// asking again replaces the earlier link, a reset spends them all; migration 030 keeps only the
// newest live token an account already had.
import { Migrator, type Migration } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import * as m001 from "../../db/migrations/001_directory";
import * as m004 from "../../db/migrations/004_accounts";
import { tokenHash } from "../../app/features/accounts/tokens.server";
import { issueResetToken, resetTokenUser, spendResetTokens } from "../../app/features/accounts/reset-tokens.server";

function addUser(db: Db, id: string): void {
  db.sqlite.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, 'x', 'member', 't', 't')").run(id, `${id}@t.test`, id);
}
const HOUR = 3_600_000;

describe("reset tokens", () => {
  it("asking again replaces the earlier link; spending ends them all; other accounts keep theirs", async () => {
    const db = openDatabase(":memory:");
    await migrate(db);
    addUser(db, "a");
    addUser(db, "b");
    const first = await issueResetToken(db, "a", 2 * HOUR);
    expect(await resetTokenUser(db, first)).toBe("a");
    const second = await issueResetToken(db, "a", 2 * HOUR);
    expect(await resetTokenUser(db, first)).toBeNull();
    expect(await resetTokenUser(db, second)).toBe("a");
    const other = await issueResetToken(db, "b", 2 * HOUR);
    await spendResetTokens(db, "a");
    expect(await resetTokenUser(db, second)).toBeNull();
    expect(await resetTokenUser(db, other)).toBe("b");
    // The database itself refuses a second live token for an account.
    expect(() =>
      db.sqlite.prepare("INSERT INTO password_resets (id, user_id, created_at, expires_at) VALUES ('x', 'b', 't', '9999')").run(),
    ).toThrow(/UNIQUE/);
  });

  it("an expired token does not work", async () => {
    const db = openDatabase(":memory:");
    await migrate(db);
    addUser(db, "a");
    const t = await issueResetToken(db, "a", HOUR, new Date("2026-01-01T10:00:00Z"));
    expect(await resetTokenUser(db, t, new Date("2026-01-01T10:59:00Z"))).toBe("a");
    expect(await resetTokenUser(db, t, new Date("2026-01-01T11:00:01Z"))).toBeNull();
  });

  it("migration 030 spends all but the newest live token an account already had", async () => {
    const db = openDatabase(":memory:");
    const upTo004: Record<string, Migration> = { "001_directory": m001, "004_accounts": m004 };
    expect((await new Migrator({ db: db.kysely, provider: { getMigrations: async () => upTo004 } }).migrateToLatest()).error).toBeUndefined();
    addUser(db, "a");
    const ins = db.sqlite.prepare("INSERT INTO password_resets (id, user_id, created_at, expires_at, used_at) VALUES (?, 'a', ?, '9999', ?)");
    ins.run(tokenHash("old"), "2026-01-01T10:00:00Z", null);
    ins.run(tokenHash("new"), "2026-01-01T11:00:00Z", null);
    ins.run(tokenHash("spent"), "2026-01-01T09:00:00Z", "2026-01-01T09:30:00Z");
    await migrate(db);
    expect(await resetTokenUser(db, "old")).toBeNull();
    expect(await resetTokenUser(db, "new")).toBe("a");
    expect(db.sqlite.prepare("SELECT used_at FROM password_resets WHERE id = ?").pluck().get(tokenHash("spent"))).toBe("2026-01-01T09:30:00Z");
  });
});
