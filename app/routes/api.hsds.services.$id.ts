// GET /api/hsds/services/:id: one service, fully nested. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/services/context.server";
import { getService, hsdsAction, hsdsApi, hsdsJson, notFound } from "~/services/hsds.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, getService((await getContext()).db, params.id ?? "") ?? notFound("service")));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
