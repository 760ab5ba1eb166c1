// GET /api/hsds/taxonomy_terms/:id: one taxonomy term. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getTaxonomyTerm, hsdsAction, hsdsApi, hsdsJson, notFound } from "~/services/hsds.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, getTaxonomyTerm(params.id ?? "") ?? notFound("taxonomy_term")));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
