// GET /api/hsds/datapackage.json: the Frictionless descriptor of the HSDS CSV datapackage; its
// resources are the CSV files at /api/hsds/datapackage/{file}.csv.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { datapackageDocument } from "~/features/hsds/downloads.server";
import { hsdsAction, hsdsApi, hsdsJson } from "~/features/hsds/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (request.method === "OPTIONS") return hsdsAction(request);
  return hsdsApi(async () => hsdsJson(request, await datapackageDocument((await getContext()).db.path)));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
