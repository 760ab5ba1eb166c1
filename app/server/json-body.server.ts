// Reading JSON request bodies for the write API: Content-Type must be application/json (a
// cross-site form cannot send that without a CORS preflight), the body must parse and be small.
// The size is enforced while the body streams in (body-limit.server.ts): 413 past 256 KB.
import { requireJson } from "./csrf.server";
import { readLimitedText } from "./body-limit.server";
import { ApiError } from "./errors";

export const MAX_JSON_BYTES = 256 * 1024;

const tooLarge = () => new ApiError(413, "too_large", "The body is too large (at most 256 KB).");

/** The parsed body; an empty body counts as {} (for POSTs such as /verify that need nothing). */
export async function readJsonBody(request: Request): Promise<unknown> {
  requireJson(request);
  const text = await readLimitedText(request, MAX_JSON_BYTES, tooLarge);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
}
