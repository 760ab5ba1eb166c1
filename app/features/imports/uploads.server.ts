// Uploaded import files (decision 0012): at most 10 MB, checked while it streams in, kept in
// import_uploads for the connector who uploaded it (and admins) while they map and import it.
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import { readUploadForm, type UploadForm, type UploadLimits } from "../../server/upload.server";
import type { User } from "../accounts/users.data.server";
import { LIMITS, enforce } from "../../server/rate-limit.server";
import { findUpload, findUploadContent, insertUpload, listUploadsOf } from "./imports.data.server";
import type { ReadResult } from "./types";
import { sniffUpload } from "./upload-content.server";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const TOO_LARGE_MESSAGE = `The file is too large. The most we can take is 10 MB: split it into smaller files and upload them one at a time.`;

export const IMPORT_UPLOAD_LIMITS: UploadLimits = { maxBytes: MAX_UPLOAD_BYTES, label: "10 MB", tooLargeMessage: TOO_LARGE_MESSAGE };

/** Read the import form: a CSV or GeoJSON file of at most 10 MB. */
export function readImportUpload(request: Request): Promise<UploadForm> {
  return readUploadForm(request, IMPORT_UPLOAD_LIMITS);
}

export interface UploadInfo {
  id: string;
  user_id: string;
  filename: string;
  format: "csv" | "geojson";
  size: number;
  created_at: string;
}

/** The stored format ("csv" or "geojson", as sniffUpload decided). */
const formatOf = (stored: string): UploadInfo["format"] => (stored === "geojson" ? "geojson" : "csv");

/** Check and store an uploaded file for this connector. */
export async function storeUpload(db: Db, user: User, filename: string, bytes: Buffer, now = new Date()): Promise<UploadInfo> {
  enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
  const { format } = sniffUpload(filename, bytes);
  const id = crypto.randomUUID();
  await insertUpload(db.kysely, { id, user_id: user.id, filename, format, content: bytes, created_at: now.toISOString() });
  return { id, user_id: user.id, filename, format, size: bytes.length, created_at: now.toISOString() };
}

/** An upload, for its uploader or an admin (null for anyone else, so ids cannot be probed). */
export async function getUpload(db: Db, user: User, id: string): Promise<UploadInfo | null> {
  const row = await findUpload(db.kysely, id);
  if (!row || (row.user_id !== user.id && user.role !== "admin")) return null;
  return { ...row, format: formatOf(row.format) };
}

export async function recentUploads(db: Db, user: User, limit = 10): Promise<(UploadInfo & { runs: number })[]> {
  const rows = await listUploadsOf(db.kysely, user.id, limit);
  return rows.map((r) => ({ ...r, format: formatOf(r.format), runs: Number(r.runs ?? 0) }));
}

/** The rows of a stored upload. */
export async function readUpload(db: Db, upload: UploadInfo): Promise<ReadResult> {
  const content = await findUploadContent(db.kysely, upload.id);
  if (!content) throw new Error(`The upload ${upload.id} is gone.`);
  return sniffUpload(upload.filename, content).read;
}
