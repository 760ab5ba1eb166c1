// Set-up file of the e2e project (vitest setupFiles): without Chromium every e2e test fails —
// with a message saying how to install it — rather than being skipped.
import { beforeEach } from "vitest";
import { assertChromium } from "./browser";

beforeEach(() => {
  assertChromium();
});
