/**
 * Browser-form helpers for integration tests: a visitor's cookies and CSRF token, form posts
 * (urlencoded or multipart) and common expectations. Use with startTestServer/createTestUser:
 *
 *   const s = await formSession(server, connector.cookie);      // or undefined for anonymous
 *   const res = await postForm(server, "/connect/suggestions", s, { intent: "approve", id });
 *
 * This file must not import vitest.
 */
import type { HttpResult, TestServer } from "./server";

export interface FormSession {
  /** The Cookie header: the session (if any) and the CSRF cookie. */
  cookie: string;
  /** The CSRF token the site put in its forms for this visitor. */
  csrf: string;
}

/** Load a page as a browser would and keep the CSRF cookie and token. */
export async function formSession(server: TestServer, sessionCookie?: string, page = "/suggest"): Promise<FormSession> {
  const res = await server.get(page, { headers: sessionCookie ? { Cookie: sessionCookie } : {} });
  const raw = /rw_csrf=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  const token = /name="csrf" value="([^"]+)"/.exec(res.text)?.[1];
  if (!raw || !token) throw new Error(`No CSRF cookie or token on ${page} (status ${res.status}): ${res.text.slice(0, 300)}`);
  return { cookie: [sessionCookie, `rw_csrf=${raw}`].filter(Boolean).join("; "), csrf: token };
}

/**
 * POST a urlencoded form. `csrf`: true (default) adds the session's token, false leaves it out,
 * a string sends that instead. Repeated fields: pass an array.
 */
export function postForm(
  server: TestServer,
  path: string,
  s: FormSession | null,
  fields: Record<string, string | string[]>,
  opts: { csrf?: boolean | string } = {},
): Promise<HttpResult> {
  const body = new URLSearchParams();
  const csrf = opts.csrf ?? true;
  if (s && csrf === true) body.append("csrf", s.csrf);
  if (typeof csrf === "string") body.append("csrf", csrf);
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return server.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(s ? { Cookie: s.cookie } : {}) },
    body: body.toString(),
  });
}

/** POST a multipart form with one file. */
export function postFile(
  server: TestServer,
  path: string,
  s: FormSession | null,
  file: { name: string; content: string | Uint8Array; type?: string } | null,
  fields: Record<string, string> = {},
  opts: { csrf?: boolean } = {},
): Promise<HttpResult> {
  const fd = new FormData();
  if (s && opts.csrf !== false) fd.append("csrf", s.csrf);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append("file", new Blob([file.content as BlobPart], { type: file.type ?? "text/csv" }), file.name);
  return server.request(path, { method: "POST", headers: s ? { Cookie: s.cookie } : {}, body: fd });
}

/** GET with a session cookie (or none). */
export function getAs(server: TestServer, path: string, cookie?: string): Promise<HttpResult> {
  return server.get(path, { headers: cookie ? { Cookie: cookie } : {} });
}

/** HTML text without React's comment markers and with entities decoded, for matching. */
export function pageText(html: string): string {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
