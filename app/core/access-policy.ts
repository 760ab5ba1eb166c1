// Who may do what: the role table, and every rule about whether a person may see or change
// something, in one place (decisions 0031 and 0050). Pure: the facts a rule needs (who owns a
// profile, which connectors are linked to it and since when) are read by the data modules and
// passed in, so each rule is tested here once, and through HTTP in the integration tests.

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

// ------------------------------------------------------------------ people, profiles, budgets

/** Who is asking: an account's id and role. */
export interface Viewer {
  id: string;
  role: Role;
}

/** A profile as the rules see it: whose it is and which connectors are linked to it. */
export interface ProfileAccess {
  ownerId: string;
  connectorIds: readonly string[];
}

/** See and work on a profile and its plans: the person, a linked connector, an admin. */
export function maySeeProfile(viewer: Viewer | null, profile: ProfileAccess): boolean {
  if (!viewer) return false;
  if (can(viewer.role, "profile:any") || viewer.id === profile.ownerId) return true;
  return viewer.role === "connector" && profile.connectorIds.includes(viewer.id);
}

/**
 * Decide who sees the profile, or delete it: the person and admins only. A linked connector works
 * with the profile but cannot bring in or remove others (they may step away themselves).
 */
export function mayManageProfile(viewer: Viewer | null, profile: Pick<ProfileAccess, "ownerId">): boolean {
  if (!viewer) return false;
  return viewer.id === profile.ownerId || can(viewer.role, "profile:any");
}

/** Remove a connector from a profile: whoever manages it, or the connector stepping away. */
export function mayUnlinkConnector(viewer: Viewer | null, profile: ProfileAccess, connectorId: string): boolean {
  if (!viewer || !maySeeProfile(viewer, profile)) return false;
  return connectorId === viewer.id || mayManageProfile(viewer, profile);
}

/** Make a profile for someone else (with their consent): connectors and admins. */
export function mayMakeProfileFor(viewer: Viewer | null, ownerId: string): boolean {
  if (!viewer) return false;
  return ownerId === viewer.id || can(viewer.role, "profile:assist");
}

/**
 * A connector works with a person when linked to any of that person's profiles (`linked`, read
 * by the data module). Never true for members, admins, or oneself.
 */
export function worksWith(viewer: Viewer | null, personId: string, linked: boolean): boolean {
  return !!viewer && viewer.role === "connector" && !!personId && personId !== viewer.id && linked;
}

/**
 * From when this viewer may see a person's saved budgets: "all" for the person and admins; for a
 * connector who works with them, the time of their first link to one of the person's profiles
 * (`firstLinkAt`; budgets saved before it stay private: a connector who makes a profile for an
 * account on their own word of consent must not thereby read what that person saved before);
 * null: none.
 */
export function budgetsVisibleFrom(viewer: Viewer | null, personId: string, firstLinkAt: string | null): "all" | string | null {
  if (!viewer) return null;
  if (viewer.id === personId || can(viewer.role, "profile:any")) return "all";
  if (viewer.role !== "connector" || !personId) return null;
  return firstLinkAt ?? null;
}

/** See (and rework) this saved budget, given when the viewer's first link to its owner began. */
export function maySeeBudget(viewer: Viewer | null, budget: { user_id: string; created_at: string }, firstLinkAt: string | null): boolean {
  const from = budgetsVisibleFrom(viewer, budget.user_id, firstLinkAt);
  return from === "all" || (from !== null && budget.created_at >= from);
}
