// Sign-in back-off (issue 16): failed attempts for one account from one address make the next
// attempt wait, longer each time, instead of locking the account. An attacker elsewhere cannot
// lock the owner out, and one address guessing slows to a crawl. No I/O.

/** Failures allowed before any wait (a person mistyping a few times never waits). */
export const FREE_FAILURES = 4;
/** The first wait, in seconds; each further failure doubles it. */
export const FIRST_WAIT_S = 2;
/** The longest wait, in seconds. */
export const MAX_WAIT_S = 5 * 60;
/** Failures are forgotten after this long without one. */
export const FORGET_AFTER_MS = 60 * 60_000;

export interface Failures {
  count: number;
  /** When the latest one happened (ms since the epoch). */
  last: number;
}

/** Seconds to wait after `count` failures in a row: 0 for the first few, then 2, 4, 8 … capped. */
export function backoffSeconds(count: number): number {
  if (count <= FREE_FAILURES) return 0;
  return Math.min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** Math.min(30, count - FREE_FAILURES - 1));
}

/** Whole seconds until the next attempt may be made (0: now). */
export function secondsToWait(f: Failures | undefined, now: number): number {
  if (!f || now - f.last >= FORGET_AFTER_MS) return 0;
  const until = f.last + backoffSeconds(f.count) * 1000;
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/** The record after one more failure now. */
export function addFailure(f: Failures | undefined, now: number): Failures {
  if (!f || now - f.last >= FORGET_AFTER_MS) return { count: 1, last: now };
  return { count: f.count + 1, last: now };
}
