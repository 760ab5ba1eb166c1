// GET /api/hsds/datapackage/{file}.csv: one table of the HSDS CSV datapackage (services.csv,
// locations.csv, …; see /api/hsds/datapackage.json), streamed. An unknown file is a JSON 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { csvDownload } from "~/features/hsds/downloads.server";
import { downloadOptions } from "~/features/hsds/export-stream.server";
import { hsdsAction, hsdsApi } from "~/features/hsds/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (request.method === "OPTIONS") return hsdsAction(request);
  return hsdsApi(async () => {
    const res = csvDownload((await getContext()).db.path, params.file ?? "", request, downloadOptions(request, context));
    if (!res) throw new ApiError(404, "not_found", `There is no file ${String(params.file).slice(0, 60)} in the datapackage: see /api/hsds/datapackage.json.`, { file: "is not a table of the datapackage" });
    return res;
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return hsdsAction(request);
}
