// GET /api/hsds/export.ndjson: the whole directory as HSDS, one service_full per line, streamed
// from a consistent snapshot (app/services/hsds-export.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/services/context.server";
import { downloadOptions, ndjsonDownload } from "~/services/hsds-export.server";
import { hsdsAction, hsdsApi } from "~/services/hsds.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (request.method === "OPTIONS") return hsdsAction(request);
  return hsdsApi(async () => ndjsonDownload((await getContext()).db.path, request, downloadOptions(request, context)));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
