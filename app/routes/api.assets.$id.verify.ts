// POST /api/assets/:id/verify (connector or admin), body {} or {"version": N}: "Still correct": verified_at = now, review_due = 12 months on.
// Answers 200 with the record; 409 {error, current} when N is given and stale.
import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyAsset } from "~/features/assets/lifecycle.server";
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
    const user = await requireApiUser(request, "asset:verify");
    const body = await readJsonBody(request);
    const ctx = await getContext();
    const { record } = await verifyAsset(ctx, user, params.id ?? "", optionalVersion(body));
    return json(record);
  });
}
