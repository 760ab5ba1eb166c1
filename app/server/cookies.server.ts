// The site's cookies: reading one from a request, and the httpOnly SameSite=Lax session cookie
// (Secure behind HTTPS).
import { getConfig } from "../config.server";

export const SESSION_COOKIE = "rw_session";
export const CSRF_COOKIE = "rw_csrf";

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      // Our cookies are base64url; a value that is not even valid percent-encoding was not set
      // by us, so it counts as no cookie (decodeURIComponent would throw: a 500 on every page).
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

function secureFlag(request: Request): string {
  const https = new URL(request.url).protocol === "https:" || request.headers.get("X-Forwarded-Proto") === "https" || getConfig().cookieSecure;
  return https ? "; Secure" : "";
}

export function sessionCookie(request: Request, token: string, expires: Date): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${secureFlag(request)}`;
}

export function clearSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT${secureFlag(request)}`;
}
