import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseSearchParams } from "~/core/search-params";
import { getContext } from "~/server/context.server";
import { badRequest } from "~/server/errors";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { resolveOrigin } from "~/features/directory/search.server";

/** GET /api/clusters?bbox=minLng,minLat,maxLng,maxLat&zoom=N plus any /api/search filter. */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(async () => {
    const params = new URL(request.url).searchParams;
    const parsed = parseSearchParams(params);
    const fields = parsed.ok ? {} : { ...parsed.fields };
    const zoomRaw = params.get("zoom");
    const zoom = Number(zoomRaw);
    if (zoomRaw === null || !Number.isInteger(zoom) || zoom < 0 || zoom > 20) fields.zoom = "must be a whole number from 0 to 20";
    if (parsed.ok && !parsed.value.bbox) fields.bbox = "is required: minLng,minLat,maxLng,maxLat";
    if (!parsed.ok || Object.keys(fields).length) throw badRequest(fields);
    const ctx = await getContext();
    const query = await resolveOrigin(ctx, parsed.value);
    const features = await ctx.index.clusters(query, parsed.value.bbox!, zoom);
    return json({ zoom, features });
  });
}

/** Anything but GET gets the contract's JSON error (405), not Remix's default. */
export async function action(_: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
