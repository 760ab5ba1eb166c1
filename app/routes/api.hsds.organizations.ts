// GET /api/hsds/organizations: a page of HSDS organizations. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/services/context.server";
import { listOrganizations, hsdsAction, hsdsApi, hsdsJson } from "~/services/hsds.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, listOrganizations((await getContext()).db, new URL(request.url).searchParams)));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
