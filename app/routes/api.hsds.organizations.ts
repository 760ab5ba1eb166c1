// GET /api/hsds/organizations: a page of HSDS organizations. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { hsdsAction, hsdsApi, hsdsJson } from "~/features/hsds/http.server";
import { listOrganizations } from "~/features/hsds/organizations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => {
    const { db } = await getContext();
    return hsdsJson(request, await listOrganizations(db, new URL(request.url).searchParams));
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
