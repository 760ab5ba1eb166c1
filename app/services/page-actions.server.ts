// Turning errors into page responses: field errors with a 4xx status for forms.
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
