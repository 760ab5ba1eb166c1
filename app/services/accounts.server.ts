// Sign-up (with an optional invitation), password reset and invitations.
import crypto from "node:crypto";
import { accountSchema, passwordSchema } from "../core/account";
import { fieldErrors } from "../core/asset";
import type { Role } from "../core/permissions";
import { createSession, hashPassword, revokeAllSessions, sessionCookie, tokenHash, upsertUser, type User } from "./auth.server";
import type { Context } from "./context.server";
import { issueResetToken, resetTokenUser, spendResetTokens } from "./reset-tokens.server";
import { run } from "../../db/index";
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
export async function requestPasswordReset(ctx: Context, email: string, baseUrl: string): Promise<void> {
  const user = ctx.db.sqlite.prepare("SELECT id, email FROM users WHERE email = ? AND disabled = 0").get(email.trim().toLowerCase()) as
    | { id: string; email: string }
    | undefined;
  if (!user) return;
  // Asking again replaces the earlier link: only the newest one works.
  const token = issueResetToken(ctx.db, user.id, RESET_HOURS * 3_600_000);
  await sendMail({
    to: user.email,
    subject: "Reset your Real Wealth password",
    text: `Someone asked to reset the password for this account.\nTo choose a new password, open this link within ${RESET_HOURS} hours:\n${baseUrl}/reset-password/${token}\nIf it was not you, you can ignore this message.`,
  });
}

export function resetTokenValid(ctx: Context, token: string): boolean {
  return resetTokenUser(ctx.db, token) !== null;
}

/** Set a new password with a live token; spends every token of the account and signs it out everywhere. */
export async function resetPassword(ctx: Context, token: string, password: string, confirm: string): Promise<void> {
  if (!resetTokenUser(ctx.db, token)) throw invalidToken();
  const p = passwordSchema.safeParse(password);
  if (!p.success) throw new ApiError(400, "invalid_input", "Please check the form.", { password: p.error.issues[0].message });
  if (password !== confirm) throw new ApiError(400, "invalid_input", "Please check the form.", { confirm: "must be the same as the password" });
  const hash = await hashPassword(password);
  const now = new Date();
  ctx.db.sqlite.transaction(() => {
    // Checked again inside the transaction: the token may have been spent while hashing.
    const userId = resetTokenUser(ctx.db, token, now);
    if (!userId) throw invalidToken();
    run(ctx.db, ctx.db.kysely.updateTable("users").set({ password_hash: hash, updated_at: now.toISOString() }).where("id", "=", userId));
    spendResetTokens(ctx.db, userId, now);
    revokeAllSessions(ctx.db, userId, now);
  })();
}

function invalidToken(): ApiError {
  return new ApiError(400, "invalid_token", "This link has expired or was already used. Ask for a new one.");
}

export async function inviteUser(ctx: Context, by: User, email: string, role: Role, baseUrl: string): Promise<void> {
  const token = crypto.randomBytes(32).toString("base64url");
  const now = new Date();
  ctx.db.sqlite
    .prepare("INSERT INTO invitations (id, email, role, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(tokenHash(token), email, role, by.id, now.toISOString(), new Date(now.getTime() + INVITE_DAYS * 86_400_000).toISOString());
  await sendMail({
    to: email,
    subject: `You are invited to Real Wealth as a ${role}`,
    text: `${by.name || by.email} invited you to join Real Wealth as a ${role}.\nCreate your account within ${INVITE_DAYS} days here:\n${baseUrl}/signup?invite=${token}`,
  });
}
