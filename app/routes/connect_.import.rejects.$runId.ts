// /connect/import/rejects/:runId: the rows an in-site import could not take, as a CSV download
// (the file's own columns plus `reason`), streamed from the database.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { rejectsStream } from "~/features/imports/runs.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePageUser(request, "import:run");
  const { db } = await getContext();
  const file = await rejectsStream(db, user, params.runId ?? "");
  if (!file) return new Response("There are no rejected rows for that import.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(file.stream, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
