import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, printPageCsp, tileSource } from "~/core/csp";

describe("tileSource: where map tiles may come from", () => {
  it.each([
    ["https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"],
    ["https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"],
    ["http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"],
    ["HTTPS://Tiles.Example.org/{z}/{x}/{y}.png?key=1", "https://tiles.example.org"],
    ["/tiles/{z}/{x}/{y}.png", null],
    ["https://{z}.example.org/{x}/{y}.png", null],
  ])("%s → %s", (url, source) => {
    expect(tileSource(url)).toBe(source);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only from the site and with the nonce; nothing inline, framed or posted elsewhere", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123", tileUrl: "https://tile.openstreetmap.org/{z}/{x}/{y}.png" });
    expect(csp).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc123'; style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    );
    expect(csp).not.toContain("unsafe");
  });

  it("tiles from the site itself add no source", () => {
    expect(contentSecurityPolicy({ nonce: "n", tileUrl: "/tiles/{z}/{x}/{y}.png" })).toContain("img-src 'self' data:;");
  });

  it("the printable page allows its one style by hash and nothing else", () => {
    expect(printPageCsp("AAAA")).toMatch(/^default-src 'none'; style-src 'sha256-AAAA';/);
  });
});
