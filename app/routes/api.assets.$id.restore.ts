// POST /api/assets/:id/restore (connector or admin) with {"version": N} (and optionally
// "expected_version": the current version you last read): the content of version N becomes a new version.
import type { ActionFunctionArgs } from "@remix-run/node";
import { restoreVersion } from "~/features/assets/lifecycle.server";
import { requireApiUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { badRequest } from "~/server/errors";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { readJsonBody } from "~/server/json-body.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

const isVersion = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1;

export async function action({ request, params }: ActionFunctionArgs) {
  return api(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const user = await requireApiUser(request, "asset:restore");
    const body = (await readJsonBody(request)) as { version?: unknown; expected_version?: unknown } | null;
    if (!body || !isVersion(body.version)) throw badRequest({ version: "is required: the whole number of the version to restore" }, "invalid_input");
    if (body.expected_version !== undefined && !isVersion(body.expected_version)) throw badRequest({ expected_version: "must be a whole number" }, "invalid_input");
    const { record } = await restoreVersion(await getContext(), user, params.id ?? "", body.version, body.expected_version as number | undefined);
    return json(record);
  });
}
