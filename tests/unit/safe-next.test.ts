import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "../../app/core/safe-next";

describe("where sign-in sends a person next", () => {
  it.each([
    ["/plans/abc", "/plans/abc"],
    ["/search?q=football&postcode=M33%207XX", "/search?q=football&postcode=M33%207XX"],
    ["/budget#saved", "/budget#saved"],
    ["/a/../b", "/b"],
  ])("keeps the same-site path %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "",
    "/%",
  ])("refuses %j and sends the person home", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it("never returns anything a browser would read as another site", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (tail) => {
        const out = safeNextPath(`/${tail}`);
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//")).toBe(false);
        expect(new URL(out, "https://rw.example").origin).toBe("https://rw.example");
      }),
      { numRuns: 2000 },
    );
  });
});
