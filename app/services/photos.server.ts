// Asset photos: stored in the database with their description, served from /photos/:id.
import crypto from "node:crypto";
import type { Db } from "../../db/index";
import { PHOTO_MAX_BYTES, PHOTO_MAX_PER_ASSET, checkAlt, detectImage } from "../core/photos";
import { ApiError } from "./errors";
import type { UploadLimits } from "../server/upload.server";

export const PHOTO_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: PHOTO_MAX_BYTES,
  label: "5 MB",
  tooLargeMessage: "The photo is too large. The most we can take is 5 MB: make it smaller and try again.",
};

export interface PublicPhoto {
  id: string;
  url: string;
  alt: string;
}

export function listPhotos(db: Db, assetId: string): PublicPhoto[] {
  return (db.sqlite.prepare("SELECT id, alt FROM asset_photos WHERE asset_id = ? ORDER BY created_at, id").all(assetId) as { id: string; alt: string }[]).map(
    (p) => ({ id: p.id, alt: p.alt, url: `/photos/${p.id}` }),
  );
}

export function addPhoto(db: Db, assetId: string, userId: string, file: { bytes: Buffer } | null, altRaw: string): PublicPhoto {
  const fields: Record<string, string> = {};
  const mime = file ? detectImage(file.bytes) : null;
  if (!file || file.bytes.length === 0) fields.file = "choose a photo (JPEG, PNG or WebP)";
  else if (!mime) fields.file = "is not a JPEG, PNG or WebP image";
  const alt = checkAlt(altRaw);
  if (!alt.ok) fields.alt = alt.message;
  if (Object.keys(fields).length) {
    const status = fields.file === "is not a JPEG, PNG or WebP image" && Object.keys(fields).length === 1 ? 415 : 400;
    throw new ApiError(status, status === 415 ? "unsupported_media_type" : "invalid_input", "Please check the photo and its description.", fields);
  }
  const count = db.sqlite.prepare("SELECT COUNT(*) FROM asset_photos WHERE asset_id = ?").pluck().get(assetId) as number;
  if (count >= PHOTO_MAX_PER_ASSET) {
    throw new ApiError(409, "too_many_photos", `An asset can have at most ${PHOTO_MAX_PER_ASSET} photos. Remove one first.`, { file: "one too many" });
  }
  const id = crypto.randomUUID();
  db.sqlite
    .prepare("INSERT INTO asset_photos (id, asset_id, mime, bytes, alt, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .run(id, assetId, mime, file!.bytes, (alt as { alt: string }).alt, userId, new Date().toISOString());
  return { id, url: `/photos/${id}`, alt: (alt as { alt: string }).alt };
}

export function removePhoto(db: Db, assetId: string, photoId: string): boolean {
  return db.sqlite.prepare("DELETE FROM asset_photos WHERE id = ? AND asset_id = ?").run(photoId, assetId).changes > 0;
}

export function photoFile(db: Db, photoId: string): { mime: string; bytes: Buffer } | null {
  const row = db.sqlite
    .prepare("SELECT p.mime, p.bytes FROM asset_photos p JOIN assets a ON a.id = p.asset_id WHERE p.id = ?")
    .get(photoId) as { mime: string; bytes: Buffer } | undefined;
  return row ?? null;
}
