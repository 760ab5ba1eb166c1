// POST /api/budget/estimate: questionnaire answers → an indicative budget with the working shown.
// Public; stores nothing. See README "Budget calculator".
import type { ActionFunctionArgs } from "@remix-run/node";
import { estimateFromBody } from "~/features/budget/estimates.server";
import { getContext } from "~/server/context.server";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { readJsonBody } from "~/server/json-body.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const body = await readJsonBody(request);
    const { db } = await getContext();
    const { result } = await estimateFromBody(db, body);
    return json(result);
  });
}
