// GET /api/hsds/taxonomies/:id: one taxonomy. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { hsdsAction, hsdsApi, hsdsJson, notFound } from "~/features/hsds/http.server";
import { getTaxonomy } from "~/features/hsds/taxonomies.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, getTaxonomy(params.id ?? "") ?? notFound("taxonomy")));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
