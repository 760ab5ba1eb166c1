// Photos of assets: which files are images we accept, and the rules for their descriptions. No I/O.

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_PER_ASSET = 6;
export const ALT_MAX = 300;

export type PhotoMime = "image/jpeg" | "image/png" | "image/webp";

/** The image type from the file's first bytes (never from its name), or null when it is not one we take. */
export function detectImage(bytes: Uint8Array): PhotoMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return "image/png";
  if (
    bytes.length >= 12 &&
    String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF" &&
    String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP"
  ) {
    return "image/webp";
  }
  return null;
}

/** A description is required: it is what people who cannot see the photo get. */
export function checkAlt(raw: string): { ok: true; alt: string } | { ok: false; message: string } {
  const alt = raw.replace(/\s+/g, " ").trim();
  if (!alt) return { ok: false, message: "is required: describe the photo for people who cannot see it" };
  if (alt.length > ALT_MAX) return { ok: false, message: `must be at most ${ALT_MAX} characters` };
  if (/\.(jpe?g|png|webp)$/i.test(alt) || /^(image|photo|picture)\s*\d*$/i.test(alt)) {
    return { ok: false, message: "should say what the photo shows, not its file name" };
  }
  return { ok: true, alt };
}
