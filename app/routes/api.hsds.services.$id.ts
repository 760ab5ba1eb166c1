// GET /api/hsds/services/:id: one service, fully nested. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { hsdsAction, hsdsApi, hsdsJson, notFound } from "~/features/hsds/http.server";
import { getService } from "~/features/hsds/services.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return hsdsApi(async () => {
    const { db } = await getContext();
    return hsdsJson(request, (await getService(db, params.id ?? "")) ?? notFound("service"));
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
