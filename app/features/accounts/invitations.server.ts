// Invitations: an emailed link that lets someone make an account with a given role.
import type { Role } from "../../core/access-policy";
import type { Context } from "../../server/context.server";
import { sendMail } from "../../server/mailer.server";
import { findLiveInvitation, insertInvitation } from "./invitations.data.server";
import { newToken, tokenHash } from "./tokens.server";
import type { User } from "./users.data.server";

const INVITE_DAYS = 14;

/** The email and role of a live invitation, or null when it has expired or was used. */
export async function invitationFor(ctx: Context, token: string): Promise<{ email: string; role: Role } | null> {
  return (await findLiveInvitation(ctx.db.kysely, tokenHash(token), new Date().toISOString())) ?? null;
}

export async function inviteUser(ctx: Context, by: User, email: string, role: Role, baseUrl: string): Promise<void> {
  const token = newToken();
  const now = new Date();
  await insertInvitation(ctx.db.kysely, {
    id: tokenHash(token),
    email,
    role,
    invited_by: by.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + INVITE_DAYS * 86_400_000).toISOString(),
  });
  await sendMail({
    to: email,
    subject: `You are invited to Real Wealth as a ${role}`,
    text: `${by.name || by.email} invited you to join Real Wealth as a ${role}.\nCreate your account within ${INVITE_DAYS} days here:\n${baseUrl}/signup?invite=${token}`,
  });
}
