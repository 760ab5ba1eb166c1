// GET /api/budget/questionnaire?type=adult|child[&version=N]: the questions, the allowed answers
// and the version's rules (points, threshold, conversion), so the working can be checked.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isQuestionnaireType } from "~/features/budget/budget-versions.server";
import { questionnaireView, resolvePublished } from "~/features/budget/estimates.server";
import { getContext } from "~/server/context.server";
import { badRequest } from "~/server/errors";
import { api, json, methodNotAllowed } from "~/server/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return api(async () => {
    const params = new URL(request.url).searchParams;
    const type = params.get("type");
    if (!isQuestionnaireType(type)) throw badRequest({ type: "must be adult or child" });
    const { db } = await getContext();
    return json(questionnaireView(await resolvePublished(db, type, params.get("version") ?? undefined)));
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
