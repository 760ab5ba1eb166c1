// Sign-up (with an optional invitation), password reset and invitations.
import crypto from "node:crypto";
import { accountSchema, passwordSchema } from "../core/account";
import { fieldErrors } from "../core/asset";
import type { Role } from "../core/access-policy";
import { createSession, hashPassword, revokeAllSessions, sessionCookie, tokenHash, upsertUser, type User } from "./auth.server";
import type { Context } from "./context.server";
import { ApiError } from "./errors";
import { sendMail } from "./mailer.server";

const RESET_HOURS = 2;
const INVITE_DAYS = 14;

export function invitationFor(ctx: Context, token: string): { email: string; role: Role } | null {
  const row = ctx.db.sqlite
    .prepare("SELECT email, role FROM invitations WHERE id = ? AND accepted_at IS NULL AND expires_at > ?")
    .get(tokenHash(token), new Date().toISOString()) as { email: string; role: Role } | undefined;
  return row ?? null;
}

export async function signUp(
  ctx: Context,
  request: Request,
  input: { email: string; password: string; confirm: string; name: string; invite?: string },
): Promise<{ user: User; setCookie: string }> {
  const parsed = accountSchema.safeParse(input);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  if (input.password !== input.confirm && !errors.password) errors.confirm = "must be the same as the password";
  if (Object.keys(errors).length) throw new ApiError(400, "invalid_input", "Please check the form.", errors);
  const data = parsed.data!;
  let role: Role = "member";
  if (input.invite) {
    const inv = invitationFor(ctx, input.invite);
    if (!inv) throw new ApiError(400, "invalid_invitation", "This invitation has expired or was already used.", { invite: "has expired or was already used" });
    if (inv.email.toLowerCase() !== data.email) throw new ApiError(400, "invalid_input", "Use the email address the invitation was sent to.", { email: `must be ${inv.email}` });
    role = inv.role;
  }
  const exists = ctx.db.sqlite.prepare("SELECT 1 FROM users WHERE email = ?").get(data.email);
  if (exists) throw new ApiError(409, "email_taken", "There is already an account with this email address. Sign in, or reset your password.", { email: "already has an account" });
  const { user } = await upsertUser(ctx.db, { email: data.email, password: data.password, name: data.name, role });
  if (input.invite) ctx.db.sqlite.prepare("UPDATE invitations SET accepted_at = ? WHERE id = ?").run(new Date().toISOString(), tokenHash(input.invite));
  const { token, expires } = createSession(ctx.db, user.id, request.headers.get("User-Agent"));
  return { user, setCookie: sessionCookie(request, token, expires) };
}

/** Always answers the same way, so nobody can learn which emails have accounts. */
export async function requestPasswordReset(ctx: Context, email: string, origin: string): Promise<void> {
  const user = ctx.db.sqlite.prepare("SELECT id, email FROM users WHERE email = ? AND disabled = 0").get(email.trim().toLowerCase()) as
    | { id: string; email: string }
    | undefined;
  if (!user) return;
  const token = crypto.randomBytes(32).toString("base64url");
  const now = new Date();
  ctx.db.sqlite
    .prepare("INSERT INTO password_resets (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
    .run(tokenHash(token), user.id, now.toISOString(), new Date(now.getTime() + RESET_HOURS * 3_600_000).toISOString());
  await sendMail({
    to: user.email,
    subject: "Reset your Real Wealth password",
    text: `Someone asked to reset the password for this account.\nTo choose a new password, open this link within ${RESET_HOURS} hours:\n${origin}/reset-password/${token}\nIf it was not you, you can ignore this message.`,
  });
}

export function resetTokenValid(ctx: Context, token: string): boolean {
  return !!ctx.db.sqlite
    .prepare("SELECT 1 FROM password_resets WHERE id = ? AND used_at IS NULL AND expires_at > ?")
    .get(tokenHash(token), new Date().toISOString());
}

export async function resetPassword(ctx: Context, token: string, password: string, confirm: string): Promise<void> {
  const row = ctx.db.sqlite
    .prepare("SELECT user_id FROM password_resets WHERE id = ? AND used_at IS NULL AND expires_at > ?")
    .get(tokenHash(token), new Date().toISOString()) as { user_id: string } | undefined;
  if (!row) throw new ApiError(400, "invalid_token", "This link has expired or was already used. Ask for a new one.");
  const p = passwordSchema.safeParse(password);
  if (!p.success) throw new ApiError(400, "invalid_input", "Please check the form.", { password: p.error.issues[0].message });
  if (password !== confirm) throw new ApiError(400, "invalid_input", "Please check the form.", { confirm: "must be the same as the password" });
  const hash = await hashPassword(password);
  const now = new Date().toISOString();
  ctx.db.sqlite.transaction(() => {
    ctx.db.sqlite.prepare("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?").run(hash, now, row.user_id);
    ctx.db.sqlite.prepare("UPDATE password_resets SET used_at = ? WHERE id = ?").run(now, tokenHash(token));
  })();
  revokeAllSessions(ctx.db, row.user_id);
}

export async function inviteUser(ctx: Context, by: User, email: string, role: Role, origin: string): Promise<void> {
  const token = crypto.randomBytes(32).toString("base64url");
  const now = new Date();
  ctx.db.sqlite
    .prepare("INSERT INTO invitations (id, email, role, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(tokenHash(token), email, role, by.id, now.toISOString(), new Date(now.getTime() + INVITE_DAYS * 86_400_000).toISOString());
  await sendMail({
    to: email,
    subject: `You are invited to Real Wealth as a ${role}`,
    text: `${by.name || by.email} invited you to join Real Wealth as a ${role}.\nCreate your account within ${INVITE_DAYS} days here:\n${origin}/signup?invite=${token}`,
  });
}
