// GET /api/assets/:id: the whole public record. PATCH (connector or admin) with
// {"version": N, ...changed fields}: 200 with the new record, 409 {error, current} when N is stale.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { getAsset } from "~/features/assets/public-asset.server";
import { apiPatchAsset } from "~/features/assets/asset-api.server";
import { requireApiUser } from "~/server/auth.server";
import { ApiError } from "~/server/errors";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { readJsonBody } from "~/server/json-body.server";

export async function loader({ params }: LoaderFunctionArgs) {
  return api(async () => {
    const { db } = await getContext();
    const asset = await getAsset(db, params.id ?? "");
    if (!asset) throw new ApiError(404, "not_found", "There is no asset with that id.");
    return json(asset);
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
    const user = await requireApiUser(request, "asset:edit");
    const body = await readJsonBody(request);
    return json(await apiPatchAsset(await getContext(), user, params.id ?? "", body));
  });
}
