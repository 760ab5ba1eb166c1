// Who works with whom, and who may see a person's saved budgets.
//
// One rule (decision 0031): a connector works with a person when the connector is linked
// (profile_connectors) to any profile whose owner (profiles.user_id) is that person. Unlinking
// ends it at once: nothing is cached. Every check that needs "the connectors they work with"
// goes through worksWith / peopleWorkedWith here, never its own query.
import type { Db } from "../../db/index";
import { budgetsVisibleFrom as visibleFrom, maySeeBudget, worksWith as worksWithRule } from "../core/access-policy";
import type { User } from "./auth.server";

type Viewer = Pick<User, "id" | "role">;

/** Does this connector work with this person (an account id)? Never true for members or admins. */
export function worksWith(db: Db, user: Viewer | null, personId: string): boolean {
  const linked = user?.role === "connector" && !!personId && firstLinkAt(db, user.id, personId) !== null;
  return worksWithRule(user, personId, linked);
}

/** When this connector was first linked to one of the person's profiles; null: never. */
function firstLinkAt(db: Db, connectorId: string, personId: string): string | null {
  const since = db.sqlite
    .prepare(
      `SELECT MIN(pc.created_at) FROM profile_connectors pc JOIN profiles p ON p.id = pc.profile_id
       WHERE pc.connector_id = ? AND p.user_id = ?`,
    )
    .pluck()
    .get(connectorId, personId) as string | null;
  return since ?? null;
}

export interface PersonWorkedWith {
  /** The person's account id (profiles.user_id). */
  id: string;
  /** The display names of the profiles of theirs the connector is linked to ("Sam", "Sam and Ella"). */
  name: string;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * The people a connector works with, by the display names of their linked profiles, sorted by
 * name; two people with the same name are told apart by their account's email (which a linked
 * connector already sees on the profile). Empty for members and admins.
 */
export function peopleWorkedWith(db: Db, user: Viewer | null): PersonWorkedWith[] {
  if (!user || user.role !== "connector") return [];
  const rows = db.sqlite
    .prepare(
      `SELECT p.user_id AS id, p.display_name AS name, u.email AS email
       FROM profile_connectors pc JOIN profiles p ON p.id = pc.profile_id JOIN users u ON u.id = p.user_id
       WHERE pc.connector_id = ? AND p.user_id <> ?
       ORDER BY p.display_name COLLATE NOCASE, p.id`,
    )
    .all(user.id, user.id) as { id: string; name: string; email: string }[];
  const byId = new Map<string, { names: string[]; email: string }>();
  for (const r of rows) {
    const p = byId.get(r.id) ?? { names: [], email: r.email };
    if (!p.names.includes(r.name)) p.names.push(r.name);
    byId.set(r.id, p);
  }
  const people = [...byId].map(([id, p]) => ({ id, name: joinNames(p.names), email: p.email }));
  const count = new Map<string, number>();
  for (const p of people) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  return people
    .map((p) => ({ id: p.id, name: (count.get(p.name) ?? 0) > 1 ? `${p.name} (${p.email})` : p.name }))
    .sort((a, b) => a.name.localeCompare(b.name, "en-GB", { sensitivity: "base" }) || a.id.localeCompare(b.id));
}

/**
 * May this user see (and work on) saved budgets of this person? The person themselves, a
 * connector who works with them, and admins (`profile:any`). Everyone else gets a 404. Which
 * budgets a connector sees: budgetsVisibleFrom.
 */
export function canSeeBudgetsOf(db: Db, user: Viewer | null, personId: string): boolean {
  return budgetsVisibleFrom(db, user, personId) !== null;
}

/**
 * From when this user may see a person's saved budgets: "all" for the person and admins; for a
 * connector who works with them, the time of their first link to one of the person's profiles
 * (budgets saved before it stay private: a connector who makes a profile for an account, on their
 * own word of consent, must not thereby read what that person saved before); null: none.
 */
export function budgetsVisibleFrom(db: Db, user: Viewer | null, personId: string): "all" | string | null {
  const linkedSince = user?.role === "connector" && personId ? firstLinkAt(db, user.id, personId) : null;
  return visibleFrom(user, personId, linkedSince);
}

/** May this user see this saved budget (its owner and when it was saved)? */
export function canSeeBudget(db: Db, user: Viewer | null, budget: { user_id: string; created_at: string }): boolean {
  const linkedSince = user?.role === "connector" ? firstLinkAt(db, user.id, budget.user_id) : null;
  return maySeeBudget(user, budget, linkedSince);
}

/**
 * How to name a person to this viewer: a connector sees the names of the person's profiles they
 * are linked to; others (the person, admins) the names of all of the person's profiles; with no
 * profile, the account's name or email.
 */
export function personName(db: Db, viewer: Viewer, personId: string): string {
  const linked = viewer.role === "connector" ? peopleWorkedWith(db, viewer).find((p) => p.id === personId) : undefined;
  if (linked) return linked.name;
  const names = db.sqlite.prepare("SELECT DISTINCT display_name FROM profiles WHERE user_id = ? ORDER BY display_name COLLATE NOCASE").pluck().all(personId) as string[];
  if (names.length) return joinNames(names);
  const u = db.sqlite.prepare("SELECT name, email FROM users WHERE id = ?").get(personId) as { name: string; email: string } | undefined;
  return u ? u.name || u.email : "someone whose account was deleted";
}
