// GET /api/hsds/service_at_locations: a page (postcode + proximity in metres). See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { hsdsAction, hsdsApi, hsdsJson } from "~/features/hsds/http.server";
import { listServiceAtLocations } from "~/features/hsds/services.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => {
    const { db } = await getContext();
    return hsdsJson(request, await listServiceAtLocations(db, new URL(request.url).searchParams));
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
