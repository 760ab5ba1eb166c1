// Any other path under /api/hsds: a JSON 404 in the contract's error shape, with the HSDS API's
// CORS headers (the general /api 404 in api.$.ts has none); OPTIONS is the CORS preflight.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ApiError } from "~/server/errors";
import { hsdsAction, hsdsApi } from "~/features/hsds/http.server";

function notFound(request: Request): never {
  const path = new URL(request.url).pathname;
  throw new ApiError(404, "not_found", `There is no HSDS API at ${path.slice(0, 100)}. See /api/hsds/ and the README's API reference.`);
}

export async function loader({ request }: LoaderFunctionArgs) {
  // Remix hands OPTIONS to the loader: answer the CORS preflight.
  if (request.method === "OPTIONS") return hsdsAction(request);
  return hsdsApi(() => notFound(request));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method === "OPTIONS") return hsdsAction(request);
  return hsdsApi(() => notFound(request));
}
