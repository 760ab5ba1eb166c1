// GET /api/hsds/organizations/:id: one organization with its services. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { hsdsAction, hsdsApi, hsdsJson, notFound } from "~/features/hsds/http.server";
import { getOrganization } from "~/features/hsds/organizations.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return hsdsApi(async () => {
    const { db } = await getContext();
    return hsdsJson(request, (await getOrganization(db, params.id ?? "")) ?? notFound("organization"));
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
