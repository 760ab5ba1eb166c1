import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseSearchParams } from "~/core/search-params";
import { getContext } from "~/server/context.server";
import { badRequest } from "~/server/errors";
import { api, json, methodNotAllowed } from "~/server/http.server";
import { runSearch } from "~/features/directory/search.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return api(async () => {
    const parsed = parseSearchParams(new URL(request.url).searchParams);
    if (!parsed.ok) throw badRequest(parsed.fields);
    const result = await runSearch(await getContext(), parsed.value);
    return json(result, { headers: { "Cache-Control": "no-store" } });
  });
}

/** Anything but GET gets the contract's JSON error (405), not Remix's default. */
export async function action(_: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
