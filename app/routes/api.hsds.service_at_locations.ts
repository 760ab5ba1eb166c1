// GET /api/hsds/service_at_locations: a page (postcode + proximity in metres). See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/services/context.server";
import { listServiceAtLocations, hsdsAction, hsdsApi, hsdsJson } from "~/services/hsds.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, listServiceAtLocations((await getContext()).db, new URL(request.url).searchParams)));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
