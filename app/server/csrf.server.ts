// Cross-site request forgery: tokens for forms, and JSON-only bodies for API writes.
import crypto from "node:crypto";
import { getConfig } from "../config.server";
import { ApiError } from "./errors";
import { CSRF_COOKIE, readCookie } from "./cookies.server";

/**
 * Double-submit: a random `rw_csrf` cookie (set for every visitor by scripts/server.ts), and in
 * each form a hidden field holding an HMAC of it with the session secret. A page on another
 * site can read neither.
 */
export function csrfToken(request: Request): string {
  const raw = readCookie(request, CSRF_COOKIE);
  return raw ? sign(raw) : "";
}

function sign(raw: string): string {
  return crypto.createHmac("sha256", getConfig().sessionSecret).update(`csrf:${raw}`).digest("base64url");
}

export function verifyCsrf(request: Request, form: FormData): boolean {
  const raw = readCookie(request, CSRF_COOKIE);
  const given = form.get("csrf");
  if (!raw || typeof given !== "string") return false;
  const expected = Buffer.from(sign(raw));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** For JSON writes: a cross-site form cannot send application/json without a CORS preflight. */
export function requireJson(request: Request): void {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(400, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
}
