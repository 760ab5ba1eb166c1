// Signing in: one set of rules for the JSON API and the browser forms.
import { signInSchema } from "../../core/account";
import { fieldErrors } from "../../core/asset";
import { sessionCookie } from "../../server/cookies.server";
import type { Context } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { LIMITS, hit, signInBackoff, signInSucceeded, tooMany, unhit } from "../../server/rate-limit.server";
import { authenticate } from "./passwords.server";
import { createSession } from "./sessions.server";
import type { User } from "./users.data.server";

export async function signIn(
  ctx: Context,
  request: Request,
  input: unknown,
  ip: string,
): Promise<{ user: User; setCookie: string }> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new ApiError(400, "invalid_input", "Please enter your email address and password.", fieldErrors(parsed.error));
  const email = parsed.data.email.trim().toLowerCase();
  // Failed attempts are limited per account *and* address with a growing wait, so someone
  // guessing elsewhere cannot lock the owner out; an address that fails very often is stopped.
  // Each attempt counts as a failure up front (parallel guesses cannot slip past), and a good
  // sign-in takes its count back.
  const ipKey = `signin:ip:${ip}`;
  const accountKey = `signin:account:${email}:ip:${ip}`;
  const at = Date.now();
  const ipWait = hit(ipKey, LIMITS.signInFailuresPerIp, at);
  if (ipWait > 0) throw tooMany("failed sign-in attempts from your address", ipWait);
  const wait = signInBackoff(accountKey, at);
  if (wait > 0) {
    unhit(ipKey, at);
    throw tooMany("failed sign-in attempts for this account", wait);
  }
  const user = await authenticate(ctx.db, email, parsed.data.password);
  if (!user) throw new ApiError(401, "invalid_credentials", "The email address or password is not right.", { email: "or password is not right" });
  unhit(ipKey, at);
  signInSucceeded(accountKey);
  const { token, expires } = await createSession(ctx.db, user.id, request.headers.get("User-Agent"));
  return { user, setCookie: sessionCookie(request, token, expires) };
}

export function publicUser(u: User) {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}
