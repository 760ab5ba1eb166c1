// GET /api/hsds/taxonomies: the taxonomies we publish. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { hsdsAction, hsdsApi, hsdsJson } from "~/features/hsds/http.server";
import { listTaxonomies } from "~/features/hsds/taxonomies.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, listTaxonomies(new URL(request.url).searchParams)));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
