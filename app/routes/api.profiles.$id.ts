// GET /api/profiles/:id: one real-wealth profile with its connectors and plans (ids and titles).
// Only the person, their linked connectors and admins; 401 when not signed in, 404 for anyone
// else (a profile's existence is not disclosed). Personal data: never cached.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { api, json, methodNotAllowed, PRIVATE } from "~/server/http.server";
import { profileJson } from "~/features/profiles/export.server";
import { getProfileFor } from "~/features/profiles/profiles.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(async () => {
    const user = await requireApiUser(request);
    const { db } = await getContext();
    return json(await profileJson(db, await getProfileFor(db, user, params.id!)), { headers: PRIVATE });
  });
}

/** Read only: other methods get the contract's JSON 405. */
export async function action() {
  return methodNotAllowed(["GET"]);
}
