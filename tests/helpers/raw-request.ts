/**
 * A request over node:http, for what fetch will not do: send its own Host header, or come from
 * another loopback address (localAddress "127.0.0.2") so the site sees a different client.
 *
 *   const res = await rawRequest(server, "/reset-password", { method: "POST", headers: { Host: "evil.example" }, body });
 *
 * This file must not import vitest.
 */
import http from "node:http";
import type { TestServer } from "./server";

export interface RawResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
}

export function rawRequest(
  server: TestServer,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path,
        method: opts.method ?? "GET",
        headers: { Connection: "close", ...(opts.body !== undefined ? { "Content-Length": String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers },
        localAddress: opts.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: any = null;
          try {
            body = JSON.parse(text);
          } catch {
            body = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
