import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { geocodePostcode } from "~/features/postcodes/geocode.server";
import { api, json, methodNotAllowed } from "~/server/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return api(async () => {
    const raw = (new URL(request.url).searchParams.get("postcode") ?? "").trim();
    if (!raw) throw new ApiError(400, "invalid_postcode", "postcode is required, for example M33 7XX", { postcode: "is required" });
    const { db } = await getContext();
    const g = await geocodePostcode(db, raw);
    if (g === null) {
      throw new ApiError(400, "invalid_postcode", `postcode "${raw.slice(0, 20)}" is not a valid UK postcode (for example M33 7XX)`, {
        postcode: "is not a valid UK postcode",
      });
    }
    if (g === undefined) throw new ApiError(404, "postcode_not_found", `We could not find the postcode ${raw.toUpperCase()}.`, { postcode: "was not found" });
    return json({ postcode: g.postcode, lat: g.lat, lng: g.lng, precision: g.precision });
  });
}

/** Anything but GET gets the contract's JSON error (405), not Remix's default. */
export async function action(_: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
