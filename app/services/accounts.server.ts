// Sign-up (with an optional invitation), password reset and invitations.
import crypto from "node:crypto";
import { accountSchema, passwordSchema } from "../core/account";
import { fieldErrors } from "../core/asset";
import type { Role } from "../core/access-policy";
import { createSession, getUserByEmail, hashPassword, revokeAllSessions, sessionCookie, tokenHash, type User } from "./auth.server";
import type { Context } from "./context.server";
import { issueResetToken, resetTokenUser, spendResetTokens } from "./reset-tokens.server";
import { first, run, type Db } from "../../db/index";
import { ApiError } from "./errors";
import { queueMail, sendMail } from "./mailer.server";

const RESET_HOURS = 2;
/** How long the link lasts that someone whose account a connector made uses to choose a password. */
const FIRST_PASSWORD_DAYS = 7;
const INVITE_DAYS = 14;

export function invitationFor(ctx: Context, token: string): { email: string; role: Role } | null {
  const row = ctx.db.sqlite
    .prepare("SELECT email, role FROM invitations WHERE id = ? AND accepted_at IS NULL AND expires_at > ?")
    .get(tokenHash(token), new Date().toISOString()) as { email: string; role: Role } | undefined;
  return row ?? null;
}

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
    const inv = invitationFor(ctx, input.invite);
    if (!inv) throw new ApiError(400, "invalid_invitation", "This invitation has expired or was already used.", { invite: "has expired or was already used" });
    if (inv.email.toLowerCase() !== data.email) throw new ApiError(400, "invalid_input", "Use the email address the invitation was sent to.", { email: `must be ${inv.email}` });
    role = inv.role;
  }
  // Hashed before looking the address up, so both answers take as long.
  const hash = await hashPassword(data.password);
  const now = new Date();
  const iso = now.toISOString();
  const made = run(
    ctx.db,
    ctx.db.kysely
      .insertInto("users")
      .values({ id: crypto.randomUUID(), email: data.email, name: data.name, password_hash: hash, role, disabled: 0, created_at: iso, updated_at: iso })
      .onConflict((oc) => oc.column("email").doNothing()),
  );
  if (made.changes === 0) {
    tellExistingAccount(ctx, data.email, baseUrl, now);
    return { signedIn: false, email: data.email };
  }
  const user = getUserByEmail(ctx.db, data.email)!;
  if (input.invite) {
    run(ctx.db, ctx.db.kysely.updateTable("invitations").set({ accepted_at: iso }).where("id", "=", tokenHash(input.invite)));
    const { token, expires } = createSession(ctx.db, user.id, request.headers.get("User-Agent"));
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
function tellExistingAccount(ctx: Context, email: string, baseUrl: string, now: Date): void {
  const user = first(ctx.db, ctx.db.kysely.selectFrom("users").select(["id", "email"]).where("email", "=", email).where("disabled", "=", 0));
  if (!user) return;
  const token = issueResetToken(ctx.db, user.id, RESET_HOURS * 3_600_000, now);
  queueMail({
    to: user.email,
    subject: "Someone tried to make a Real Wealth account with your email address",
    text: `Someone tried to make a new Real Wealth account with this email address, but it already has an account.\nIf it was you, sign in here:\n${baseUrl}/signin\nor, if you have forgotten your password, choose a new one within ${RESET_HOURS} hours here:\n${baseUrl}/reset-password/${token}\nIf it was not you, you can ignore this message: nothing has changed.`,
  });
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

/**
 * The id of the account with this email. When there is none, one is made (a member with no
 * password yet: nobody can sign in to it until its owner chooses one through the emailed link),
 * so a connector making a profile with someone never learns whether they had an account.
 */
export function accountIdFor(db: Db, email: string, now = new Date()): string {
  const iso = now.toISOString();
  run(
    db,
    db.kysely
      .insertInto("users")
      .values({ id: crypto.randomUUID(), email, name: "", password_hash: "", role: "member", disabled: 0, created_at: iso, updated_at: iso })
      .onConflict((oc) => oc.column("email").doNothing()),
  );
  return first(db, db.kysely.selectFrom("users").select("id").where("email", "=", email))!.id;
}

/**
 * Tell a person that a connector made a profile with them. An account that has no password yet
 * gets a link to choose one; the message is queued, so the answer takes as long either way.
 */
export function tellPersonAboutProfile(db: Db, by: User, profile: { id: string; user_id: string; consent_by: string | null }, baseUrl: string, now = new Date()): void {
  const owner = first(db, db.kysely.selectFrom("users").select(["id", "email", "password_hash", "disabled"]).where("id", "=", profile.user_id));
  if (!owner || owner.disabled) return;
  const who = by.name || by.email;
  const consent = profile.consent_by ? ` ${profile.consent_by} agreed to it.` : "";
  if (owner.password_hash === "") {
    const token = issueResetToken(db, owner.id, FIRST_PASSWORD_DAYS * 86_400_000, now);
    queueMail({
      to: owner.email,
      subject: `${who} made a Real Wealth profile with you`,
      text: `${who}, a connector at Real Wealth, made a profile and a plan with you.${consent}\nWe have made an account for you with this email address, so the profile is yours: you can see it, download it, choose who sees it, or delete it.\nTo start, choose a password within ${FIRST_PASSWORD_DAYS} days here:\n${baseUrl}/reset-password/${token}\n(After that, use "I have forgotten my password" on ${baseUrl}/signin.)\nIf you did not agree to this, choose a password and delete the profile, or ignore this message.`,
    });
    return;
  }
  queueMail({
    to: owner.email,
    subject: `${who} made a Real Wealth profile with you`,
    text: `${who}, a connector at Real Wealth, made a profile and a plan with you.${consent}\nSign in to see it, download it, choose who sees it, or delete it:\n${baseUrl}/profiles/${profile.id}`,
  });
}

/** Tell a connector that a person added them to their profile (queued). */
export function tellConnectorAboutLink(db: Db, by: User, connectorId: string, profile: { id: string; display_name: string }, baseUrl: string): void {
  const c = first(db, db.kysely.selectFrom("users").select(["email"]).where("id", "=", connectorId));
  if (!c) return;
  queueMail({
    to: c.email,
    subject: `You can now see ${profile.display_name}'s Real Wealth profile`,
    text: `${by.name || by.email} added you as a connector to ${profile.display_name}'s profile:\n${baseUrl}/profiles/${profile.id}`,
  });
}
