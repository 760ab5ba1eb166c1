// POST /api/assets (connector or admin): create an asset from the fields GET /api/assets/:id returns.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCreateAsset } from "~/features/assets/asset-api.server";
import { requireApiUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { errorBody } from "~/server/errors";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { readJsonBody } from "~/server/json-body.server";

/** There is no listing at GET /api/assets (use /api/search): the same JSON 404 as any unknown API path. */
export async function loader({ request }: LoaderFunctionArgs) {
  const path = new URL(request.url).pathname;
  return json(errorBody("not_found", `There is no API at ${path.slice(0, 100)}. Search with /api/search; create assets with POST /api/assets.`), { status: 404 });
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
