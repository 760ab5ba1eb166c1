// A small in-memory sliding-window rate limiter (one process serves the site; a larger
// deployment would move this to a shared store).
import { ApiError } from "./errors";

const hits = new Map<string, number[]>();
let lastSweep = Date.now();

export interface Limit {
  max: number;
  windowMs: number;
}

export const LIMITS = {
  signInPerAccount: { max: 5, windowMs: 15 * 60_000 },
  signInPerIp: { max: 30, windowMs: 15 * 60_000 },
  signUpPerIp: { max: 10, windowMs: 60 * 60_000 },
  resetPerIp: { max: 10, windowMs: 60 * 60_000 },
  writesPerUser: { max: 120, windowMs: 60_000 },
  publicWritesPerIp: { max: 20, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

/** Count one hit; returns the seconds to wait when over the limit, else 0. */
export function hit(key: string, limit: Limit, now = Date.now()): number {
  if (process.env.RATE_LIMITS === "off") return 0;
  if (now - lastSweep > 60_000) sweep(now);
  const since = now - limit.windowMs;
  const list = (hits.get(key) ?? []).filter((t) => t > since);
  if (list.length >= limit.max) {
    hits.set(key, list);
    return Math.max(1, Math.ceil((list[0] + limit.windowMs - now) / 1000));
  }
  list.push(now);
  hits.set(key, list);
  return 0;
}

/** Throws a 429 ApiError when over the limit. */
export function enforce(key: string, limit: Limit, what = "requests"): void {
  const wait = hit(key, limit);
  if (wait > 0) {
    throw new ApiError(429, "rate_limited", `Too many ${what}. Please wait ${wait > 90 ? `${Math.ceil(wait / 60)} minutes` : `${wait} seconds`} and try again.`, undefined, wait);
  }
}

export function resetRateLimits(): void {
  hits.clear();
}

function sweep(now: number) {
  lastSweep = now;
  for (const [k, list] of hits) if (list.every((t) => now - t > 3_600_000)) hits.delete(k);
}
