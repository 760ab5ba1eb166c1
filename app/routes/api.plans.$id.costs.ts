// GET /api/plans/:id/costs: a plan's support lines with their costs, and the weekly and yearly
// totals against the person's chosen saved budget (per funding stream, warnings, the share met by
// community and universal options). Same privacy as the plan: the person, their linked
// connectors and admins; 401 when not signed in, 404 for anyone else. Read-only.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { planCostsJson } from "~/features/plans/plan-costs.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(async () => {
    const user = await requireApiUser(request);
    const { db } = await getContext();
    return json(await planCostsJson(db, user, params.id ?? ""), { headers: { "Cache-Control": "private, no-store" } });
  });
}

export async function action(_: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
