// POST /api/assets (connector or admin): create an asset from the fields GET /api/assets/:id returns.
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiCreateAsset } from "~/services/asset-edit.server";
import { requireApiUser } from "~/services/auth.server";
import { getContext } from "~/services/context.server";
import { api, json, methodNotAllowed } from "~/services/http.server";
import { readJsonBody } from "~/services/json-body.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const user = await requireApiUser(request, "asset:create");
    const body = await readJsonBody(request);
    const record = await apiCreateAsset(await getContext(), user, body);
    return json(record, { status: 201, headers: { Location: `/api/assets/${record.id}` } });
  });
}
