// GET /api/plans/:id: a plan (household members, outcomes, connections in the plan) and, with
// `?suggestions=1`, the matcher's suggestions for each outcome and ways to contribute. Only the
// person, their linked connectors and admins; 401 when not signed in, 404 for anyone else.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { badRequest } from "~/server/errors";
import { api, json, methodNotAllowed, PRIVATE } from "~/server/http.server";
import { getPlanFor, planJson } from "~/features/plans/plans.server";
import { planSuggestions } from "~/features/plans/suggestions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(async () => {
    const user = await requireApiUser(request);
    const ctx = await getContext();
    const flag = new URL(request.url).searchParams.get("suggestions");
    if (flag !== null && flag !== "0" && flag !== "1") throw badRequest({ suggestions: "must be 1 or 0" });
    const { plan, profile } = await getPlanFor(ctx.db, user, params.id!);
    const body: Record<string, unknown> = planJson(plan, profile);
    if (flag === "1") {
      const m = plan.outcomes.length ? await planSuggestions(ctx, plan, profile) : null;
      body.suggestions = m ? Object.fromEntries(m.outcomes.map((o) => [o.id, o.empty_reason ? { suggestions: o.suggestions, empty_reason: o.empty_reason } : { suggestions: o.suggestions }])) : {};
      body.contribute = m?.contribute ?? [];
    }
    return json(body, { headers: PRIVATE });
  });
}

/** Read only: other methods get the contract's JSON 405. */
export async function action() {
  return methodNotAllowed(["GET"]);
}
