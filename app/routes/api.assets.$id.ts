import type { LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/services/context.server";
import { getAsset } from "~/services/assets.server";
import { ApiError } from "~/services/errors";
import { api, json } from "~/services/http.server";

export async function loader({ params }: LoaderFunctionArgs) {
  return api(async () => {
    const { db } = await getContext();
    const asset = getAsset(db, params.id ?? "");
    if (!asset) throw new ApiError(404, "not_found", "There is no asset with that id.");
    return json(asset);
  });
}
