// The site's public address, for links that leave the site (password resets, invitations,
// sign-up notices). Never taken from the request's Host header in production: anyone can send
// `Host: evil.example`, and the emailed link would then carry a secret token to their server.
import { getConfig } from "../config.server";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
let warned = false;

/**
 * PUBLIC_URL when it is set. Without it (development and tests), the request's own origin only
 * when it names this machine; otherwise http://localhost:PORT, with a warning once that
 * PUBLIC_URL should be set.
 */
export function publicBaseUrl(request: Request, config = getConfig()): string {
  if (config.publicUrl) return config.publicUrl;
  const url = new URL(request.url);
  if (LOCAL_HOSTS.has(url.hostname)) return url.origin;
  if (!warned) {
    warned = true;
    console.warn(
      `[config] PUBLIC_URL is not set, so links in emails point to http://localhost:${config.port} rather than to the host this request named (${url.hostname}). Set PUBLIC_URL to the site's public address.`,
    );
  }
  return `http://localhost:${config.port}`;
}
