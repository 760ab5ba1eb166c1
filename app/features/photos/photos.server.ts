// Asset photos: stored in the database with their description, served from /photos/:id.
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import { PHOTO_MAX_BYTES, PHOTO_MAX_PER_ASSET, checkAlt, detectImage } from "../../core/photos";
import type { UploadLimits } from "../../server/upload.server";
import { ApiError } from "../../server/errors";
import { deletePhoto, findPhotoFile, insertPhotoIfRoom, listPhotoAlts } from "./photos.data.server";

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

const toPublic = (p: { id: string; alt: string }): PublicPhoto => ({ id: p.id, alt: p.alt, url: `/photos/${p.id}` });

export async function listPhotos(db: Db, assetId: string): Promise<PublicPhoto[]> {
  return (await listPhotoAlts(db.kysely, assetId)).map(toPublic);
}

export async function addPhoto(db: Db, assetId: string, userId: string, file: { bytes: Buffer } | null, altRaw: string): Promise<PublicPhoto> {
  const fields: Record<string, string> = {};
  const mime = file ? detectImage(file.bytes) : null;
  if (!file || file.bytes.length === 0) fields.file = "choose a photo (JPEG, PNG or WebP)";
  else if (!mime) fields.file = "is not a JPEG, PNG or WebP image";
  const alt = checkAlt(altRaw);
  if (!alt.ok) fields.alt = alt.message;
  if (!file || !mime || !alt.ok) {
    const status = fields.file === "is not a JPEG, PNG or WebP image" && Object.keys(fields).length === 1 ? 415 : 400;
    throw new ApiError(status, status === 415 ? "unsupported_media_type" : "invalid_input", "Please check the photo and its description.", fields);
  }
  const id = crypto.randomUUID();
  const photo = { id, asset_id: assetId, mime, bytes: file.bytes, alt: alt.alt, added_by: userId, created_at: new Date().toISOString() };
  if (!(await insertPhotoIfRoom(db.kysely, photo, PHOTO_MAX_PER_ASSET))) {
    throw new ApiError(409, "too_many_photos", `An asset can have at most ${PHOTO_MAX_PER_ASSET} photos. Remove one first.`, { file: "one too many" });
  }
  return toPublic(photo);
}

export function removePhoto(db: Db, assetId: string, photoId: string): Promise<boolean> {
  return deletePhoto(db.kysely, assetId, photoId);
}

export async function photoFile(db: Db, photoId: string): Promise<{ mime: string; bytes: Buffer } | null> {
  return (await findPhotoFile(db.kysely, photoId)) ?? null;
}
