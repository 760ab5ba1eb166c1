// The HTTP server: Express serving the built Remix app and its assets.
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { Config } from "../app/config.server";
import { privateWhenSignedIn } from "./private-cache";
import { refuseForeignOrigin, refuseUnrepresentableMethods, settleUnreadBody } from "./server-guards";

export const BUILD_DIR = path.resolve("build");

export async function createApp(config: Config, buildPath = path.join(BUILD_DIR, "index.js")) {
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "SAMEORIGIN");
    next();
  });
  // Every visitor gets a random CSRF cookie; forms carry an HMAC of it (app/server/csrf.server.ts).
  app.use((req, res, next) => {
    if (!/(?:^|;\s*)rw_csrf=[A-Za-z0-9_-]{20,100}(?:;|$)/.test(req.headers.cookie ?? "")) {
      const raw = crypto.randomBytes(24).toString("base64url");
      req.headers.cookie = req.headers.cookie ? `${req.headers.cookie}; rw_csrf=${raw}` : `rw_csrf=${raw}`;
      const secure = req.secure || config.cookieSecure ? "; Secure" : "";
      res.append("Set-Cookie", `rw_csrf=${raw}; Path=/; HttpOnly; SameSite=Lax${secure}`);
    }
    next();
  });
  // A body the app did not read to its end must not block the connection; a page form from
  // another site gets a 403 page, not Remix's 500 (scripts/server-guards.ts).
  app.use(settleUnreadBody);
  app.use(refuseForeignOrigin);
  app.use("/build", express.static(path.join(BUILD_DIR, "public", "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(BUILD_DIR, "public"), { maxAge: "1h" }));
  app.set("trust proxy", config.trustProxy ? 1 : false);
  app.use(refuseUnrepresentableMethods);
  app.use(privateWhenSignedIn);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: config.mode,
      // The client's address for rate limits (behind a proxy set TRUST_PROXY=1), and a way for
      // streamed downloads to wait while the client is slower than we are (the Remix adapter
      // writes every chunk without waiting: app/features/hsds/export-stream.server.ts).
      getLoadContext: (req, res) => ({ ip: req.ip ?? req.socket.remoteAddress ?? "unknown", drained: () => drained(res, config.downloadStallSeconds) }),
    }),
  );
  return app;
}


/**
 * Resolves once the response's write buffer has room again: true, or false when the connection
 * is gone. A client that takes nothing for DOWNLOAD_STALL_SECONDS is disconnected (false), so a download it
 * holds open does not keep its snapshot, and the WAL it pins, for ever.
 */
async function drained(res: import("node:http").ServerResponse, stallSeconds: number): Promise<boolean> {
  const deadline = Date.now() + stallSeconds * 1000;
  while (res.writableNeedDrain && !res.destroyed) {
    if (Date.now() > deadline) {
      res.destroy();
      return false;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return !res.destroyed;
}

export async function startServer(config: Config, host = "0.0.0.0") {
  const app = await createApp(config);
  return new Promise<import("node:http").Server>((resolve, reject) => {
    const server = app.listen(config.port, host, () => resolve(server));
    server.on("error", reject);
  });
}
