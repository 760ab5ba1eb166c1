// Turning errors into page responses: field errors with a 4xx status for forms, or the plain
// error page (the root ErrorBoundary) with the error's status.
import { json } from "@remix-run/node";
import { ApiError } from "./errors";

/** Run a form action; an ApiError becomes {errors} with its status, anything else is rethrown. */
export async function formAction<T>(fn: () => Promise<T>, values: Record<string, unknown> = {}): Promise<T | ReturnType<typeof json>> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) {
      const errors = e.fields && Object.keys(e.fields).length ? e.fields : { _: e.message };
      if (e.fields && e.status !== 400) errors._ = e.message;
      return json({ errors, message: e.message, values }, { status: e.status, headers: e.retryAfter ? { "Retry-After": String(e.retryAfter) } : {} });
    }
    throw e;
  }
}

/**
 * For errors outside formAction (a form that is expired, too large or not a form at all, read
 * before the action knows what to answer): an ApiError becomes the error page with its status
 * and message, never a 500. Use as `await readForm(request).catch(pageError)`.
 */
export function pageError(e: unknown): never {
  if (e instanceof ApiError) throw new Response(e.message, { status: e.status });
  throw e;
}
