// Who can see a profile besides the person: linking a connector to it, and unlinking one.
// The rules are the access policy's (mayManageProfile, mayUnlinkConnector).
import type { Db } from "../../../db/index";
import { emailSchema } from "../../core/account";
import { mayUnlinkConnector } from "../../core/access-policy";
import { tellConnectorAboutLink } from "../accounts/people.server";
import { findUserByEmail, type User } from "../accounts/users.data.server";
import { ApiError } from "../../server/errors";
import * as profiles from "./profiles.data.server";
import { accessOf, getProfileFor, requireManage } from "./profiles.server";

/**
 * Link a connector (by the email of their account) to a profile: the person or an admin. The
 * same answer whether or not the email is a connector's (nobody learns who has an account by
 * trying addresses); a connector who is linked is told by email.
 */
export async function linkConnector(db: Db, user: User, id: string, email: string, now = new Date(), baseUrl?: string): Promise<void> {
  const profile = await getProfileFor(db, user, id);
  requireManage(user, profile, "choose who can see this profile");
  const e = emailSchema.safeParse(email);
  if (!e.success) throw new ApiError(400, "invalid_input", "Please check the email.", { connector_email: e.error.issues[0].message });
  const c = await findUserByEmail(db.kysely, e.data);
  if (!c || c.role !== "connector") return;
  const linked = await profiles.insertConnectorLink(db.kysely, { profile_id: id, connector_id: c.id, created_by: user.id, created_at: now.toISOString() });
  if (linked && baseUrl) await tellConnectorAboutLink(db.kysely, user, c.id, profile, baseUrl);
}

/** Remove a connector's access: the person or an admin, or a connector stepping away themselves. */
export async function unlinkConnector(db: Db, user: User, id: string, connectorId: string): Promise<void> {
  const profile = await getProfileFor(db, user, id);
  if (!mayUnlinkConnector(user, accessOf(profile), connectorId)) requireManage(user, profile, "remove a connector");
  await profiles.deleteConnectorLink(db.kysely, id, connectorId);
}
