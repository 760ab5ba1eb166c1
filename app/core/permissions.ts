// Who may do what. Plain data and one function, so every rule is easy to test.

export const ROLES = ["member", "connector", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | "asset:create"
  | "asset:edit"
  | "asset:verify"
  | "asset:archive"
  | "asset:history"
  | "asset:restore"
  | "suggestion:create"
  | "suggestion:moderate"
  | "import:run"
  | "review:dashboard"
  | "user:invite"
  | "user:manage"
  /** Create, edit and publish versions of the budget calculator (admins only). */
  | "budget:configure"
  /** Make a real-wealth profile on someone's behalf, with their consent (connectors, admins). */
  | "profile:assist"
  /** See and change any profile and plan (admins). */
  | "profile:any";

const CONNECTOR: Action[] = [
  "asset:create",
  "asset:edit",
  "asset:verify",
  "asset:archive",
  "asset:history",
  "asset:restore",
  "suggestion:create",
  "suggestion:moderate",
  "import:run",
  "review:dashboard",
  "profile:assist",
];

const RULES: Record<Role | "anonymous", ReadonlySet<Action>> = {
  anonymous: new Set<Action>(["suggestion:create"]),
  member: new Set<Action>(["suggestion:create"]),
  connector: new Set<Action>(CONNECTOR),
  admin: new Set<Action>([...CONNECTOR, "user:invite", "user:manage", "budget:configure", "profile:any"]),
};

export function can(role: Role | null | undefined, action: Action): boolean {
  return RULES[role ?? "anonymous"].has(action);
}

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}
