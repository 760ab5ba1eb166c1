// Making an account (with an optional invitation).
import crypto from "node:crypto";
import { accountSchema } from "../../core/account";
import type { Role } from "../../core/access-policy";
import { fieldErrors } from "../../core/asset";
import { sessionCookie } from "../../server/cookies.server";
import type { Context } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { queueMail } from "../../server/mailer.server";
import { markInvitationAccepted } from "./invitations.data.server";
import { invitationFor } from "./invitations.server";
import { hashPassword } from "./passwords.server";
import { RESET_HOURS } from "./password-reset.server";
import { issueResetToken } from "./reset-tokens.server";
import { createSession } from "./sessions.server";
import { tokenHash } from "./tokens.server";
import { findSignInByEmail, findUserByEmail, insertUserIfNew, type User } from "./users.data.server";

export type SignUpResult =
  /** An invitation's holder whose account was just made: signed in at once. */
  | { signedIn: true; user: User; setCookie: string }
  /** Everyone else: "check your email", whether or not the address already had an account. */
  | { signedIn: false; email: string };

/**
 * Make an account. The answer is the same whether or not the email already has one (nobody can
 * learn which addresses do): a new account gets a welcome message, an existing one a message
 * saying someone tried to sign up, with a link to choose a new password. Only someone holding
 * an invitation for the address (so they read its mail) is signed in at once.
 */
export async function signUp(
  ctx: Context,
  request: Request,
  input: { email: string; password: string; confirm: string; name: string; invite?: string },
  baseUrl: string,
): Promise<SignUpResult> {
  const parsed = accountSchema.safeParse(input);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  if (input.password !== input.confirm && !errors.password) errors.confirm = "must be the same as the password";
  if (Object.keys(errors).length) throw new ApiError(400, "invalid_input", "Please check the form.", errors);
  const data = parsed.data!;
  let role: Role = "member";
  if (input.invite) {
    const inv = await invitationFor(ctx, input.invite);
    if (!inv) throw new ApiError(400, "invalid_invitation", "This invitation has expired or was already used.", { invite: "has expired or was already used" });
    if (inv.email.toLowerCase() !== data.email) throw new ApiError(400, "invalid_input", "Use the email address the invitation was sent to.", { email: `must be ${inv.email}` });
    role = inv.role;
  }
  // Hashed before looking the address up, so both answers take as long.
  const hash = await hashPassword(data.password);
  const now = new Date();
  const iso = now.toISOString();
  const invite = input.invite;
  const user = await ctx.db.kysely.transaction().execute(async (tx) => {
    const made = await insertUserIfNew(tx, { id: crypto.randomUUID(), email: data.email, name: data.name, password_hash: hash, role, disabled: 0, created_at: iso, updated_at: iso });
    if (!made) return null;
    if (invite) await markInvitationAccepted(tx, tokenHash(invite), iso);
    return (await findUserByEmail(tx, data.email))!;
  });
  if (!user) {
    await tellExistingAccount(ctx, data.email, baseUrl, now);
    return { signedIn: false, email: data.email };
  }
  if (invite) {
    const { token, expires } = await createSession(ctx.db, user.id, request.headers.get("User-Agent"));
    return { signedIn: true, user, setCookie: sessionCookie(request, token, expires) };
  }
  queueMail({
    to: user.email,
    subject: "Welcome to Real Wealth",
    text: `Your Real Wealth account is ready.\nSign in with this email address and the password you chose:\n${baseUrl}/signin\nIf you did not make this account, someone else used your address: to take the account over, choose a new password here:\n${baseUrl}/reset-password`,
  });
  return { signedIn: false, email: user.email };
}

/** Someone tried to sign up with the address of an account: tell its owner, with a reset link. */
async function tellExistingAccount(ctx: Context, email: string, baseUrl: string, now: Date): Promise<void> {
  const user = await findSignInByEmail(ctx.db.kysely, email);
  if (!user) return;
  const token = await issueResetToken(ctx.db, user.id, RESET_HOURS * 3_600_000, now);
  queueMail({
    to: user.email,
    subject: "Someone tried to make a Real Wealth account with your email address",
    text: `Someone tried to make a new Real Wealth account with this email address, but it already has an account.\nIf it was you, sign in here:\n${baseUrl}/signin\nor, if you have forgotten your password, choose a new one within ${RESET_HOURS} hours here:\n${baseUrl}/reset-password/${token}\nIf it was not you, you can ignore this message: nothing has changed.`,
  });
}
