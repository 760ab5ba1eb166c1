// A small in-memory sliding-window rate limiter (one process serves the site; a larger
// deployment would move this to a shared store).
import { addFailure, FORGET_AFTER_MS, secondsToWait, type Failures } from "../core/sign-in-backoff";
import { getConfig } from "../config.server";
import { ApiError } from "./errors";

const hits = new Map<string, number[]>();
const failures = new Map<string, Failures>();
let lastSweep = Date.now();

export interface Limit {
  max: number;
  windowMs: number;
}

export const LIMITS = {
  /**
   * Sign-in attempts from one address that did not succeed (across all accounts). Generous: an
   * office behind one address is not stopped by its own typing; a guesser is. Per account the
   * limit is a back-off per account and address (signInBackoff), never a lock.
   */
  signInFailuresPerIp: { max: 50, windowMs: 15 * 60_000 },
  signUpPerIp: { max: 10, windowMs: 60 * 60_000 },
  resetPerIp: { max: 10, windowMs: 60 * 60_000 },
  writesPerUser: { max: 120, windowMs: 60_000 },
  publicWritesPerIp: { max: 20, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

/** Count one hit; returns the seconds to wait when over the limit, else 0. */
export function hit(key: string, limit: Limit, now = Date.now()): number {
  if (!getConfig().rateLimits) return 0;
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

/** Take back one hit counted at `at` (an attempt that turned out not to count, such as a good sign-in). */
export function unhit(key: string, at: number): void {
  const list = hits.get(key);
  const i = list?.lastIndexOf(at) ?? -1;
  if (list && i >= 0) list.splice(i, 1);
}

/**
 * The sign-in back-off for one key (an account and an address): seconds to wait before the
 * next attempt, or 0 when it may go ahead, in which case it is counted as a failure at once (so
 * parallel guesses cannot all slip through) until signInSucceeded clears it.
 */
export function signInBackoff(key: string, now = Date.now()): number {
  if (!getConfig().rateLimits) return 0;
  if (now - lastSweep > 60_000) sweep(now);
  const wait = secondsToWait(failures.get(key), now);
  if (wait === 0) failures.set(key, addFailure(failures.get(key), now));
  return wait;
}

/** A good sign-in forgets the failures for its account and address. */
export function signInSucceeded(key: string): void {
  failures.delete(key);
}

/** Throws a 429 ApiError when over the limit. */
export function enforce(key: string, limit: Limit, what = "requests"): void {
  const wait = hit(key, limit);
  if (wait > 0) throw tooMany(what, wait);
}

/** The 429 answer: the JSON error shape (or the form's error) with Retry-After. */
export function tooMany(what: string, wait: number): ApiError {
  return new ApiError(429, "rate_limited", `Too many ${what}. Please wait ${wait > 90 ? `${Math.ceil(wait / 60)} minutes` : `${wait} seconds`} and try again.`, undefined, wait);
}

export function resetRateLimits(): void {
  hits.clear();
  failures.clear();
}

function sweep(now: number) {
  lastSweep = now;
  for (const [k, list] of hits) if (list.every((t) => now - t > 3_600_000)) hits.delete(k);
  for (const [k, f] of failures) if (now - f.last >= FORGET_AFTER_MS) failures.delete(k);
}
