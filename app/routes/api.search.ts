import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseSearchParams } from "~/core/search-params";
import { getContext } from "~/services/context.server";
import { badRequest } from "~/services/errors";
import { api, json } from "~/services/http.server";
import { runSearch } from "~/services/search.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return api(async () => {
    const parsed = parseSearchParams(new URL(request.url).searchParams);
    if (!parsed.ok) throw badRequest(parsed.fields);
    const result = await runSearch(await getContext(), parsed.value);
    return json(result, { headers: { "Cache-Control": "no-store" } });
  });
}
