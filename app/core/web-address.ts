// Web addresses people and imports give us (a listing's website, its organisation's website, the
// page a record came from) are http(s) only (issue 16, defect 11): "javascript:…", "data:…" and
// any other scheme are refused where they come in, and never made into a link on the way out.
// An address without a scheme ("www.example.org", "example.org/groups") is kept as typed and
// read as https. Safe in the browser.

const HTTP = /^https?:\/\//i;
// A scheme: letters then ":" (not "host:8080", whose ":" is followed by a port).
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;

/** The address as an absolute http(s) URL, or null when it is not a web address. */
export function webUrl(value: string | null | undefined): string | null {
  const v = (value ?? "").trim();
  if (!v || /[\s<>"\\]/.test(v) || /[\u0000-\u001f\u007f]/.test(v)) return null;
  if (!HTTP.test(v) && OTHER_SCHEME.test(v)) return null;
  const absolute = HTTP.test(v) ? v : `https://${v.replace(/^\/+/, "")}`;
  try {
    const u = new URL(absolute);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    // Only the scheme is the rule here; odd but harmless hosts in open data ("www,example.com")
    // are the data's business (the forms ask for more: app/core/asset-form.ts).
    if (!u.hostname) return null;
    return u.href;
  } catch {
    return null;
  }
}

export function isWebAddress(value: string): boolean {
  return webUrl(value) !== null;
}

export const WEB_ADDRESS_MESSAGE = "must be a web address (http or https), like https://www.example.org";
