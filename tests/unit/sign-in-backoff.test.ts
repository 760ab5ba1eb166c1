// The sign-in back-off: a few free failures, then a wait that doubles up to a cap, forgotten
// after an hour; and the limiter that keys it per account and address.
import { afterEach, describe, expect, it } from "vitest";
import { addFailure, backoffSeconds, FORGET_AFTER_MS, FREE_FAILURES, MAX_WAIT_S, secondsToWait } from "../../app/core/sign-in-backoff";
import { resetRateLimits, signInBackoff, signInSucceeded } from "../../app/server/rate-limit.server";

describe("backoffSeconds", () => {
  it.each([
    [0, 0],
    [1, 0],
    [FREE_FAILURES, 0],
    [FREE_FAILURES + 1, 2],
    [FREE_FAILURES + 2, 4],
    [FREE_FAILURES + 3, 8],
    [FREE_FAILURES + 8, 256],
    [FREE_FAILURES + 9, MAX_WAIT_S],
    [10_000, MAX_WAIT_S],
  ])("after %i failures waits %i s", (n, s) => {
    expect(backoffSeconds(n)).toBe(s);
  });
});

describe("secondsToWait and addFailure", () => {
  it("waits from the latest failure, and forgets failures after a quiet hour", () => {
    let f = undefined;
    for (let i = 0; i < FREE_FAILURES + 1; i++) f = addFailure(f, 1_000_000);
    expect(secondsToWait(f, 1_000_000)).toBe(2);
    expect(secondsToWait(f, 1_001_500)).toBe(1);
    expect(secondsToWait(f, 1_002_000)).toBe(0);
    expect(addFailure(f, 1_000_000 + FORGET_AFTER_MS)).toEqual({ count: 1, last: 1_000_000 + FORGET_AFTER_MS });
    expect(secondsToWait({ count: 100, last: 0 }, FORGET_AFTER_MS)).toBe(0);
  });
});

describe("the limiter", () => {
  afterEach(() => resetRateLimits());

  it("slows one account from one address, never another address, and a good sign-in clears it", () => {
    const t = 5_000_000;
    const attacker = "signin:account:owner@x.test:ip:203.0.113.9";
    const owner = "signin:account:owner@x.test:ip:198.51.100.1";
    for (let i = 0; i < FREE_FAILURES + 1; i++) expect(signInBackoff(attacker, t)).toBe(0);
    expect(signInBackoff(attacker, t + 100)).toBe(2);
    // Asking while waiting does not make the wait longer.
    expect(signInBackoff(attacker, t + 1_000)).toBe(1);
    expect(signInBackoff(attacker, t + 2_000)).toBe(0);
    expect(signInBackoff(attacker, t + 2_001)).toBe(4);
    // The owner, elsewhere, is not held up.
    expect(signInBackoff(owner, t + 2_001)).toBe(0);
    signInSucceeded(attacker);
    expect(signInBackoff(attacker, t + 2_002)).toBe(0);
  });

  it("counts parallel attempts before they finish, so a burst cannot slip past", () => {
    const key = "signin:account:a@x.test:ip:203.0.113.10";
    const waits = Array.from({ length: 20 }, () => signInBackoff(key, 7_000_000));
    expect(waits.filter((w) => w === 0)).toHaveLength(FREE_FAILURES + 1);
  });
});
