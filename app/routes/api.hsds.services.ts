// GET /api/hsds/services: a page of HSDS services (filters ANDed). See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { hsdsAction, hsdsApi, hsdsJson } from "~/features/hsds/http.server";
import { listServices } from "~/features/hsds/services.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => {
    const { db } = await getContext();
    return hsdsJson(request, await listServices(db, new URL(request.url).searchParams));
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
