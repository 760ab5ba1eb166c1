import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { revokeSession } from "~/features/accounts/sessions.server";
import { currentUser } from "~/server/auth.server";
import { clientIp } from "~/server/client-ip.server";
import { SESSION_COOKIE, clearSessionCookie, readCookie } from "~/server/cookies.server";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { readJsonBody } from "~/server/json-body.server";
import { publicUser, signIn } from "~/features/accounts/sign-in.server";

/** GET /api/session: who is signed in (401 when nobody). */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(async () => {
    const user = await currentUser(request);
    if (!user) throw new ApiError(401, "unauthenticated", "Nobody is signed in.");
    return json({ user: publicUser(user) });
  });
}

/** POST /api/session {email, password} signs in; DELETE /api/session signs out. */
export async function action({ request, context }: ActionFunctionArgs) {
  return api(async () => {
    const ctx = await getContext();
    if (request.method === "POST") {
      const body = await readJsonBody(request);
      const { user, setCookie } = await signIn(ctx, request, body, clientIp(context));
      return json({ user: publicUser(user) }, { headers: { "Set-Cookie": setCookie } });
    }
    if (request.method === "DELETE") {
      const token = readCookie(request, SESSION_COOKIE);
      if (token) await revokeSession(ctx.db, token);
      return json({ signed_out: true }, { headers: { "Set-Cookie": clearSessionCookie(request) } });
    }
    return methodNotAllowed(["POST", "DELETE"]);
  });
}
