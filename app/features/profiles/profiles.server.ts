// Real-wealth profiles: reading one (for those who may see it), the list, making, changing and
// deleting one.
//
// Privacy: only the person (the owner), connectors linked to the profile (profile_connectors)
// and admins (`profile:any`) may see or change a profile or its plans (maySeeProfile in
// app/core/access-policy.ts). Everyone else gets a 404, so the existence of a profile is not
// disclosed.
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import { emailSchema } from "../../core/account";
import { can, mayMakeProfileFor, mayManageProfile, maySeeProfile, type ProfileAccess, type Viewer } from "../../core/access-policy";
import { planStartedText } from "../../core/plan-history";
import type { ProfileData } from "../../core/profile";
import { accountIdFor, tellPersonAboutProfile } from "../accounts/people.server";
import type { User } from "../accounts/users.data.server";
import { ApiError, notFound } from "../../server/errors";
import { geocodePostcode } from "../postcodes/geocode.server";
import * as plans from "../plans/plans.data.server";
import * as profiles from "./profiles.data.server";

export type Profile = Omit<profiles.ProfileRecord, "data"> & {
  data: ProfileData;
  connectors: profiles.ConnectorLink[];
};

/** 404: the same answer for no such profile or plan and for one the viewer may not see. */
export function profileNotFound(): ApiError {
  return notFound("There is no profile or plan here, or you cannot see it.");
}

async function readProfile(db: Db, id: string): Promise<Profile | null> {
  const row = await profiles.findProfile(db.kysely, id);
  if (!row) return null;
  const data: ProfileData = JSON.parse(row.data);
  return { ...row, data, connectors: await profiles.listConnectorsOf(db.kysely, id) };
}

/** The facts the access rules need about a profile: whose it is, who is linked to it. */
export function accessOf(profile: Pick<Profile, "user_id" | "connectors">): ProfileAccess {
  return { ownerId: profile.user_id, connectorIds: profile.connectors.map((c) => c.id) };
}

/** May this user see (and change) this profile? The rule: maySeeProfile. */
export function canAccessProfile(user: Viewer | null, profile: Pick<Profile, "user_id" | "connectors">): boolean {
  return maySeeProfile(user, accessOf(profile));
}

/** May this user decide who sees the profile, or delete it? The rule: mayManageProfile. */
export function canManageProfile(user: Viewer | null, profile: Pick<Profile, "user_id">): boolean {
  return mayManageProfile(user, { ownerId: profile.user_id });
}

/** 403 unless this user may manage the profile (the person or an admin). */
export function requireManage(user: User, profile: Profile, what: string): void {
  if (!canManageProfile(user, profile)) {
    throw new ApiError(403, "forbidden", `Only ${profile.display_name} (the person) or an administrator can ${what}.`);
  }
}

/** The profile, or a 404 for anyone who may not see it. */
export async function getProfileFor(db: Db, user: User, id: string): Promise<Profile> {
  const p = await readProfile(db, id);
  if (!p || !canAccessProfile(user, p)) throw profileNotFound();
  return p;
}

/** The profiles this user may see: all (at most 500) for admins; their own and those they are linked to. */
export function listProfiles(db: Db, user: User): Promise<profiles.ProfileSummary[]> {
  if (can(user.role, "profile:any")) return profiles.listAllProfiles(db.kysely);
  return profiles.listProfilesOwnedOrLinked(db.kysely, user.id);
}

async function geocodeOrError(db: Db, postcode: string): Promise<{ lat: number; lng: number }> {
  const g = await geocodePostcode(db, postcode);
  if (g === null) throw new ApiError(400, "invalid_input", "Please check the postcode.", { postcode: "Enter a real postcode, such as M33 7XX" });
  if (g === undefined) throw new ApiError(400, "invalid_input", "Please check the postcode.", { postcode: "We do not know this postcode. Check it, or try the first half (such as M33)" });
  return { lat: g.lat, lng: g.lng };
}

export interface Consent {
  by: string;
  how: string;
}

/** An account id that is never the viewer's: the person's account may not exist yet when the rule is asked. */
const SOMEONE_ELSE = "";

/**
 * Make a profile. A member makes their own. A connector or admin makes one on behalf of a person
 * (by their email), recording consent (who gave it, how, and when: now); the connector is linked
 * to the profile. When the email has no account, one is made for the person (with no password
 * until they choose one), so the answer never tells whether the email had an account.
 */
export async function createProfile(db: Db, user: User, input: { name: string; data: ProfileData; ownerEmail?: string; consent?: Consent }, now = new Date()): Promise<Profile> {
  let ownerEmail: string | null = null;
  let consent: Consent | null = null;
  const forSomeoneElse = input.ownerEmail && input.ownerEmail.trim().toLowerCase() !== user.email;
  if (forSomeoneElse) {
    if (!mayMakeProfileFor(user, SOMEONE_ELSE)) throw new ApiError(403, "forbidden", "Only connectors can make a profile for someone else.");
    const email = emailSchema.safeParse(input.ownerEmail);
    if (!email.success) throw new ApiError(400, "invalid_input", "Please check the email.", { owner_email: email.error.issues[0].message });
    if (!input.consent?.by.trim() || !input.consent.how) {
      throw new ApiError(400, "invalid_input", "Please record the person's consent.", { consent_by: "Say who gave consent for this profile" });
    }
    ownerEmail = email.data;
    consent = input.consent;
  }
  const { lat, lng } = await geocodeOrError(db, input.data.postcode);
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    // A new person's account is made in the same transaction: a failed write takes it back too.
    const ownerId = ownerEmail ? await accountIdFor(tx, ownerEmail, now) : user.id;
    await profiles.insertProfile(tx, {
      id,
      user_id: ownerId,
      display_name: input.name,
      data: JSON.stringify(input.data),
      lat,
      lng,
      consent_by: consent?.by ?? null,
      consent_at: consent ? iso : null,
      consent_how: consent?.how ?? null,
      created_by: user.id,
      created_at: iso,
      updated_at: iso,
    });
    if (forSomeoneElse && user.role === "connector") {
      await profiles.insertConnectorLink(tx, { profile_id: id, connector_id: user.id, created_by: user.id, created_at: iso });
    }
    const planId = crypto.randomUUID();
    const title = `${input.name}'s plan`;
    await plans.insertPlan(tx, { id: planId, profile_id: id, title, created_by: user.id, created_at: iso, updated_at: iso, budget_id: null });
    await plans.addPlanEvent(tx, { plan_id: planId, user_id: user.id, action: "plan_started", detail: planStartedText(title), created_at: iso });
  });
  return (await readProfile(db, id))!;
}

/** Make a profile (createProfile) and, when it was made for someone else, tell them by email. */
export async function makeProfile(db: Db, user: User, input: Parameters<typeof createProfile>[2], baseUrl: string): Promise<Profile> {
  const profile = await createProfile(db, user, input);
  if (profile.user_id !== user.id) await tellPersonAboutProfile(db, user, profile, baseUrl);
  return profile;
}

export async function updateProfile(db: Db, user: User, id: string, input: { name: string; data: ProfileData }, now = new Date()): Promise<Profile> {
  await getProfileFor(db, user, id);
  const { lat, lng } = await geocodeOrError(db, input.data.postcode);
  await profiles.updateProfile(db.kysely, id, { display_name: input.name, data: JSON.stringify(input.data), lat, lng, updated_at: now.toISOString() });
  return (await readProfile(db, id))!;
}

/** Delete a profile and everything under it (plans, members, outcomes, items, connector links). */
export async function deleteProfile(db: Db, user: User, id: string): Promise<void> {
  requireManage(user, await getProfileFor(db, user, id), "delete this profile");
  await profiles.deleteProfile(db.kysely, id);
}
