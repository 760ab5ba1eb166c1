// Reading JSON request bodies for the write API: Content-Type must be application/json (a
// cross-site form cannot send that without a CORS preflight), the body must parse and be small.
import { requireJson } from "./auth.server";
import { ApiError } from "./errors";

const MAX_BODY_BYTES = 256 * 1024;

/** The parsed body; an empty body counts as {} (for POSTs such as /verify that need nothing). */
export async function readJsonBody(request: Request): Promise<unknown> {
  requireJson(request);
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_BODY_BYTES) throw new ApiError(400, "too_large", "The body is too large (at most 256 KB).");
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError(400, "too_large", "The body is too large (at most 256 KB).");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
}
