// POST /api/budget/costs: cost a list of support lines against an estimate. Public; stores
// nothing. Body: {"estimate": <the body of POST /api/budget/estimate> (optional), "lines":
// [{"label", "quadrant", "cost_type", "unit_pence", "quantity_hundredths", "stream"}]}.
import type { ActionFunctionArgs } from "@remix-run/node";
import { costPlan, validatePlanLine, type PlanLine } from "~/core/budget";
import { estimateFromBody } from "~/features/budget/estimates.server";
import { getContext } from "~/server/context.server";
import { ApiError, badRequest } from "~/server/errors";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { readJsonBody } from "~/server/json-body.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

export async function action({ request }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const body = (await readJsonBody(request)) as Record<string, unknown> | null;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest({ body: "must be a JSON object" });
    if (!Array.isArray(body.lines)) throw badRequest({ lines: "must be a list of support lines" });
    if (body.lines.length > 200) throw badRequest({ lines: "must have 200 lines or fewer" });
    const fields: Record<string, string> = {};
    const lines: PlanLine[] = [];
    body.lines.forEach((raw, i) => {
      const r = validatePlanLine(raw, `lines.${i}.`);
      if (r.ok) lines.push({ ...r.line, id: r.line.id === r.line.label ? `line-${i}` : r.line.id });
      else Object.assign(fields, r.fields);
    });
    let result = null;
    if (body.estimate !== undefined) {
      const { db } = await getContext();
      try {
        result = (await estimateFromBody(db, body.estimate)).result;
      } catch (e) {
        if (e instanceof ApiError && e.fields) for (const [k, v] of Object.entries(e.fields)) fields[`estimate.${k}`] = v;
        else throw e;
      }
    }
    if (Object.keys(fields).length) throw badRequest(fields);
    const totals = costPlan(lines, result);
    return json({ ras_version: result?.ras_version ?? null, indicative_budget: result?.indicative_budget ?? null, ...totals });
  });
}
