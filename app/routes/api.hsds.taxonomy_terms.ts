// GET /api/hsds/taxonomy_terms: the terms of our taxonomies. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { hsdsAction, hsdsApi, hsdsJson } from "~/features/hsds/http.server";
import { listTaxonomyTerms } from "~/features/hsds/taxonomies.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, listTaxonomyTerms(new URL(request.url).searchParams)));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
