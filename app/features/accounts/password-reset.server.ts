// "I have forgotten my password": the emailed link, and choosing a new password with it.
import { passwordSchema } from "../../core/account";
import type { Context } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { sendMail } from "../../server/mailer.server";
import { hashPassword } from "./passwords.server";
import { findResetTokenUser, spendResetTokensOf } from "./reset-tokens.data.server";
import { issueResetToken, resetTokenUser } from "./reset-tokens.server";
import { revokeSessionsOf } from "./sessions.data.server";
import { tokenHash } from "./tokens.server";
import { findSignInByEmail, updateUser } from "./users.data.server";

/** How long an emailed reset link lasts. */
export const RESET_HOURS = 2;

/** Always answers the same way, so nobody can learn which emails have accounts. */
export async function requestPasswordReset(ctx: Context, email: string, baseUrl: string): Promise<void> {
  const user = await findSignInByEmail(ctx.db.kysely, email.trim().toLowerCase());
  if (!user) return;
  // Asking again replaces the earlier link: only the newest one works.
  const token = await issueResetToken(ctx.db, user.id, RESET_HOURS * 3_600_000);
  await sendMail({
    to: user.email,
    subject: "Reset your Real Wealth password",
    text: `Someone asked to reset the password for this account.\nTo choose a new password, open this link within ${RESET_HOURS} hours:\n${baseUrl}/reset-password/${token}\nIf it was not you, you can ignore this message.`,
  });
}

export async function resetTokenValid(ctx: Context, token: string): Promise<boolean> {
  return (await resetTokenUser(ctx.db, token)) !== null;
}

/** Set a new password with a live token; spends every token of the account and signs it out everywhere. */
export async function resetPassword(ctx: Context, token: string, password: string, confirm: string): Promise<void> {
  if (!(await resetTokenUser(ctx.db, token))) throw invalidToken();
  const p = passwordSchema.safeParse(password);
  if (!p.success) throw new ApiError(400, "invalid_input", "Please check the form.", { password: p.error.issues[0].message });
  if (password !== confirm) throw new ApiError(400, "invalid_input", "Please check the form.", { confirm: "must be the same as the password" });
  const hash = await hashPassword(password);
  const iso = new Date().toISOString();
  await ctx.db.kysely.transaction().execute(async (tx) => {
    // Checked again inside the transaction: the token may have been spent while hashing.
    const userId = await findResetTokenUser(tx, tokenHash(token), iso);
    if (!userId) throw invalidToken();
    await updateUser(tx, userId, { password_hash: hash, updated_at: iso });
    await spendResetTokensOf(tx, userId, iso);
    await revokeSessionsOf(tx, userId, iso);
  });
}

function invalidToken(): ApiError {
  return new ApiError(400, "invalid_token", "This link has expired or was already used. Ask for a new one.");
}
