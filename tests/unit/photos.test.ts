import { describe, expect, it } from "vitest";
import { checkAlt, detectImage } from "../../app/core/photos";

describe("detectImage", () => {
  it("knows JPEG, PNG and WebP by their first bytes", () => {
    expect(detectImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(detectImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(detectImage(new Uint8Array(Buffer.from("RIFF\0\0\0\0WEBPVP8 ")))).toBe("image/webp");
  });
  it("refuses anything else, whatever it is called", () => {
    expect(detectImage(new Uint8Array(Buffer.from("<svg xmlns=...")))).toBeNull();
    expect(detectImage(new Uint8Array(Buffer.from("GIF89a")))).toBeNull();
    expect(detectImage(new Uint8Array())).toBeNull();
  });
});

describe("checkAlt", () => {
  it("needs words that say what the photo shows", () => {
    expect(checkAlt("  The   ramp to the front door ")).toEqual({ ok: true, alt: "The ramp to the front door" });
    expect(checkAlt("").ok).toBe(false);
    expect(checkAlt("DSC0001.JPG").ok).toBe(false);
    expect(checkAlt("photo 2").ok).toBe(false);
    expect(checkAlt("x".repeat(301)).ok).toBe(false);
  });
});
