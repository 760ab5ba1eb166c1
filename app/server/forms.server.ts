// Shared checks for browser form posts: the body (urlencoded, at most 256 KB, counted while it
// streams in), the CSRF token and the honeypot field. File uploads (multipart) have their own
// reader: app/server/upload.server.ts readUploadForm.
import { verifyCsrf } from "./csrf.server";
import { readLimitedText } from "./body-limit.server";
import { ApiError } from "./errors";

/** The hidden field that people never fill in and simple bots do. */
export const HONEYPOT = "website_url";

/** Far more than any page form sends (the longest, an asset, is a few KB). */
export const MAX_FORM_BYTES = 256 * 1024;

/**
 * A body that cannot be read as a form at all gets the plain error page (the root
 * ErrorBoundary) with this status: there is nothing typed to show back in the form.
 */
function unreadable(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

const tooLarge = () => unreadable(413, "This form is too large to send (at most 256 KB). Please go back, shorten what you typed and try again.");

/**
 * The fields of a urlencoded form post, without the CSRF check (for actions that answer an
 * expired form themselves). Throws a Response (the error page): 415 for any other kind of body,
 * 413 past MAX_FORM_BYTES.
 */
export async function readFormBody(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(type)) {
    throw unreadable(415, "This form could not be read. Please go back to the page, reload it and send the form from there.");
  }
  const form = new FormData();
  for (const [k, v] of new URLSearchParams(await readLimitedText(request, MAX_FORM_BYTES, tooLarge))) form.append(k, v);
  return form;
}

export async function readForm(request: Request, opts: { honeypot?: boolean } = {}): Promise<FormData> {
  const form = await readFormBody(request);
  if (!verifyCsrf(request, form)) {
    throw new ApiError(403, "csrf", "This form has expired. Please go back, reload the page and try again.");
  }
  if (opts.honeypot && String(form.get(HONEYPOT) ?? "") !== "") {
    throw new ApiError(400, "spam", "This form could not be sent.");
  }
  return form;
}

export function str(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}
