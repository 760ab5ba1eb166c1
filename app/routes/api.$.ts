// Any other path under /api: a JSON 404 in the contract's error shape (not the HTML error page).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { errorBody } from "~/server/errors";
import { json } from "~/server/http.server";

function notFound(request: Request): Response {
  const path = new URL(request.url).pathname;
  return json(errorBody("not_found", `There is no API at ${path.slice(0, 100)}.`), { status: 404 });
}

export async function loader({ request }: LoaderFunctionArgs) {
  return notFound(request);
}

export async function action({ request }: ActionFunctionArgs) {
  return notFound(request);
}
