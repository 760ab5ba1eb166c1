// POST /api/suggestions: anyone may suggest a new listing or a correction (JSON). The same rules
// as the web form: a JSON body (so no other site can send it from a form), the honeypot field
// `website_url` must be empty, and a rate limit per address. Stored for a connector to review;
// nothing reaches the directory before that.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { currentUser } from "~/server/auth.server";
import { clientIp } from "~/server/client-ip.server";
import { getContext } from "~/server/context.server";
import { readJsonBody } from "~/server/json-body.server";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { createSuggestion } from "~/features/suggestions/submit.server";

export async function loader(_: LoaderFunctionArgs) {
  return methodNotAllowed(["POST"]);
}

export async function action({ request, context }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const body = await readJsonBody(request);
    const { id } = await createSuggestion(await getContext(), body, { user: await currentUser(request), ip: clientIp(context) });
    return json(
      { id, status: "pending", message: "Thank you. A connector will check your suggestion before anything changes in the directory." },
      { status: 201 },
    );
  });
}
