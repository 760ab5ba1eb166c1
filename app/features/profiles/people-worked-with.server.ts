// Who works with whom, and who may see a person's saved budgets.
//
// One rule (decision 0031): a connector works with a person when the connector is linked
// (profile_connectors) to any profile whose owner (profiles.user_id) is that person. Unlinking
// ends it at once: nothing is cached. Every check that needs "the connectors they work with"
// goes through here; the rules themselves are the access policy's (worksWith,
// budgetsVisibleFrom, maySeeBudget), the facts come from the profiles data module.
import type { Db } from "../../../db/index";
import { budgetsVisibleFrom as visibleFrom, maySeeBudget, worksWith as worksWithRule, type Viewer } from "../../core/access-policy";
import { findUserById } from "../accounts/users.data.server";
import * as profiles from "./profiles.data.server";

/** When this viewer, as a connector, was first linked to one of the person's profiles; null otherwise. */
async function linkedSince(db: Db, viewer: Viewer | null, personId: string): Promise<string | null> {
  if (viewer?.role !== "connector" || !personId) return null;
  return profiles.firstLinkAt(db.kysely, viewer.id, personId);
}

/** Does this connector work with this person (an account id)? Never true for members or admins. */
export async function worksWith(db: Db, viewer: Viewer | null, personId: string): Promise<boolean> {
  return worksWithRule(viewer, personId, (await linkedSince(db, viewer, personId)) !== null);
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
export async function peopleWorkedWith(db: Db, viewer: Viewer | null): Promise<PersonWorkedWith[]> {
  if (!viewer || viewer.role !== "connector") return [];
  const rows = await profiles.listLinkedProfilesOfOthers(db.kysely, viewer.id);
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
export async function canSeeBudgetsOf(db: Db, viewer: Viewer | null, personId: string): Promise<boolean> {
  return (await budgetsVisibleFrom(db, viewer, personId)) !== null;
}

/**
 * From when this user may see a person's saved budgets: "all" for the person and admins; for a
 * connector who works with them, the time of their first link to one of the person's profiles;
 * null: none (the rule: budgetsVisibleFrom in the access policy).
 */
export async function budgetsVisibleFrom(db: Db, viewer: Viewer | null, personId: string): Promise<"all" | string | null> {
  return visibleFrom(viewer, personId, await linkedSince(db, viewer, personId));
}

/** May this user see this saved budget (its owner and when it was saved)? The rule: maySeeBudget. */
export async function canSeeBudget(db: Db, viewer: Viewer | null, budget: { user_id: string; created_at: string }): Promise<boolean> {
  return maySeeBudget(viewer, budget, await linkedSince(db, viewer, budget.user_id));
}

/**
 * How to name a person to this viewer: a connector sees the names of the person's profiles they
 * are linked to; others (the person, admins) the names of all of the person's profiles; with no
 * profile, the account's name or email.
 */
export async function personName(db: Db, viewer: Viewer, personId: string): Promise<string> {
  const linked = viewer.role === "connector" ? (await peopleWorkedWith(db, viewer)).find((p) => p.id === personId) : undefined;
  if (linked) return linked.name;
  const names = await profiles.profileNamesOf(db.kysely, personId);
  if (names.length) return joinNames(names);
  const u = await findUserById(db.kysely, personId);
  return u ? u.name || u.email : "someone whose account was deleted";
}
