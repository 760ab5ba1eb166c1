// Previewing and running an in-site import (decision 0012): the importer's own placing and
// validation, rows matched on (source, source id) so a repeat updates, and the rejected rows kept
// with the run for the connector who ran it (and admins).
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import { SUGGESTION_SOURCE } from "../../core/suggestion";
import type { User } from "../accounts/users.data.server";
import type { Context } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { LIMITS, enforce } from "../../server/rate-limit.server";
import { findWriteStates } from "../assets/assets.data.server";
import { findRun, findRunRejects, insertRun } from "./imports.data.server";
import { KNOWN_DATASETS } from "./mappings/index";
import { columnMapping, type MappingFile } from "./mappings/columns";
import { importRead, prepareRows } from "./pipeline.server";
import { rejectsCsv } from "./rejects.server";
import { EXAMPLES_SOURCE } from "./sources";
import { readUpload, type UploadInfo } from "./uploads.server";

export const PREVIEW_ROWS = 20;

/** Dataset keys a connector may not import into: the built-in open data, examples, suggestions. */
export const RESERVED_SOURCES = [...KNOWN_DATASETS.map((d) => d.source), EXAMPLES_SOURCE, SUGGESTION_SOURCE, "postcodes", "connector"];

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
export async function previewImport(db: Db, upload: UploadInfo, mapping: MappingFile): Promise<Preview> {
  const read = await readUpload(db, upload);
  const dm = columnMapping(mapping, upload.format);
  const prepared = await prepareRows(db, upload.filename, read.rows, dm);
  const stored = await findWriteStates(db.kysely, [], prepared.valid.map((v) => ({ source: v.asset.source, source_id: v.asset.source_id })));
  const existing = new Set(stored.map((s) => JSON.stringify([s.source, s.source_id])));
  const byIndex = new Map<number, PreviewRow>();
  let creates = 0;
  let updates = 0;
  const nameOf = (values: Record<string, string>) => (mapping.columns.name ? values[mapping.columns.name] ?? "" : "").trim();
  for (const v of prepared.valid) {
    const update = existing.has(JSON.stringify([v.asset.source, v.asset.source_id]));
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

/**
 * Import every good row (same source + source id: update, never a duplicate) and keep the
 * rejects. The rows and the run are written in one transaction: all of it, or none.
 */
export async function runImport(ctx: Context, user: User, upload: UploadInfo, mapping: MappingFile, now = new Date()): Promise<ImportRun> {
  enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
  if (RESERVED_SOURCES.includes(mapping.source.toLowerCase())) {
    throw new ApiError(400, "invalid_input", `"${mapping.source}" is already used by built-in data.`, { source: "is already used by built-in data" });
  }
  const read = await readUpload(ctx.db, upload);
  const id = crypto.randomUUID();
  await importRead(ctx, upload.filename, read, columnMapping(mapping, upload.format), {
    now,
    write: { actor: user.id, action: "import", note: `Imported from ${upload.filename} in the site` },
    inTransaction: (tx, result) =>
      insertRun(tx, {
        id,
        upload_id: upload.id,
        user_id: user.id,
        source: mapping.source,
        mapping: JSON.stringify(mapping),
        read_count: result.read,
        created_count: result.created,
        updated_count: result.updated,
        unchanged_count: result.unchanged,
        rejected_count: result.rejected,
        skipped_count: result.skipped,
        rejects: result.rejects.length ? Buffer.from(rejectsCsv(read.columns, result.rejects), "utf8") : null,
        created_at: now.toISOString(),
      }),
  });
  return (await getRun(ctx.db, user, id))!;
}

/** A run, for the connector who ran it or an admin. */
export async function getRun(db: Db, user: User, id: string): Promise<ImportRun | null> {
  const r = await findRun(db.kysely, id);
  if (!r || (r.user_id !== user.id && user.role !== "admin")) return null;
  return {
    id: r.id,
    upload_id: r.upload_id,
    filename: r.filename,
    user_id: r.user_id,
    source: r.source,
    read: r.read_count,
    created: r.created_count,
    updated: r.updated_count,
    unchanged: r.unchanged_count,
    rejected: r.rejected_count,
    skipped: r.skipped_count,
    has_rejects: r.has_rejects === 1 || r.has_rejects === true,
    created_at: r.created_at,
  };
}

/** The rejected rows of a run as a stream of CSV (original columns plus `reason`), or null. */
export async function rejectsStream(db: Db, user: User, id: string): Promise<{ filename: string; size: number; stream: ReadableStream<Uint8Array> } | null> {
  const run = await getRun(db, user, id);
  if (!run || !run.has_rejects) return null;
  const blob = await findRunRejects(db.kysely, id);
  if (!blob) return null;
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
