/**
 * A raw HTTP client for the fuzz suite: node:http over a keep-alive agent, so that requests
 * share connections the way a browser or an API client does (a server that leaves a connection
 * unusable after refusing a body shows up as a slow or failed *next* request on that socket).
 *
 *   const client = fuzzClient(server.baseUrl, { sockets: 4 });
 *   const r = await client.send({ method: "POST", path: "/api/match", headers: {...}, body: "…" });
 *   // r: { status, ms, headers, text, error?, previousOnSocket? }
 *   client.close();
 *
 * Unlike fetch, it sends any header as given (Origin, odd Content-Types), bodies chunked when
 * no Content-Length is set, and never follows redirects. This file must not import vitest.
 */
import http from "node:http";
import type { Socket } from "node:net";

export interface FuzzRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A string or bytes; sent with Content-Length unless `chunked`. */
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked, in 64 KB pieces. */
  chunked?: boolean;
  /** Stop reading after the headers (streamed downloads): the time is the time to the headers. */
  headersOnly?: boolean;
}

export interface FuzzResponse {
  /** 0 when there was no response. */
  status: number;
  /** Milliseconds from sending to the end of the body (or to the headers with headersOnly). */
  ms: number;
  headers: http.IncomingHttpHeaders;
  /** The first 2 KB of the body. */
  text: string;
  /** Why there was no response (timeout, reset …). */
  error?: string;
  /** What the same keep-alive connection carried just before, when it was reused. */
  previousOnSocket?: string;
}

export interface FuzzClient {
  send(req: FuzzRequest): Promise<FuzzResponse>;
  close(): void;
}

export function describeRequest(req: FuzzRequest): string {
  const body = req.body === undefined ? "" : ` body(${req.body.length} B${req.chunked ? ", chunked" : ""})`;
  return `${req.method} ${req.path.slice(0, 160)}${body}`;
}

export function fuzzClient(baseUrl: string, opts: { sockets?: number; timeoutMs?: number } = {}): FuzzClient {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.sockets ?? 4 });
  const timeoutMs = opts.timeoutMs ?? 6000;
  const lastOnSocket = new WeakMap<Socket, string>();
  const lastUsed = new WeakMap<Socket, number>();
  // The server closes a keep-alive connection after 5 s idle; a request that goes out on it just
  // then is reset before the server read it. Clients send it again on a new connection (as
  // browsers do); only a socket idle that long is retried, so a reset caused by the previous
  // request still counts.
  const IDLE_CLOSE_MS = 3000;

  async function send(req: FuzzRequest): Promise<FuzzResponse> {
    const first = await sendOn(req, agent);
    if (first.staleSocket) return sendOn(req, false);
    return first;
  }

  function sendOn(req: FuzzRequest, via: http.Agent | false): Promise<FuzzResponse & { staleSocket?: boolean }> {
    return new Promise((resolve) => {
      const started = performance.now();
      const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
      const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
      if (body && !req.chunked) headers["Content-Length"] = body.length;
      let settled = false;
      let previous: string | undefined;
      let idleMs = 0;
      let answered = false;
      const done = (r: Omit<FuzzResponse, "ms" | "previousOnSocket"> & { staleSocket?: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...r, ms: performance.now() - started, previousOnSocket: previous });
      };
      const cr = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: via }, (res) => {
        answered = true;
        const socket = cr.socket;
        res.on("end", () => {
          if (socket) lastUsed.set(socket, performance.now());
        });
        if (req.headersOnly) {
          done({ status: res.statusCode ?? 0, headers: res.headers, text: "" });
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < 2048) chunks.push(c);
          size += c.length;
        });
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8").slice(0, 2048) }));
        res.on("error", (e) => done({ status: res.statusCode ?? 0, headers: res.headers, text: "", error: e.message }));
      });
      cr.on("socket", (socket) => {
        if (cr.reusedSocket) {
          previous = lastOnSocket.get(socket);
          idleMs = performance.now() - (lastUsed.get(socket) ?? performance.now());
        }
        lastOnSocket.set(socket, describeRequest(req));
      });
      // A write error after the response has arrived (the server answered early and closed) is
      // not a failure: the response counts.
      cr.on("error", (e) => {
        const code = (e as NodeJS.ErrnoException).code ?? "";
        const staleSocket = !answered && cr.reusedSocket && idleMs >= IDLE_CLOSE_MS && (code === "ECONNRESET" || code === "EPIPE");
        done({ status: 0, headers: {}, text: "", error: `${code} ${e.message}`.trim(), staleSocket });
      });
      const timer = setTimeout(() => {
        done({ status: 0, headers: {}, text: "", error: `no answer within ${timeoutMs} ms` });
        cr.destroy();
      }, timeoutMs);
      if (body && req.chunked) {
        for (let i = 0; i < body.length; i += 65536) cr.write(body.subarray(i, i + 65536));
        cr.end();
      } else cr.end(body);
    });
  }

  return { send, close: () => agent.destroy() };
}
