// POST /api/assets/:id/archive (connector or admin), body {} or {"version": N}: Archive (the place has closed): it leaves search at once.
// Answers 200 with the record; 409 {error, current} when N is given and stale.
import type { ActionFunctionArgs } from "@remix-run/node";
import { setArchived } from "~/features/assets/lifecycle.server";
import { optionalVersion } from "~/features/assets/asset-api.server";
import { requireApiUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { readJsonBody } from "~/server/json-body.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request, params }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const user = await requireApiUser(request, "asset:archive");
    const body = await readJsonBody(request);
    const ctx = await getContext();
    const { record } = await setArchived(ctx, user, params.id ?? "", true, optionalVersion(body));
    return json(record);
  });
}
