// GET /api/profiles: the profiles the signed-in user may see (their own; a connector's, the
// people they work with; an admin's, all). 401 when not signed in. Personal data: never cached.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { api, json, methodNotAllowed, PRIVATE } from "~/server/http.server";
import { listProfiles } from "~/features/profiles/profiles.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return api(async () => {
    const user = await requireApiUser(request);
    const { db } = await getContext();
    const profiles = (await listProfiles(db, user)).map((p) => ({ ...p, url: `/api/profiles/${p.id}` }));
    return json({ profiles }, { headers: PRIVATE });
  });
}

/** Read only: other methods get the contract's JSON 405. */
export async function action() {
  return methodNotAllowed(["GET"]);
}
