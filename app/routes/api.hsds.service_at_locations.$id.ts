// GET /api/hsds/service_at_locations/:id: one service at a location. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { hsdsAction, hsdsApi, hsdsJson, notFound } from "~/features/hsds/http.server";
import { getServiceAtLocation } from "~/features/hsds/services.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return hsdsApi(async () => {
    const { db } = await getContext();
    return hsdsJson(request, (await getServiceAtLocation(db, params.id ?? "")) ?? notFound("service_at_location"));
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
