// Helpers that keep the API routes thin: JSON responses and one error shape.
import { ZodError } from "zod";
import { fieldErrors } from "../core/asset";
import { ApiError, ConflictError, describeFields, errorBody } from "./errors";

/** Personal data (emails, profiles, plans): never stored by a shared cache or kept by the browser. */
export const PRIVATE = { "Cache-Control": "private, no-store" };

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(data), { ...init, headers });
}

export function errorResponse(e: unknown): Response {
  if (e instanceof ApiError) {
    const headers: Record<string, string> = {};
    if (e.retryAfter) headers["Retry-After"] = String(e.retryAfter);
    const body = e instanceof ConflictError ? { ...errorBody(e.code, e.message, e.fields), current: e.current } : errorBody(e.code, e.message, e.fields);
    return json(body, { status: e.status, headers });
  }
  if (e instanceof ZodError) {
    const fields = fieldErrors(e);
    return json(errorBody("invalid_input", `Please check: ${describeFields(fields)}.`, fields), { status: 400 });
  }
  if (e instanceof Response) return e;
  console.error(e);
  return json(errorBody("server_error", "Something went wrong on our side. Please try again."), { status: 500 });
}

/** Run an API handler; any thrown error becomes the contract's error JSON. */
export async function api(fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    return errorResponse(e);
  }
}

export function methodNotAllowed(allowed: string[]): Response {
  return json(errorBody("method_not_allowed", `Use ${allowed.join(" or ")}.`), { status: 405, headers: { Allow: allowed.join(", ") } });
}
