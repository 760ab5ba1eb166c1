// The HSDS API over HTTP: CORS on every answer (errors and preflight too), a weak ETag of the body
// with 304s, and errors in the contract's JSON shape.
import { createHash } from "node:crypto";
import { ApiError } from "../../server/errors";
import { errorResponse, methodNotAllowed } from "../../server/http.server";

export const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "If-None-Match, Content-Type",
  "Access-Control-Expose-Headers": "ETag",
};

/** JSON with CORS and a weak ETag of the body; 304 when If-None-Match has it. */
export function hsdsJson(request: Request, data: unknown, status = 200): Response {
  const body = JSON.stringify(data);
  const etag = `W/"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers = new Headers({ ...CORS_HEADERS, ETag: etag, "Cache-Control": "no-cache", Vary: "Origin" });
  const inm = request.headers.get("If-None-Match");
  if (status === 200 && inm && inm.split(",").some((t) => t.trim() === etag || t.trim() === "*" || t.trim() === etag.slice(2))) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(body, { status, headers });
}

/** Run an HSDS handler: errors in the contract's shape, CORS on every answer. */
export async function hsdsApi(fn: () => Promise<Response> | Response): Promise<Response> {
  let res: Response;
  try {
    res = await fn();
  } catch (e) {
    res = errorResponse(e);
  }
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.headers.set(k, v);
  return res;
}

export function notFound(what: string): never {
  throw new ApiError(404, "not_found", `There is no ${what} with that id.`);
}

/** OPTIONS (CORS preflight) and anything but GET. */
export function hsdsAction(request: Request): Response {
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { ...CORS_HEADERS, "Access-Control-Max-Age": "86400" } });
  const res = methodNotAllowed(["GET"]);
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.headers.set(k, v);
  return res;
}
