// PUBLIC_URL: checked at start-up, and the only source of links in emails outside development.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ConfigError, loadConfig, type Config } from "../../app/config.server";
import { publicBaseUrl } from "../../app/server/public-url.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-public-url-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const base = { DATABASE_PATH: path.join(dir, "t.db"), SESSION_SECRET: "x".repeat(40), PORT: "4321" };
const load = (PUBLIC_URL?: string) => loadConfig({ NODE_ENV: "test", ...base, PUBLIC_URL } as NodeJS.ProcessEnv, { persistSecret: false });

describe("PUBLIC_URL at start-up", () => {
  it.each([
    ["https://realwealth.example.org", "https://realwealth.example.org"],
    ["https://realwealth.example.org/", "https://realwealth.example.org"],
    ["  http://localhost:3000  ", "http://localhost:3000"],
    ["https://RealWealth.Example.org:8443/", "https://realwealth.example.org:8443"],
  ])("accepts %j as %j", (raw, want) => {
    expect(load(raw).publicUrl).toBe(want);
  });

  it("is optional", () => {
    expect(load(undefined).publicUrl).toBeNull();
    expect(load("  ").publicUrl).toBeNull();
  });

  it.each([
    "realwealth.example.org",
    "ftp://realwealth.example.org",
    "javascript:alert(1)",
    "https://realwealth.example.org/reset",
    "https://realwealth.example.org/?next=x",
    "https://realwealth.example.org/#x",
    "https://user:pw@realwealth.example.org",
    "https://",
  ])("refuses %j with a ConfigError naming PUBLIC_URL", (raw) => {
    let err: unknown;
    try {
      load(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe("PUBLIC_URL");
    expect((err as Error).message).toMatch(/^PUBLIC_URL /);
  });
});

describe("the base of links in emails", () => {
  const config = (publicUrl: string | null) => ({ port: 4321, publicUrl }) as Config;
  const req = (url: string) => new Request(url);

  it("is PUBLIC_URL when set, whatever host the request named", () => {
    expect(publicBaseUrl(req("http://evil.example/reset-password"), config("https://rw.example.org"))).toBe("https://rw.example.org");
    expect(publicBaseUrl(req("http://localhost:3000/reset-password"), config("https://rw.example.org"))).toBe("https://rw.example.org");
  });

  it("without PUBLIC_URL, is the request's own origin only for this machine", () => {
    expect(publicBaseUrl(req("http://localhost:3000/x"), config(null))).toBe("http://localhost:3000");
    expect(publicBaseUrl(req("http://127.0.0.1:5555/x"), config(null))).toBe("http://127.0.0.1:5555");
    expect(publicBaseUrl(req("http://[::1]:5555/x"), config(null))).toBe("http://[::1]:5555");
  });

  it("without PUBLIC_URL, never follows another host: localhost:PORT, with one warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (const host of ["http://evil.example/x", "https://127.0.0.1.evil.example/x", "http://localhost.evil.example:3000/x"]) {
        expect(publicBaseUrl(req(host), config(null))).toBe("http://localhost:4321");
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/PUBLIC_URL/);
    } finally {
      warn.mockRestore();
    }
  });
});
