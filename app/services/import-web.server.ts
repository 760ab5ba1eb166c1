// Bulk import in the site (connectors and admins): upload a CSV or GeoJSON (at most 10 MB,
// checked while it streams in; the content must be CSV or GeoJSON whatever the file is called),
// keep it in import_uploads, map its columns (saved mappings in import_mappings), preview, then
// import through the importer (app/services/import) and keep the rejected rows, with a reason
// each, for download (import_runs).
import crypto from "node:crypto";
import type { Db } from "../../db/index";
import { SUGGESTION_SOURCE } from "../core/suggestion";
import { readUploadForm, type UploadForm, type UploadLimits } from "../server/upload.server";
import type { User } from "../features/accounts/users.data.server";
import type { Context } from "./context.server";
import { ApiError } from "./errors";
import {
  ImportFileError,
  KNOWN_DATASETS,
  columnMapping,
  importRead,
  parseMappingFile,
  prepareRows,
  readCsvText,
  readGeoJsonText,
  rejectsCsv,
  type MappingFile,
  type ReadResult,
} from "./import/index";
import { EXAMPLES_SOURCE } from "./import/sources";
import { LIMITS, enforce } from "./rate-limit.server";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const PREVIEW_ROWS = 20;

/** Dataset keys a connector may not import into: the built-in open data, examples, suggestions. */
export const RESERVED_SOURCES = [...KNOWN_DATASETS.map((d) => d.source), EXAMPLES_SOURCE, SUGGESTION_SOURCE, "postcodes", "connector"];

const TOO_LARGE_MESSAGE = `The file is too large. The most we can take is 10 MB: split it into smaller files and upload them one at a time.`;

export const IMPORT_UPLOAD_LIMITS: UploadLimits = { maxBytes: MAX_UPLOAD_BYTES, label: "10 MB", tooLargeMessage: TOO_LARGE_MESSAGE };

/** Read the import form: a CSV or GeoJSON file of at most 10 MB. */
export function readImportUpload(request: Request): Promise<UploadForm> {
  return readUploadForm(request, IMPORT_UPLOAD_LIMITS);
}

// ------------------------------------------------------------------ what is in the file

const BINARY_SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a spreadsheet workbook or zip file (save it as CSV first)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel or Word file (save it as CSV first)" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x1f, 0x8b], what: "a compressed (gzip) file" },
];

const ALLOWED_EXTENSIONS = ["", ".csv", ".geojson", ".json", ".txt"];

function notCsvOrGeoJson(why: string): ApiError {
  return new ApiError(415, "unsupported_file", `This file cannot be imported: ${why}. Upload a CSV file (with a header row) or a GeoJSON file.`, {
    file: "must be a CSV or GeoJSON file",
  });
}

/** The file as text: UTF-8 (with or without a byte-order mark), else Windows-1252 as spreadsheets save it. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/**
 * Decide from the content (not the name) whether a file is CSV or GeoJSON, and read it.
 * Throws a 415 ApiError saying what it looks like instead.
 */
export function sniffUpload(filename: string, bytes: Buffer): { format: "csv" | "geojson"; read: ReadResult } {
  if (bytes.length === 0) throw new ApiError(400, "invalid_input", "The file is empty.", { file: "is empty" });
  const ext = (/\.[^.]+$/.exec(filename.toLowerCase())?.[0] ?? "").trim();
  for (const sig of BINARY_SIGNATURES) {
    if (sig.bytes.every((b, i) => bytes[i] === b)) throw notCsvOrGeoJson(`it is ${sig.what}`);
  }
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0)) throw notCsvOrGeoJson("it is not a text file");
  const text = decode(bytes);
  // eslint-disable-next-line no-control-regex
  const controls = (text.slice(0, 64 * 1024).match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g) ?? []).length;
  if (controls > 0) throw notCsvOrGeoJson("it is not a text file");
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{") || start.startsWith("[")) {
    let doc: unknown;
    try {
      doc = JSON.parse(start);
    } catch {
      throw notCsvOrGeoJson("it starts like JSON but is not valid JSON");
    }
    const t = (doc as { type?: unknown } | null)?.type;
    if (t !== "FeatureCollection" && t !== "Feature") throw notCsvOrGeoJson("it is JSON but not GeoJSON (a FeatureCollection of features)");
    try {
      return { format: "geojson", read: readGeoJsonText(start, filename) };
    } catch (e) {
      throw notCsvOrGeoJson(e instanceof ImportFileError ? e.message.replace(/\.$/, "") : "it could not be read as GeoJSON");
    }
  }
  if (start.startsWith("<")) throw notCsvOrGeoJson("it looks like a web page or XML");
  if (!ALLOWED_EXTENSIONS.includes(ext)) throw notCsvOrGeoJson(`files ending ${ext} are not CSV or GeoJSON`);
  let read: ReadResult;
  try {
    read = readCsvText(text, filename);
  } catch (e) {
    throw notCsvOrGeoJson(e instanceof ImportFileError ? e.message.replace(/\.$/, "") : "it could not be read as CSV");
  }
  if (read.columns.length < 2) throw notCsvOrGeoJson("it has only one column; a CSV file needs a header row with the names of its columns, separated by commas");
  const sample = read.rows.slice(0, 200);
  const misfit = sample.filter((r) => r.problem).length;
  if (sample.length >= 3 && misfit > sample.length / 2) throw notCsvOrGeoJson("most of its lines do not have the same number of values as the header row");
  if (read.rows.length === 0) throw new ApiError(400, "invalid_input", "The file has a header row but no rows to import.", { file: "has no rows" });
  return { format: "csv", read };
}

// ------------------------------------------------------------------ uploads

export interface UploadInfo {
  id: string;
  user_id: string;
  filename: string;
  format: "csv" | "geojson";
  size: number;
  created_at: string;
}

/** Check and store an uploaded file for this connector. */
export function storeUpload(db: Db, user: User, filename: string, bytes: Buffer, now = new Date()): UploadInfo {
  enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
  const { format } = sniffUpload(filename, bytes);
  const id = crypto.randomUUID();
  db.sqlite
    .prepare("INSERT INTO import_uploads (id, user_id, filename, format, content, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(id, user.id, filename, format, bytes, now.toISOString());
  return { id, user_id: user.id, filename, format, size: bytes.length, created_at: now.toISOString() };
}

/** An upload, for its uploader or an admin (404 for anyone else, so ids cannot be probed). */
export function getUpload(db: Db, user: User, id: string): UploadInfo | null {
  const row = db.sqlite
    .prepare("SELECT id, user_id, filename, format, length(content) AS size, created_at FROM import_uploads WHERE id = ?")
    .get(id) as UploadInfo | undefined;
  if (!row || (row.user_id !== user.id && user.role !== "admin")) return null;
  return row;
}

export function recentUploads(db: Db, user: User, limit = 10): (UploadInfo & { runs: number })[] {
  return db.sqlite
    .prepare(
      `SELECT u.id, u.user_id, u.filename, u.format, length(u.content) AS size, u.created_at,
        (SELECT COUNT(*) FROM import_runs r WHERE r.upload_id = u.id) AS runs
       FROM import_uploads u WHERE u.user_id = ? ORDER BY u.created_at DESC LIMIT ?`,
    )
    .all(user.id, limit) as (UploadInfo & { runs: number })[];
}

/** The rows of a stored upload. */
export function readUpload(db: Db, upload: UploadInfo): ReadResult {
  const content = db.sqlite.prepare("SELECT content FROM import_uploads WHERE id = ?").pluck().get(upload.id) as Buffer;
  return sniffUpload(upload.filename, content).read;
}

// ------------------------------------------------------------------ saved mappings

export interface SavedMapping {
  id: string;
  name: string;
  owner_id: string | null;
  /** Who saved it (their name, else their email); null when their account is gone. */
  owner_name: string | null;
  mapping: MappingFile;
  updated_at: string;
}

/**
 * Every saved mapping, the person's own first. Anyone who imports may start from anyone's
 * mapping; only its owner can change it (issue 16, defect 9).
 */
export function savedMappings(db: Db, user?: Pick<User, "id">): SavedMapping[] {
  const rows = db.sqlite
    .prepare(
      `SELECT m.id, m.name, m.owner_id, COALESCE(NULLIF(u.name, ''), u.email) AS owner_name, m.mapping, m.updated_at
       FROM import_mappings m LEFT JOIN users u ON u.id = m.owner_id
       ORDER BY (m.owner_id IS ? AND m.owner_id IS NOT NULL) DESC, m.name COLLATE NOCASE, owner_name COLLATE NOCASE`,
    )
    .all(user?.id ?? null) as (Omit<SavedMapping, "mapping"> & { mapping: string })[];
  const out: SavedMapping[] = [];
  for (const r of rows) {
    const parsed = parseMappingFile(JSON.parse(r.mapping));
    if ("mapping" in parsed) out.push({ ...r, mapping: parsed.mapping });
  }
  return out;
}

export function getSavedMapping(db: Db, id: string): SavedMapping | null {
  return savedMappings(db).find((m) => m.id === id) ?? null;
}

/** A mapping's name in a list: another person's carries who saved it, as names repeat across owners. */
export function mappingLabel(m: SavedMapping, user: Pick<User, "id">): string {
  if (m.owner_id === user.id) return m.name;
  return `${m.name} (saved by ${m.owner_name ?? "a former user"})`;
}

/**
 * Save a mapping under a name. Saving again under one of your own names (in any case) replaces
 * it; another person's mapping of that name is left alone and you get your own.
 */
export function saveMapping(db: Db, user: User, name: string, mapping: MappingFile, now = new Date()): SavedMapping {
  enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
  const clean = name.trim();
  if (!clean) throw new ApiError(400, "invalid_input", "Please check: mapping_name is required.", { mapping_name: "is required: give the mapping a name to find it by" });
  if (clean.length > 100) throw new ApiError(400, "invalid_input", "Please check: mapping_name must be at most 100 characters.", { mapping_name: "must be at most 100 characters" });
  const iso = now.toISOString();
  const json = JSON.stringify(mapping);
  // One statement, so two saves racing cannot both insert (the unique index is on owner and name).
  const id = db.sqlite
    .prepare(
      `INSERT INTO import_mappings (id, name, owner_id, mapping, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (owner_id, name COLLATE NOCASE) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at
       RETURNING id`,
    )
    .pluck()
    .get(crypto.randomUUID(), clean, user.id, json, iso, iso) as string;
  const owner_name = user.name || user.email;
  return { id, name: clean, owner_id: user.id, owner_name, mapping, updated_at: iso };
}

// ------------------------------------------------------------------ preview and import

export interface PreviewRow {
  /** 1-based row number in the file. */
  index: number;
  name: string;
  action: "create" | "update" | "reject" | "skip";
  reason: string | null;
}

export interface Preview {
  total: number;
  creates: number;
  updates: number;
  rejects: number;
  skips: number;
  rows: PreviewRow[];
}

/** What an import with this mapping would do, without writing anything. */
export function previewImport(db: Db, upload: UploadInfo, mapping: MappingFile): Preview {
  const read = readUpload(db, upload);
  const dm = columnMapping(mapping, upload.format);
  const prepared = prepareRows(db, upload.filename, read.rows, dm);
  const exists = db.sqlite.prepare("SELECT 1 FROM assets WHERE source = ? AND source_id = ?");
  const byIndex = new Map<number, PreviewRow>();
  let creates = 0;
  let updates = 0;
  const nameOf = (values: Record<string, string>) => (mapping.columns.name ? values[mapping.columns.name] ?? "" : "").trim();
  for (const v of prepared.valid) {
    const update = !!exists.get(v.asset.source, v.asset.source_id);
    if (update) updates++;
    else creates++;
    byIndex.set(v.row.index, { index: v.row.index, name: v.asset.name, action: update ? "update" : "create", reason: null });
  }
  for (const r of prepared.rejects) byIndex.set(r.row.index, { index: r.row.index, name: nameOf(r.row.values), action: "reject", reason: r.reason });
  for (const s of prepared.skips) byIndex.set(s.row.index, { index: s.row.index, name: nameOf(s.row.values), action: "skip", reason: s.reason });
  const rows = read.rows.slice(0, PREVIEW_ROWS).map((r) => byIndex.get(r.index) ?? { index: r.index, name: nameOf(r.values), action: "reject" as const, reason: "could not be read" });
  return { total: read.rows.length, creates, updates, rejects: prepared.rejects.length, skips: prepared.skips.length, rows };
}

export interface ImportRun {
  id: string;
  upload_id: string;
  filename: string;
  user_id: string | null;
  source: string;
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  skipped: number;
  has_rejects: boolean;
  created_at: string;
}

/** Import every good row (same source + source id: update, never a duplicate) and keep the rejects. */
export async function runImport(ctx: Context, user: User, upload: UploadInfo, mapping: MappingFile, now = new Date()): Promise<ImportRun> {
  enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
  if (RESERVED_SOURCES.includes(mapping.source.toLowerCase())) {
    throw new ApiError(400, "invalid_input", `"${mapping.source}" is already used by built-in data.`, { source: "is already used by built-in data" });
  }
  const read = readUpload(ctx.db, upload);
  const result = await importRead(ctx, upload.filename, read, columnMapping(mapping, upload.format), {
    now,
    write: { actor: user.id, action: "import", note: `Imported from ${upload.filename} in the site` },
  });
  const id = crypto.randomUUID();
  const rejects = result.rejects.length ? Buffer.from(rejectsCsv(read.columns, result.rejects), "utf8") : null;
  ctx.db.sqlite
    .prepare(
      `INSERT INTO import_runs (id, upload_id, user_id, source, mapping, read_count, created_count, updated_count, unchanged_count,
        rejected_count, skipped_count, rejects, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, upload.id, user.id, mapping.source, JSON.stringify(mapping), result.read, result.created, result.updated, result.unchanged,
      result.rejected, result.skipped, rejects, now.toISOString());
  return getRun(ctx.db, user, id)!;
}

/** A run, for the connector who ran it or an admin. */
export function getRun(db: Db, user: User, id: string): ImportRun | null {
  const r = db.sqlite
    .prepare(
      `SELECT r.id, r.upload_id, u.filename, r.user_id, r.source, r.read_count AS read, r.created_count AS created, r.updated_count AS updated,
        r.unchanged_count AS unchanged, r.rejected_count AS rejected, r.skipped_count AS skipped, r.rejects IS NOT NULL AS has_rejects, r.created_at
       FROM import_runs r JOIN import_uploads u ON u.id = r.upload_id WHERE r.id = ?`,
    )
    .get(id) as (Omit<ImportRun, "has_rejects"> & { has_rejects: number }) | undefined;
  if (!r || (r.user_id !== user.id && user.role !== "admin")) return null;
  return { ...r, has_rejects: r.has_rejects === 1 };
}

/** The rejected rows of a run as a stream of CSV (original columns plus `reason`), or null. */
export function rejectsStream(db: Db, user: User, id: string): { filename: string; size: number; stream: ReadableStream<Uint8Array> } | null {
  const run = getRun(db, user, id);
  if (!run || !run.has_rejects) return null;
  const blob = db.sqlite.prepare("SELECT rejects FROM import_runs WHERE id = ?").pluck().get(id) as Buffer;
  const chunk = 64 * 1024;
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= blob.length) return controller.close();
      controller.enqueue(new Uint8Array(blob.subarray(offset, offset + chunk)));
      offset += chunk;
    },
  });
  const base = run.filename.replace(/\.[^.]+$/, "").replace(/[^A-Za-z0-9._-]+/g, "_") || "import";
  return { filename: `${base}.rejects.csv`, size: blob.length, stream };
}
