// Signing in and out: one set of rules for the JSON API and the browser forms.
import { signInSchema } from "../core/account";
import { fieldErrors } from "../core/asset";
import { authenticate, createSession, sessionCookie, type User } from "./auth.server";
import type { Context } from "./context.server";
import { ApiError } from "./errors";
import { LIMITS, enforce } from "./rate-limit.server";

export async function signIn(
  ctx: Context,
  request: Request,
  input: unknown,
  ip: string,
): Promise<{ user: User; setCookie: string }> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new ApiError(400, "invalid_input", "Please enter your email address and password.", fieldErrors(parsed.error));
  const email = parsed.data.email.toLowerCase();
  enforce(`signin:ip:${ip}`, LIMITS.signInPerIp, "sign-in attempts");
  enforce(`signin:account:${email}`, LIMITS.signInPerAccount, "sign-in attempts for this account");
  const user = await authenticate(ctx.db, email, parsed.data.password);
  if (!user) throw new ApiError(401, "invalid_credentials", "The email address or password is not right.", { email: "or password is not right" });
  const { token, expires } = createSession(ctx.db, user.id, request.headers.get("User-Agent"));
  return { user, setCookie: sessionCookie(request, token, expires) };
}

export function publicUser(u: User) {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}
