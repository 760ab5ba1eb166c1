// GET /api/hsds/taxonomy_terms/:id: one taxonomy term. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { hsdsAction, hsdsApi, hsdsJson, notFound } from "~/features/hsds/http.server";
import { getTaxonomyTerm } from "~/features/hsds/taxonomies.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, getTaxonomyTerm(params.id ?? "") ?? notFound("taxonomy_term")));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
