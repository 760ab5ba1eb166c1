// Express middleware around the Remix handler for requests the app refuses (issue 16, defects 6
// and 7): a form from another site gets a 403 page (Remix would throw and answer 500), and a
// request whose body was not read to its end does not leave that body in the connection.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Remix refuses a page action whose Origin is not this host (or is "null", or does not parse) by
 * throwing, which answers 500 with no body. Answer 403 with a page that says why instead. Same
 * comparison as Remix (@remix-run/server-runtime throwIfPotentialCSRFAttack), so nothing it would
 * throw on gets through. The JSON API (/api/) is not checked by Remix and is not changed here.
 */
export function refuseForeignOrigin(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin;
  if (!origin || !UNSAFE_METHODS.has(req.method) || req.path.startsWith("/api/")) return next();
  const host = String(req.headers["x-forwarded-host"] ?? "").split(",")[0].trim() || req.headers.host;
  let originHost: string | null;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (host && originHost === host) return next();
  res
    .status(403)
    .type("html")
    .set("Cache-Control", "no-store")
    .send(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>This form was not accepted — Real Wealth</title></head>` +
        `<body><h1>Sorry, there is a problem</h1><p>This form was sent from another site, so we did not act on it. ` +
        `Please go back, reload the page and try again.</p><p><a href="/">Go to the search page</a></p></body></html>`,
    );
}

/** A rest of at most this many bytes is read and dropped after the answer; the connection stays open. */
export const KEEP_ALIVE_DRAIN_BYTES = 1024 * 1024;
/**
 * After a "Connection: close" answer, read and drop at most this much (or for this long) before
 * closing: a client that is still sending sees the answer only once it reads again, and a close
 * before then is a reset instead of the 413 (seen with 4 MB on a loaded machine: loopback clients
 * send tens of MB in that time). Dropped bytes cost bandwidth, not memory.
 */
const LINGER_BYTES = 32 * 1024 * 1024;
const LINGER_MS = 5000;

/**
 * When the app answers before reading the whole body (too large, 401, 403 …), the unread rest
 * stays in the connection and the next request on it waits behind it (a keep-alive client saw a
 * 6-second stall and a reset). So: a small declared rest (≤ KEEP_ALIVE_DRAIN_BYTES) is read and
 * dropped after the answer and the connection is reused; a larger or chunked rest gets
 * "Connection: close", and is read and dropped for a bounded time before the socket closes, so
 * the client has read the answer rather than seeing a reset.
 */
export function settleUnreadBody(req: Request, res: Response, next: NextFunction) {
  const declared = req.headers["content-length"] === undefined ? null : Number(req.headers["content-length"]);
  if (req.headers["transfer-encoding"] === undefined && !declared) return next();
  const smallRest = declared !== null && Number.isFinite(declared) && declared <= KEEP_ALIVE_DRAIN_BYTES;
  // Decided when the headers go out: only then is it known whether the app read the body.
  const raw: ServerResponse = res;
  const writeHead = raw.writeHead;
  raw.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    if (!req.complete && !smallRest) {
      this.setHeader("Connection", "close");
      lingerOnClose(req);
    }
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
  res.once("finish", () => {
    if (!req.readableEnded) dropRest(req);
  });
  next();
}

/** Read and drop what is left of the body, instead of handing it to the app's reader, which would keep it. */
function dropRest(req: IncomingMessage) {
  for (const listener of req.listeners("data")) req.off("data", listener as (...a: unknown[]) => void);
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (seen > LINGER_BYTES) req.socket.destroy();
  });
  req.on("error", () => undefined);
  req.resume();
}

/**
 * After a "Connection: close" answer Node ends the socket and destroys it as soon as the answer
 * is written; with body bytes still arriving that is a reset, which can cost the client the
 * answer. End the socket instead and let dropRest read what is still coming, for a bounded time.
 */
function lingerOnClose(req: IncomingMessage) {
  const socket = req.socket;
  socket.destroySoon = function (this: typeof socket) {
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once("close", () => clearTimeout(timer));
    this.once("end", () => this.destroy());
  };
}

/**
 * The Fetch API cannot even represent TRACE or TRACK (new Request throws), so the Remix adapter
 * would answer 500: refuse them here, as any method the site does not take.
 */
export function refuseUnrepresentableMethods(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== "TRACE" && req.method !== "TRACK") return next();
  res
    .status(405)
    .set("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
    .json({ error: { code: "method_not_allowed", message: `${req.method} is not allowed.` } });
}
