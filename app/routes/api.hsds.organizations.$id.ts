// GET /api/hsds/organizations/:id: one organization with its services. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/services/context.server";
import { getOrganization, hsdsAction, hsdsApi, hsdsJson, notFound } from "~/services/hsds.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, getOrganization((await getContext()).db, params.id ?? "") ?? notFound("organization")));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
