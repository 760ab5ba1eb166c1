// POST /api/match: a real-wealth profile and outcomes → suggested local connections per outcome
// and ways to contribute (CONTRACTS). Public; stores nothing. See README "Matching".
import type { ActionFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { readJsonBody } from "~/server/json-body.server";
import { matchFromBody } from "~/features/matching/match.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const body = await readJsonBody(request);
    const ctx = await getContext();
    return json(await matchFromBody(ctx, body));
  });
}
