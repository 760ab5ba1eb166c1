// GET /api/assets/:id/revisions (connector or admin): the revision history, newest first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assetHistory } from "~/features/assets/history.server";
import { requireApiUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { ApiError, badRequest } from "~/server/errors";
import { api, json, methodNotAllowed, PRIVATE } from "~/server/http.server";

const PER_PAGE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(async () => {
    await requireApiUser(request, "asset:history");
    const pageRaw = new URL(request.url).searchParams.get("page") ?? "1";
    if (!/^\d{1,6}$/.test(pageRaw) || Number(pageRaw) < 1) throw badRequest({ page: "must be a whole number from 1" });
    const page = Number(pageRaw);
    const { db } = await getContext();
    const id = params.id ?? "";
    const history = await assetHistory(db, id, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
    if (!history) throw new ApiError(404, "not_found", "There is no asset with that id.");
    const { asset, total, revisions } = history;
    // Revisions name the people who made them (emails).
    return json({ asset_id: id, version: asset.version, total, page, revisions }, { headers: PRIVATE });
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
