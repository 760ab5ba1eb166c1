import { describe, expect, it } from "vitest";
import { can, ROLES, type Action } from "../../app/core/access-policy";
import { accountSchema, signInSchema } from "../../app/core/account";

const CONNECTOR_ACTIONS: Action[] = ["asset:create", "asset:edit", "asset:verify", "asset:archive", "asset:history", "asset:restore", "suggestion:moderate", "import:run", "review:dashboard"];

describe("who may do what", () => {
  it("lets anyone suggest, and nobody anonymous do anything else", () => {
    expect(can(null, "suggestion:create")).toBe(true);
    for (const a of [...CONNECTOR_ACTIONS, "user:invite", "user:manage"] as Action[]) expect(can(null, a)).toBe(false);
  });
  it("gives members no directory writes", () => {
    for (const a of CONNECTOR_ACTIONS) expect(can("member", a)).toBe(false);
    expect(can("member", "user:manage")).toBe(false);
  });
  it("lets connectors keep assets current but not manage users", () => {
    for (const a of CONNECTOR_ACTIONS) expect(can("connector", a)).toBe(true);
    expect(can("connector", "user:manage")).toBe(false);
    expect(can("connector", "user:invite")).toBe(false);
  });
  it("lets admins do everything connectors can, and manage users", () => {
    for (const a of [...CONNECTOR_ACTIONS, "user:invite", "user:manage"] as Action[]) expect(can("admin", a)).toBe(true);
  });
  it("knows the three roles", () => {
    expect([...ROLES]).toEqual(["member", "connector", "admin"]);
  });
});

describe("account fields", () => {
  it("normalises the email and asks for a long enough password", () => {
    expect(accountSchema.parse({ email: " Ada@Example.ORG ", password: "long enough!" })).toMatchObject({ email: "ada@example.org" });
    const r = accountSchema.safeParse({ email: "not-an-email", password: "short" });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path[0]).sort()).toEqual(["email", "password"]);
  });
  it("requires both sign-in fields", () => {
    expect(signInSchema.safeParse({ email: "", password: "" }).success).toBe(false);
  });
});
