// GET /api/hsds/export.ndjson: the whole directory as HSDS, one service_full per line, streamed
// from a consistent snapshot (app/features/hsds/downloads.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { ndjsonDownload } from "~/features/hsds/downloads.server";
import { downloadOptions } from "~/features/hsds/export-stream.server";
import { hsdsAction, hsdsApi } from "~/features/hsds/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (request.method === "OPTIONS") return hsdsAction(request);
  return hsdsApi(async () => ndjsonDownload((await getContext()).db.path, request, downloadOptions(request, context)));
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
