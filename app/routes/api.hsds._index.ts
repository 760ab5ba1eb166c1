// GET /api/hsds/: the API's version, profile and OpenAPI description. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { hsdsRoot, hsdsAction, hsdsApi, hsdsJson } from "~/services/hsds.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, hsdsRoot()));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
