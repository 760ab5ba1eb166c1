// Accounts for the people connectors make profiles with: an account made for an email with no
// password yet, and the messages that tell the person (or a connector they add) about it.
import crypto from "node:crypto";
import type { Db, Executor } from "../../../db/index";
import { queueMail } from "../../server/mailer.server";
import { issueResetToken } from "./reset-tokens.server";
import { findAccountState, findUserIdByEmail, insertUserIfNew, type User } from "./users.data.server";

/** How long the link lasts that someone whose account a connector made uses to choose a password. */
export const FIRST_PASSWORD_DAYS = 7;

/**
 * The id of the account with this email. When there is none, one is made (a member with no
 * password yet: nobody can sign in to it until its owner chooses one through the emailed link),
 * so a connector making a profile with someone never learns whether they had an account.
 * `db` may be the transaction that makes the profile.
 */
export async function accountIdFor(db: Executor, email: string, now = new Date()): Promise<string> {
  const iso = now.toISOString();
  await insertUserIfNew(db, { id: crypto.randomUUID(), email, name: "", password_hash: "", role: "member", disabled: 0, created_at: iso, updated_at: iso });
  return (await findUserIdByEmail(db, email))!;
}

/**
 * Tell a person that a connector made a profile with them. An account that has no password yet
 * gets a link to choose one; the message is queued, so the answer takes as long either way.
 */
export async function tellPersonAboutProfile(db: Db, by: User, profile: { id: string; user_id: string; consent_by: string | null }, baseUrl: string, now = new Date()): Promise<void> {
  const owner = await findAccountState(db.kysely, profile.user_id);
  if (!owner || owner.disabled) return;
  const token = owner.password_hash === "" ? await issueResetToken(db, owner.id, FIRST_PASSWORD_DAYS * 86_400_000, now) : null;
  queueMail(profileMadeMail(by, profile, owner.email, baseUrl, token));
}

/** Tell a connector that a person added them to their profile (queued). */
export async function tellConnectorAboutLink(db: Executor, by: User, connectorId: string, profile: { id: string; display_name: string }, baseUrl: string): Promise<void> {
  const c = await findAccountState(db, connectorId);
  if (!c) return;
  queueMail(connectorAddedMail(by, c.email, profile, baseUrl));
}

/** The message to a person a connector made a profile with; `token` is a first-password link's, when they have no password yet. */
export function profileMadeMail(by: User, profile: { id: string; consent_by: string | null }, to: string, baseUrl: string, token: string | null) {
  const who = by.name || by.email;
  const consent = profile.consent_by ? ` ${profile.consent_by} agreed to it.` : "";
  const subject = `${who} made a Real Wealth profile with you`;
  if (token !== null) {
    return {
      to,
      subject,
      text: `${who}, a connector at Real Wealth, made a profile and a plan with you.${consent}\nWe have made an account for you with this email address, so the profile is yours: you can see it, download it, choose who sees it, or delete it.\nTo start, choose a password within ${FIRST_PASSWORD_DAYS} days here:\n${baseUrl}/reset-password/${token}\n(After that, use "I have forgotten my password" on ${baseUrl}/signin.)\nIf you did not agree to this, choose a password and delete the profile, or ignore this message.`,
    };
  }
  return {
    to,
    subject,
    text: `${who}, a connector at Real Wealth, made a profile and a plan with you.${consent}\nSign in to see it, download it, choose who sees it, or delete it:\n${baseUrl}/profiles/${profile.id}`,
  };
}

export function connectorAddedMail(by: User, to: string, profile: { id: string; display_name: string }, baseUrl: string) {
  return {
    to,
    subject: `You can now see ${profile.display_name}'s Real Wealth profile`,
    text: `${by.name || by.email} added you as a connector to ${profile.display_name}'s profile:\n${baseUrl}/profiles/${profile.id}`,
  };
}
