// Who is asking: the signed-in account from the session cookie, and the checks routes call
// (`currentUser`, `requireApiUser`, `requirePageUser`). What each role may do is
// app/core/access-policy.ts.
import { redirect } from "@remix-run/node";
import { can, type Action } from "../core/access-policy";
import { userForToken } from "../features/accounts/sessions.server";
import type { User } from "../features/accounts/users.data.server";
import { getContext } from "./context.server";
import { ApiError } from "./errors";
import { SESSION_COOKIE, readCookie } from "./cookies.server";

export type { User } from "../features/accounts/users.data.server";

export async function currentUser(request: Request): Promise<User | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const { db } = await getContext();
  return userForToken(db, token);
}

/** For the JSON API: 401 when not signed in, 403 when the role may not do this. */
export async function requireApiUser(request: Request, action?: Action): Promise<User> {
  const user = await currentUser(request);
  if (!user) throw new ApiError(401, "unauthenticated", "Please sign in first.");
  if (action && !can(user.role, action)) throw new ApiError(403, "forbidden", "Your account is not allowed to do this.");
  return user;
}

/** For pages: redirect to sign-in when not signed in; 403 page when the role may not do this. */
export async function requirePageUser(request: Request, action?: Action): Promise<User> {
  const user = await currentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (action && !can(user.role, action)) throw new Response("Your account is not allowed to see this page.", { status: 403 });
  return user;
}
