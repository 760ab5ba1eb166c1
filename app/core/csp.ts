// The Content-Security-Policy every HTML page is sent with (issue 16, defect 8). Scripts run only
// from this origin or with the page's nonce (Remix's <Scripts/> and <ScrollRestoration/> are
// inline); nothing may be framed, posted or loaded from elsewhere except map tiles.
//
// No 'unsafe-inline' anywhere: pages carry no style="" attributes in their HTML (classes in
// styles.css instead). Leaflet and React set styles through the DOM (element.style), which CSP
// does not restrict.

/**
 * The origin map tiles come from, as a CSP source: null when tiles come from this site (a path
 * such as /tiles/{z}/{x}/{y}.png). A {s} sub-domain placeholder becomes a wildcard.
 */
export function tileSource(tileUrl: string): string | null {
  if (tileUrl.startsWith("/")) return null;
  const m = /^(https?):\/\/([^/?#]+)/i.exec(tileUrl);
  if (!m) return null;
  const host = m[2].replace(/\{s\}/g, "*");
  // Any other placeholder in the host cannot be written as a CSP source; allow nothing extra
  // rather than everything.
  if (/[{}]/.test(host)) return null;
  return `${m[1].toLowerCase()}://${host.toLowerCase()}`;
}

export function contentSecurityPolicy(opts: { nonce: string; tileUrl: string }): string {
  const tiles = tileSource(opts.tileUrl);
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${opts.nonce}'`],
    ["style-src", "'self'"],
    ["img-src", "'self'", "data:", ...(tiles ? [tiles] : [])],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'self'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** For a self-contained page with no script and one <style> (the printable plan): the style's sha256, base64. */
export function printPageCsp(styleSha256: string): string {
  return `default-src 'none'; style-src 'sha256-${styleSha256}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`;
}
