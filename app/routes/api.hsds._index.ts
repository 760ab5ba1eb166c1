// GET /api/hsds/: the API's version, profile and OpenAPI description. See docs/hsds-mapping.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { hsdsAction, hsdsApi, hsdsJson } from "~/features/hsds/http.server";
import { hsdsRoot } from "~/features/hsds/root.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return hsdsApi(async () => hsdsJson(request, hsdsRoot()));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
