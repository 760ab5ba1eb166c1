// Where to send a person after signing in. Only a path on this site: browsers read `/\evil`,
// `/%09/evil` and `\\evil` as other sites, so the value is normalised the way a browser
// would before it is trusted.
const BASE = "http://real-wealth.invalid";

export function safeNextPath(next: string | null | undefined, fallback = "/"): string {
  if (!next || next.length > 2000) return fallback;
  // Browsers strip tabs and newlines inside URLs and treat a backslash as a slash.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback;
  }
  // An encoded control character or backslash would become one after a second decode.
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || decoded.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? fallback : path;
}
