// Real-wealth profiles and plans: who may see them, reading and writing them, export and delete,
// and the suggestions for a plan's outcomes (the matcher, through match.server.ts).
//
// Privacy: only the person (the owner), connectors linked to the profile (profile_connectors)
// and admins (`profile:any`) may see or change a profile or its plans. Everyone else gets a
// 404, so the existence of a profile is not disclosed.
import crypto from "node:crypto";
import type { Db } from "../../db/index";
import type { MatchOutcome, MatchProfile } from "../core/matcher";
import { readItemCost, summarisePlanCosts, type ItemCost } from "../core/budget/plan-costs";
import { can } from "../core/access-policy";
import { itemAddedText, itemRemovedText, itemStatusText, memberAddedText, outcomeAddedText, outcomeRemovedText, planStartedText, type PlanAction } from "../core/plan-history";
import type { ItemStatus, ProfileData } from "../core/profile";
import { KIND_QUADRANT, isKind, type OutcomeDomain } from "../core/taxonomy";
import { emailSchema } from "../core/account";
import { accountIdFor, tellConnectorAboutLink, tellPersonAboutProfile } from "./accounts.server";
import { getUserByEmail, type User } from "./auth.server";
import { budgetOf, budgetsForExport } from "../features/budget/budgets.server";
import type { Context } from "./context.server";
import { ApiError } from "./errors";
import { geocodePostcode } from "./geocode.server";
import { runMatch, type MatchResponse } from "./match.server";

export interface Profile {
  id: string;
  user_id: string;
  display_name: string;
  data: ProfileData;
  lat: number | null;
  lng: number | null;
  consent_by: string | null;
  consent_at: string | null;
  consent_how: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  owner_email: string;
  connectors: { id: string; name: string; email: string; created_at: string }[];
}

interface ProfileRow extends Omit<Profile, "data" | "connectors" | "owner_email"> {
  data: string;
  owner_email: string;
}

/** For page loaders: a thrown ApiError becomes a page response (404 for what one may not see). */
export { pageError } from "./page-actions.server";

export function notFound(): ApiError {
  return new ApiError(404, "not_found", "There is no profile or plan here, or you cannot see it.");
}

function readProfile(db: Db, id: string): Profile | null {
  const row = db.sqlite
    .prepare("SELECT p.*, u.email AS owner_email FROM profiles p JOIN users u ON u.id = p.user_id WHERE p.id = ?")
    .get(id) as ProfileRow | undefined;
  if (!row) return null;
  const connectors = db.sqlite
    .prepare("SELECT u.id, u.name, u.email, pc.created_at FROM profile_connectors pc JOIN users u ON u.id = pc.connector_id WHERE pc.profile_id = ? ORDER BY pc.created_at, u.id")
    .all(id) as Profile["connectors"];
  return { ...row, data: JSON.parse(row.data) as ProfileData, connectors };
}

/** May this user see (and change) this profile? Owner, a linked connector, or an admin. */
export function canAccessProfile(user: User | null, profile: Pick<Profile, "user_id" | "connectors">): boolean {
  if (!user) return false;
  if (can(user.role, "profile:any")) return true;
  if (user.id === profile.user_id) return true;
  return user.role === "connector" && profile.connectors.some((c) => c.id === user.id);
}

/**
 * May this user decide who sees the profile, or delete it? The person themselves and admins only:
 * a linked connector works with the profile but cannot bring in others, remove others, or delete
 * it (they can step away themselves: unlinkConnector).
 */
export function canManageProfile(user: User | null, profile: Pick<Profile, "user_id">): boolean {
  if (!user) return false;
  return user.id === profile.user_id || can(user.role, "profile:any");
}

function requireManage(user: User, profile: Profile, what: string): void {
  if (!canManageProfile(user, profile)) {
    throw new ApiError(403, "forbidden", `Only ${profile.display_name} (the person) or an administrator can ${what}.`);
  }
}

/** The profile, or a 404 for anyone who may not see it. */
export function getProfileFor(db: Db, user: User, id: string): Profile {
  const p = readProfile(db, id);
  if (!p || !canAccessProfile(user, p)) throw notFound();
  return p;
}

export function listProfiles(db: Db, user: User): { id: string; display_name: string; owner_email: string; updated_at: string }[] {
  const cols = "p.id, p.display_name, u.email AS owner_email, p.updated_at";
  if (can(user.role, "profile:any")) {
    return db.sqlite.prepare(`SELECT ${cols} FROM profiles p JOIN users u ON u.id = p.user_id ORDER BY p.display_name, p.id LIMIT 500`).all() as never;
  }
  return db.sqlite
    .prepare(
      `SELECT ${cols} FROM profiles p JOIN users u ON u.id = p.user_id
       WHERE p.user_id = ? OR p.id IN (SELECT profile_id FROM profile_connectors WHERE connector_id = ?) ORDER BY p.display_name, p.id`,
    )
    .all(user.id, user.id) as never;
}

function geocodeOrError(db: Db, postcode: string): { lat: number; lng: number } {
  const g = geocodePostcode(db, postcode);
  if (g === null) throw new ApiError(400, "invalid_input", "Please check the postcode.", { postcode: "Enter a real postcode, such as M33 7XX" });
  if (g === undefined) throw new ApiError(400, "invalid_input", "Please check the postcode.", { postcode: "We do not know this postcode. Check it, or try the first half (such as M33)" });
  return { lat: g.lat, lng: g.lng };
}

export interface Consent {
  by: string;
  how: string;
}

/**
 * Make a profile. A member makes their own. A connector or admin makes one on behalf of a person
 * (by their email), recording consent (who gave it, how, and when: now); the connector is linked
 * to the profile. When the email has no account, one is made for the person (with no password
 * until they choose one), so the answer never tells whether the email had an account.
 */
export function createProfile(db: Db, user: User, input: { name: string; data: ProfileData; ownerEmail?: string; consent?: Consent }, now = new Date()): Profile {
  let ownerId = user.id;
  let ownerEmail: string | null = null;
  let consent: Consent | null = null;
  const forSomeoneElse = input.ownerEmail && input.ownerEmail.trim().toLowerCase() !== user.email;
  if (forSomeoneElse) {
    if (!can(user.role, "profile:assist")) throw new ApiError(403, "forbidden", "Only connectors can make a profile for someone else.");
    const email = emailSchema.safeParse(input.ownerEmail);
    if (!email.success) throw new ApiError(400, "invalid_input", "Please check the email.", { owner_email: email.error.issues[0].message });
    if (!input.consent?.by.trim() || !input.consent.how) {
      throw new ApiError(400, "invalid_input", "Please record the person's consent.", { consent_by: "Say who gave consent for this profile" });
    }
    ownerEmail = email.data;
    consent = input.consent;
  }
  const { lat, lng } = geocodeOrError(db, input.data.postcode);
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    if (ownerEmail) ownerId = accountIdFor(db, ownerEmail, now);
    db.sqlite
      .prepare(
        `INSERT INTO profiles (id, user_id, display_name, data, lat, lng, consent_by, consent_at, consent_how, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, ownerId, input.name, JSON.stringify(input.data), lat, lng, consent?.by ?? null, consent ? iso : null, consent?.how ?? null, user.id, iso, iso);
    if (forSomeoneElse && user.role === "connector") {
      db.sqlite.prepare("INSERT INTO profile_connectors (profile_id, connector_id, created_by, created_at) VALUES (?, ?, ?, ?)").run(id, user.id, user.id, iso);
    }
    const planId = crypto.randomUUID();
    const title = `${input.name}'s plan`;
    db.sqlite.prepare("INSERT INTO plans (id, profile_id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)").run(planId, id, title, user.id, iso, iso);
    recordPlanEvent(db, planId, user.id, "plan_started", planStartedText(title), iso);
  })();
  return readProfile(db, id)!;
}

/** Make a profile (createProfile) and, when it was made for someone else, tell them by email. */
export function makeProfile(db: Db, user: User, input: Parameters<typeof createProfile>[2], baseUrl: string): Profile {
  const profile = createProfile(db, user, input);
  if (profile.user_id !== user.id) tellPersonAboutProfile(db, user, profile, baseUrl);
  return profile;
}

export function updateProfile(db: Db, user: User, id: string, input: { name: string; data: ProfileData }, now = new Date()): Profile {
  getProfileFor(db, user, id);
  const { lat, lng } = geocodeOrError(db, input.data.postcode);
  db.sqlite.prepare("UPDATE profiles SET display_name = ?, data = ?, lat = ?, lng = ?, updated_at = ? WHERE id = ?").run(input.name, JSON.stringify(input.data), lat, lng, now.toISOString(), id);
  return readProfile(db, id)!;
}

/** Delete a profile and everything under it (plans, members, outcomes, items, connector links). */
export function deleteProfile(db: Db, user: User, id: string): void {
  requireManage(user, getProfileFor(db, user, id), "delete this profile");
  db.sqlite.prepare("DELETE FROM profiles WHERE id = ?").run(id);
}

/**
 * Link a connector (by the email of their account) to a profile: the person or an admin. The
 * same answer whether or not the email is a connector's (nobody learns who has an account by
 * trying addresses); a connector who is linked is told by email.
 */
export function linkConnector(db: Db, user: User, id: string, email: string, now = new Date(), baseUrl?: string): void {
  const profile = getProfileFor(db, user, id);
  requireManage(user, profile, "choose who can see this profile");
  const e = emailSchema.safeParse(email);
  if (!e.success) throw new ApiError(400, "invalid_input", "Please check the email.", { connector_email: e.error.issues[0].message });
  const c = getUserByEmail(db, e.data);
  if (!c || c.role !== "connector") return;
  const r = db.sqlite.prepare("INSERT OR IGNORE INTO profile_connectors (profile_id, connector_id, created_by, created_at) VALUES (?, ?, ?, ?)").run(id, c.id, user.id, now.toISOString());
  if (r.changes > 0 && baseUrl) tellConnectorAboutLink(db, user, c.id, profile, baseUrl);
}

/** Remove a connector's access: the person or an admin, or a connector stepping away themselves. */
export function unlinkConnector(db: Db, user: User, id: string, connectorId: string): void {
  const profile = getProfileFor(db, user, id);
  if (connectorId !== user.id) requireManage(user, profile, "remove a connector");
  db.sqlite.prepare("DELETE FROM profile_connectors WHERE profile_id = ? AND connector_id = ?").run(id, connectorId);
}

// ------------------------------------------------------------------ plans

export interface PlanMember {
  id: string;
  name: string;
  relationship: string | null;
  age: number | null;
}
export interface PlanOutcome {
  id: string;
  member_id: string | null;
  statement: string;
  domain: OutcomeDomain;
  priority: number;
  created_at: string;
}
export interface PlanItem {
  id: string;
  outcome_id: string | null;
  /** Null: a support that is not a directory listing (a personal assistant…); asset_name names it. */
  asset_id: string | null;
  asset_name: string;
  /** The listing's kind (null when it is not a listing, or the listing is gone). */
  asset_kind: string | null;
  who: string | null;
  when_text: string | null;
  cost_text: string | null;
  status: ItemStatus;
  added_by: string | null;
  added_by_name: string | null;
  added_at: string;
  updated_at: string;
  /** The cost of the line (issue 5), or null: not costed yet. */
  cost: ItemCost | null;
}
export interface Plan {
  id: string;
  profile_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  /** The saved budget (of the person) the plan is measured against. */
  budget_id: string | null;
  members: PlanMember[];
  outcomes: PlanOutcome[];
  items: PlanItem[];
}

export function plansOf(db: Db, profileId: string): { id: string; title: string; updated_at: string }[] {
  return db.sqlite.prepare("SELECT id, title, updated_at FROM plans WHERE profile_id = ? ORDER BY created_at, id").all(profileId) as never;
}

function readPlan(db: Db, id: string): Plan | null {
  const plan = db.sqlite.prepare("SELECT id, profile_id, title, created_at, updated_at, budget_id FROM plans WHERE id = ?").get(id) as Omit<Plan, "members" | "outcomes" | "items"> | undefined;
  if (!plan) return null;
  return {
    ...plan,
    members: db.sqlite.prepare("SELECT id, name, relationship, age FROM plan_members WHERE plan_id = ? ORDER BY created_at, id").all(id) as PlanMember[],
    outcomes: db.sqlite
      .prepare("SELECT id, member_id, statement, domain, priority, created_at FROM plan_outcomes WHERE plan_id = ? ORDER BY priority, created_at, id")
      .all(id) as PlanOutcome[],
    items: (
      db.sqlite
        .prepare(
          `SELECT i.id, i.outcome_id, i.asset_id, i.asset_name, a.kind AS asset_kind, i.who, i.when_text, i.cost_text, i.status, i.added_by, u.name AS added_by_name,
                  i.added_at, i.updated_at, i.cost
           FROM plan_items i LEFT JOIN users u ON u.id = i.added_by LEFT JOIN assets a ON a.id = i.asset_id
           WHERE i.plan_id = ? ORDER BY i.added_at, i.id`,
        )
        .all(id) as (Omit<PlanItem, "cost"> & { cost: string | null })[]
    ).map((i) => ({ ...i, cost: readItemCost(i.cost) })),
  };
}

/** The quadrant of support an item belongs to by default: from its listing's kind; paid support otherwise. */
export function defaultQuadrant(item: Pick<PlanItem, "asset_kind">): "community" | "universal" | "individual" | "targeted" {
  return item.asset_kind && isKind(item.asset_kind) ? KIND_QUADRANT[item.asset_kind] : "individual";
}

// ------------------------------------------------------------------ plan history (plan_events)

/** Keep one change to a plan: who, when, what (plain English). Call inside the change's transaction. */
export function recordPlanEvent(db: Db, planId: string, userId: string | null, action: PlanAction, detail: string, iso: string): void {
  db.sqlite.prepare("INSERT INTO plan_events (plan_id, user_id, action, detail, created_at) VALUES (?, ?, ?, ?, ?)").run(planId, userId, action, detail, iso);
}

export interface PlanEvent {
  action: PlanAction;
  detail: string;
  created_at: string;
  /** The name (or email) of who made the change; "someone whose account was deleted" when gone. */
  who: string;
}

/** Every change to a plan, newest first. Only call after checking the viewer may see the plan. */
export function planHistory(db: Db, planId: string): PlanEvent[] {
  return db.sqlite
    .prepare(
      `SELECT e.action, e.detail, e.created_at, COALESCE(NULLIF(u.name, ''), u.email, 'someone whose account was deleted') AS who
       FROM plan_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.plan_id = ? ORDER BY e.id DESC`,
    )
    .all(planId) as PlanEvent[];
}

/** The plan and its profile, or a 404 for anyone who may not see them. */
export function getPlanFor(db: Db, user: User, id: string): { plan: Plan; profile: Profile } {
  const plan = readPlan(db, id);
  if (!plan) throw notFound();
  const profile = getProfileFor(db, user, plan.profile_id);
  return { plan, profile };
}

function touch(db: Db, planId: string, now: Date): void {
  db.sqlite.prepare("UPDATE plans SET updated_at = ? WHERE id = ?").run(now.toISOString(), planId);
}

export function createPlan(db: Db, user: User, profileId: string, title: string, now = new Date()): string {
  getProfileFor(db, user, profileId);
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite.prepare("INSERT INTO plans (id, profile_id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)").run(id, profileId, title, user.id, iso, iso);
    recordPlanEvent(db, id, user.id, "plan_started", planStartedText(title), iso);
  })();
  return id;
}

export function addMember(db: Db, user: User, planId: string, m: { name: string; relationship?: string; age?: number | null }, now = new Date()): string {
  getPlanFor(db, user, planId);
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite.prepare("INSERT INTO plan_members (id, plan_id, name, relationship, age, created_at) VALUES (?, ?, ?, ?, ?, ?)").run(id, planId, m.name, m.relationship || null, m.age ?? null, iso);
    touch(db, planId, now);
    recordPlanEvent(db, planId, user.id, "member_added", memberAddedText(m), iso);
  })();
  return id;
}

export function addOutcome(db: Db, user: User, planId: string, o: { statement: string; domain: OutcomeDomain; priority: number; member_id?: string }, now = new Date()): string {
  const { plan, profile } = getPlanFor(db, user, planId);
  const member = o.member_id && plan.members.some((m) => m.id === o.member_id) ? o.member_id : null;
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  const memberName = (member && plan.members.find((m) => m.id === member)?.name) || profile.display_name;
  db.sqlite.transaction(() => {
    db.sqlite.prepare("INSERT INTO plan_outcomes (id, plan_id, member_id, statement, domain, priority, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(id, planId, member, o.statement, o.domain, o.priority, iso);
    touch(db, planId, now);
    recordPlanEvent(db, planId, user.id, "outcome_added", outcomeAddedText({ ...o, member: memberName }), iso);
  })();
  return id;
}

export function removeOutcome(db: Db, user: User, planId: string, outcomeId: string, now = new Date()): void {
  const { plan } = getPlanFor(db, user, planId);
  const outcome = plan.outcomes.find((o) => o.id === outcomeId);
  if (!outcome) return;
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite.prepare("DELETE FROM plan_outcomes WHERE id = ? AND plan_id = ?").run(outcomeId, planId);
    touch(db, planId, now);
    recordPlanEvent(db, planId, user.id, "outcome_removed", outcomeRemovedText(outcome.statement), iso);
  })();
}

export function addItem(
  db: Db,
  user: User,
  planId: string,
  it: { asset_id: string | null; asset_name: string; outcome_id?: string; who?: string; when_text?: string; cost_text?: string; cost?: ItemCost | null; cost_description?: string },
  now = new Date(),
): string {
  const { plan } = getPlanFor(db, user, planId);
  const outcome = it.outcome_id && plan.outcomes.some((o) => o.id === it.outcome_id) ? it.outcome_id : null;
  // A listing is in the plan once per outcome; lines that are not listings may repeat.
  const existing = it.asset_id !== null ? plan.items.find((i) => i.asset_id === it.asset_id && i.outcome_id === outcome) : undefined;
  if (existing) return existing.id;
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  const detail = itemAddedText({
    name: it.asset_name,
    own: it.asset_id === null,
    outcome: outcome ? plan.outcomes.find((o) => o.id === outcome)!.statement : null,
    who: it.who,
    when_text: it.when_text,
    cost_text: it.cost_text,
    cost: it.cost ? it.cost_description ?? null : null,
  });
  db.sqlite.transaction(() => {
    db.sqlite
      .prepare(
        "INSERT INTO plan_items (id, plan_id, outcome_id, asset_id, asset_name, who, when_text, cost_text, status, added_by, added_at, updated_at, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?, ?)",
      )
      .run(id, planId, outcome, it.asset_id, it.asset_name, it.who || null, it.when_text || null, it.cost_text || null, user.id, iso, iso, it.cost ? JSON.stringify(it.cost) : null);
    touch(db, planId, now);
    recordPlanEvent(db, planId, user.id, "item_added", detail, iso);
  })();
  return id;
}

export function removeItem(db: Db, user: User, planId: string, itemId: string, now = new Date()): void {
  const { plan } = getPlanFor(db, user, planId);
  const item = plan.items.find((i) => i.id === itemId);
  if (!item) return;
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite.prepare("DELETE FROM plan_items WHERE id = ? AND plan_id = ?").run(itemId, planId);
    touch(db, planId, now);
    recordPlanEvent(db, planId, user.id, "item_removed", itemRemovedText(item.asset_name), iso);
  })();
}

export function setItemStatus(db: Db, user: User, planId: string, itemId: string, status: ItemStatus, now = new Date()): void {
  const { plan } = getPlanFor(db, user, planId);
  const item = plan.items.find((i) => i.id === itemId);
  if (!item) return;
  const detail = itemStatusText(item.asset_name, item.status, status);
  if (!detail) return;
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite.prepare("UPDATE plan_items SET status = ?, updated_at = ? WHERE id = ? AND plan_id = ?").run(status, iso, itemId, planId);
    touch(db, planId, now);
    recordPlanEvent(db, planId, user.id, "item_status", detail, iso);
  })();
}

/** The matcher's view of a stored profile. */
export function matchProfileOf(profile: Profile): MatchProfile | null {
  if (profile.lat === null || profile.lng === null) return null;
  const d = profile.data;
  return {
    lat: profile.lat,
    lng: profile.lng,
    max_travel_km: d.max_travel_km,
    travel_modes: d.travel_modes,
    age: d.age ?? undefined,
    access_needs: d.access_needs,
    interests: d.interests,
    skills: d.skills,
    languages: d.languages,
    people: d.people,
    available: d.available,
    culture: d.culture,
    faith: d.faith,
    personal_budget: d.personal_budget,
  };
}

/** Suggestions for every outcome of a plan (one candidate fetch for the whole plan). */
export async function planSuggestions(ctx: Context, plan: Plan, profile: Profile): Promise<MatchResponse | null> {
  const mp = matchProfileOf(profile);
  if (!mp) return null;
  const members = new Map(plan.members.map((m) => [m.id, m]));
  // A member's outcome is checked against that member's age (null: not known), the holder's
  // against the profile's.
  const outcomes: MatchOutcome[] = plan.outcomes.map((o) => {
    const m = o.member_id ? members.get(o.member_id) : undefined;
    return {
      id: o.id,
      statement: o.statement,
      domain: o.domain,
      member: m ? m.name : profile.display_name,
      priority: o.priority,
      ...(m ? { age: m.age } : {}),
    };
  });
  return runMatch(ctx, mp, outcomes, profile.data.postcode);
}

export { PRIVATE } from "./http.server";

/** GET /api/profiles/:id: the profile as the person's own record (no internal ids of others). */
export function profileJson(db: Db, profile: Profile): Record<string, unknown> {
  return {
    id: profile.id,
    name: profile.display_name,
    account_email: profile.owner_email,
    ...profile.data,
    location: profile.lat !== null && profile.lng !== null ? { lat: profile.lat, lng: profile.lng } : null,
    consent: profile.consent_by ? { given_by: profile.consent_by, at: profile.consent_at, how: profile.consent_how } : null,
    connectors: profile.connectors.map((c) => ({ name: c.name, email: c.email, linked_at: c.created_at })),
    plans: plansOf(db, profile.id).map((p) => ({ ...p, url: `/api/plans/${p.id}` })),
    created_at: profile.created_at,
    updated_at: profile.updated_at,
  };
}

/** GET /api/plans/:id: the plan with its members, outcomes (with whose they are) and items. */
export function planJson(plan: Plan, profile: Profile): Record<string, unknown> {
  const members = new Map(plan.members.map((m) => [m.id, m.name]));
  return {
    ...plan,
    profile: { id: profile.id, name: profile.display_name, url: `/api/profiles/${profile.id}` },
    outcomes: plan.outcomes.map((o) => ({ ...o, member: o.member_id ? (members.get(o.member_id) ?? null) : profile.display_name })),
    items: plan.items.map(({ added_by: _a, ...i }) => i),
  };
}

/** Everything held about the person: profile, connector links, plans with all their parts. */
/** Everything held about the person, as this viewer may see it (budgets: canSeeBudget). */
export async function exportProfile(db: Db, profile: Profile, viewer: User): Promise<Record<string, unknown>> {
  const exportedAt = new Date().toISOString();
  const plans = [];
  for (const p of plansOf(db, profile.id)) {
    const plan = readPlan(db, p.id)!;
    const budget = plan.budget_id ? await budgetOf(db, profile.user_id, plan.budget_id) : null;
    const costs = summarisePlanCosts(
      plan.items.map((i) => ({ id: i.id, label: i.asset_name, cost: i.cost })),
      budget ? { id: budget.id, name: budget.name, result: budget.result } : null,
    );
    plans.push({ ...plan, items: plan.items.map(({ added_by: _a, ...i }) => i), costs, history: planHistory(db, plan.id) });
  }
  return {
    exported_at: exportedAt,
    profile: {
      id: profile.id,
      name: profile.display_name,
      account_email: profile.owner_email,
      ...profile.data,
      consent: profile.consent_by ? { given_by: profile.consent_by, at: profile.consent_at, how: profile.consent_how } : null,
      created_at: profile.created_at,
      updated_at: profile.updated_at,
    },
    connectors: profile.connectors.map((c) => ({ name: c.name, email: c.email, linked_at: c.created_at })),
    plans,
    /** The person's saved budgets (their own or saved for them by a connector), with their history. */
    budgets: await budgetsForExport(db, profile.user_id, viewer),
  };
}
