// POST /api/budget/estimate: questionnaire answers → an indicative budget with the working shown.
// Public; stores nothing. See README "Budget calculator".
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireJson } from "~/services/auth.server";
import { estimateFromBody } from "~/features/budget/estimates.server";
import { getContext } from "~/services/context.server";
import { ApiError } from "~/services/errors";
import { api, json, methodNotAllowed } from "~/services/http.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    requireJson(request);
    const body = await request.json().catch(() => {
      throw new ApiError(400, "invalid_json", "The body is not valid JSON.", { body: "is not valid JSON" });
    });
    const { db } = await getContext();
    const { result } = await estimateFromBody(db, body);
    return json(result);
  });
}
