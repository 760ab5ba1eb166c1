// The whole directory as HTTP downloads: GET /api/hsds/export.ndjson, /api/hsds/datapackage.json
// and /api/hsds/datapackage/{file}.csv, each streamed from a snapshot of its own (decision 0041).
import { TABLES, type TableName } from "../../core/hsds/tables";
import { ApiError } from "../../server/errors";
import { openSnapshot, type Snapshot } from "./export-snapshot.sqlite";
import { streamOf, type DownloadOptions } from "./export-stream.server";
import { csvChunks, datapackageFor, ndjsonChunks } from "./export.server";

/** The table a download file name is ("services.csv" → service), or null. */
export function tableOfDownload(file: string): TableName | null {
  return TABLES.find((t) => t.file === file)?.name ?? null;
}

/**
 * Downloads map smaller batches than the command line: each batch is mapped synchronously on the
 * server's one thread, so a smaller one keeps other requests waiting less (about 20 ms a batch).
 */
export const DOWNLOAD_BATCH = 100;

/** Where the HTTP datapackage's files are, relative to /api/hsds/datapackage.json. */
export const DOWNLOAD_DIR = "datapackage";

/**
 * At most this many downloads stream at once (each holds a snapshot, and so keeps SQLite from
 * checkpointing its WAL, and takes a share of the server's one thread); one more is a 429.
 */
export const MAX_DOWNLOADS = 4;
let openDownloads = 0;

/** The number of downloads streaming now (for tests). */
export function downloadsOpen(): number {
  return openDownloads;
}

/** A snapshot for one download, counted until `close`; a 429 when MAX_DOWNLOADS are running. */
function downloadSnapshot(dbPath: string): Snapshot {
  if (openDownloads >= MAX_DOWNLOADS) {
    throw new ApiError(429, "too_many_downloads", `${MAX_DOWNLOADS} downloads of the whole directory are running already. Please try again in a minute.`, undefined, 60);
  }
  const snap = openSnapshot(dbPath);
  openDownloads++;
  let counted = true;
  return {
    db: snap.db,
    close() {
      if (counted) {
        counted = false;
        openDownloads--;
      }
      snap.close();
    },
  };
}

const DOWNLOAD_HEADERS = {
  "Cache-Control": "no-cache",
  "X-Content-Type-Options": "nosniff",
};

/**
 * GET /api/hsds/export.ndjson: every service_full, one per line, streamed from a snapshot. A HEAD
 * request gets the headers only (Remix drops a HEAD body without cancelling it, so no snapshot is
 * opened for one).
 */
export function ndjsonDownload(dbPath: string, request: Request, opts: DownloadOptions = {}): Response {
  const headers = { ...DOWNLOAD_HEADERS, "Content-Type": "application/x-ndjson; charset=utf-8", "Content-Disposition": 'attachment; filename="real-wealth-hsds.ndjson"' };
  if (request.method === "HEAD") return new Response(null, { headers });
  const snap = downloadSnapshot(dbPath);
  return new Response(streamOf(ndjsonChunks(snap.db, DOWNLOAD_BATCH), () => snap.close(), opts), { headers });
}

/** GET /api/hsds/datapackage/{file}.csv: one table of the datapackage, streamed; null for a file that is not one. */
export function csvDownload(dbPath: string, file: string, request: Request, opts: DownloadOptions = {}): Response | null {
  const table = tableOfDownload(file);
  if (!table) return null;
  const headers = { ...DOWNLOAD_HEADERS, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${file}"` };
  if (request.method === "HEAD") return new Response(null, { headers });
  const snap = downloadSnapshot(dbPath);
  return new Response(streamOf(csvChunks(snap.db, table, DOWNLOAD_BATCH), () => snap.close(), opts), { headers });
}

/** GET /api/hsds/datapackage.json: the descriptor, its resources at datapackage/{file}.csv beside it. */
export async function datapackageDocument(dbPath: string) {
  const snap = openSnapshot(dbPath);
  try {
    return await datapackageFor(snap.db, (t) => `${DOWNLOAD_DIR}/${t.file}`);
  } finally {
    snap.close();
  }
}
