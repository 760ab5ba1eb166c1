// Shared checks for browser form posts: CSRF token and the honeypot field.
import { verifyCsrf } from "./auth.server";
import { ApiError } from "./errors";

/** The hidden field that people never fill in and simple bots do. */
export const HONEYPOT = "website_url";

export async function readForm(request: Request, opts: { honeypot?: boolean } = {}): Promise<FormData> {
  const form = await request.formData();
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
