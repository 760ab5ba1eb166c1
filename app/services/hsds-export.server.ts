// The whole directory as Open Referral HSDS 3.0: NDJSON (one service_full per line) and the CSV
// datapackage (one file per table plus datapackage.json). Both STREAM: assets are read in
// batches in id order (keyset paging: WHERE id > last id, so each batch is an index seek, not
// an OFFSET walk), mapped by app/core/hsds/mapping.ts and handed on before the next batch is
// read; nothing holds the whole directory. Used by scripts/export.ts and the download routes
// (/api/hsds/export.ndjson, /api/hsds/datapackage.json, /api/hsds/datapackage/{file}.csv).
//
// Each export reads from its own read-only connection inside one read transaction: a consistent
// snapshot of the database (WAL), unaffected by writes made while it streams.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { TAXONOMIES, TAXONOMY_TERMS, mapOrganization, mapService, type AssetRow, type OrganisationRow } from "../core/hsds/mapping";
import { TABLES, csvHeader, csvRow, datapackageDescriptor, flattenOrganization, flattenService, type TableDef, type TableName, type TableRows } from "../core/hsds/tables";
import { ApiError } from "./errors";
import { COLUMNS, extrasFor } from "./hsds.server";

export const EXPORT_BATCH = 500;

export interface Snapshot {
  sqlite: SQLite.Database;
  close(): void;
}

/** A read-only connection with an open read transaction: the database as it is now. */
export function openSnapshot(dbPath: string): Snapshot {
  const sqlite = new SQLite(dbPath, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.exec("BEGIN");
  // The snapshot starts with the first read.
  sqlite.prepare("SELECT COUNT(*) FROM assets WHERE rowid = 0").get();
  let closed = false;
  return {
    sqlite,
    close() {
      if (closed) return;
      closed = true;
      try {
        sqlite.exec("COMMIT");
      } finally {
        sqlite.close();
      }
    },
  };
}

/** Full services, a batch at a time, in id order. */
export function* serviceBatches(snap: Pick<Snapshot, "sqlite">, batchSize = EXPORT_BATCH): Generator<ReturnType<typeof mapService>[]> {
  const page = snap.sqlite.prepare(`SELECT ${COLUMNS} FROM assets a WHERE a.id > ? ORDER BY a.id LIMIT ?`);
  let after = "";
  for (;;) {
    const rows = page.all(after, batchSize) as AssetRow[];
    if (!rows.length) return;
    const extras = extrasFor(snap, rows, { revisions: true });
    yield rows.map((r) => mapService(r, extras.get(r.id)!));
    after = rows[rows.length - 1]!.id;
  }
}

/** The organisations that have at least one asset, a batch at a time, in id order. */
export function* organisationBatches(snap: Pick<Snapshot, "sqlite">, batchSize = EXPORT_BATCH): Generator<ReturnType<typeof mapOrganization>[]> {
  const page = snap.sqlite.prepare(
    `SELECT o.id, o.name, o.description, o.website, o.email, o.phone, o.charity_number, o.company_number FROM organisations o
     WHERE o.id > ? AND EXISTS (SELECT 1 FROM assets a WHERE a.organisation_id = o.id) ORDER BY o.id LIMIT ?`,
  );
  let after = "";
  for (;;) {
    const rows = page.all(after, batchSize) as OrganisationRow[];
    if (!rows.length) return;
    yield rows.map(mapOrganization);
    after = rows[rows.length - 1]!.id;
  }
}

/** NDJSON text, one chunk per batch (each line one service_full). */
export function* ndjsonChunks(snap: Pick<Snapshot, "sqlite">, batchSize = EXPORT_BATCH): Generator<string> {
  for (const batch of serviceBatches(snap, batchSize)) yield batch.map((s) => `${JSON.stringify(s)}\n`).join("");
}

const FROM_SERVICES = new Set<TableName>(["service", "service_at_location", "location", "address", "accessibility", "attribute", "phone", "contact", "schedule", "cost_option", "metadata"]);

/** One CSV table: the header, then one chunk per batch. */
export function* csvChunks(snap: Pick<Snapshot, "sqlite">, table: TableName, batchSize = EXPORT_BATCH): Generator<string> {
  yield csvHeader(table);
  if (table === "taxonomy") {
    yield TAXONOMIES.map((t) => csvRow(table, t)).join("");
  } else if (table === "taxonomy_term") {
    yield TAXONOMY_TERMS.map((t) => csvRow(table, t)).join("");
  } else if (table === "organization" || table === "organization_identifier") {
    for (const batch of organisationBatches(snap, batchSize)) {
      yield batch.flatMap((o) => (flattenOrganization(o)[table] ?? []).map((r) => csvRow(table, r))).join("");
    }
  } else if (FROM_SERVICES.has(table)) {
    for (const batch of serviceBatches(snap, batchSize)) {
      yield batch.flatMap((s) => (flattenService(s)[table] ?? []).map((r) => csvRow(table, r))).join("");
    }
  }
}

// ------------------------------------------------------------------ datapackage.json

const LICENCE_IDS: [RegExp, string][] = [
  [/open government licence/i, "OGL-UK-3.0"],
  [/open database licen[cs]e/i, "ODbL-1.0"],
  [/CC BY 4\.0|Attribution 4\.0/i, "CC-BY-4.0"],
  [/CC0/i, "CC0-1.0"],
];

/** The licences and sources (with their attribution lines) of the datasets that have records. */
export function packageSources(snap: Pick<Snapshot, "sqlite">) {
  const datasets = snap.sqlite
    .prepare(
      `SELECT source, title, licence, attribution, url FROM datasets d
       WHERE source = 'postcodes' OR EXISTS (SELECT 1 FROM assets a WHERE a.source = d.source) ORDER BY title`,
    )
    .all() as { source: string; title: string; licence: string; attribution: string; url: string | null }[];
  const licences = [...new Set(datasets.map((d) => d.licence))].map((title) => {
    const id = LICENCE_IDS.find(([re]) => re.test(title))?.[1];
    return { name: id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""), title };
  });
  const sources = datasets.map((d) => ({ title: d.title, ...(d.url ? { path: d.url } : {}), attribution: d.attribution }));
  return { licenses: licences, sources };
}

/** The descriptor; `created` is when the data last changed (the latest updated_at), so the same data gives the same file. */
export function datapackageFor(snap: Pick<Snapshot, "sqlite">, pathFor: (t: TableDef) => string) {
  const latest = snap.sqlite.prepare("SELECT MAX(updated_at) FROM assets").pluck().get() as string | null;
  return datapackageDescriptor({ pathFor, ...packageSources(snap), created: latest ? new Date(latest).toISOString() : new Date(0).toISOString() });
}

// ------------------------------------------------------------------ writing files (scripts/export.ts)

export interface ExportCounts {
  services: number;
  /** Rows per CSV file (CSV export only). */
  rows?: Partial<Record<TableName, number>>;
  bytes: number;
}

/**
 * Keeps a stream's first error: one can come while nothing is waiting on the stream (an EPIPE
 * when `| head` closes standard output), and it must be thrown by the export, not left unhandled.
 */
function watch(stream: NodeJS.WritableStream): { check(): void } {
  let error: Error | null = null;
  stream.on("error", (e: Error) => {
    error ??= e;
  });
  return {
    check() {
      if (error) throw error;
    },
  };
}

async function writeAll(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!text) return;
  if (!stream.write(text)) await new Promise<void>((resolve, reject) => {
    const done = () => {
      stream.off("error", fail);
      resolve();
    };
    const fail = (e: Error) => {
      stream.off("drain", done);
      reject(e);
    };
    stream.once("drain", done);
    stream.once("error", fail);
  });
}

async function finish(stream: fs.WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once("error", reject);
    stream.end(() => resolve());
  });
}

/** NDJSON to a file (or to an already open stream such as stdout). */
export async function writeNdjson(snap: Snapshot, out: string | NodeJS.WritableStream, batchSize = EXPORT_BATCH): Promise<ExportCounts> {
  const owned = typeof out === "string";
  const stream = owned ? fs.createWriteStream(out) : (out as fs.WriteStream);
  const watched = watch(stream);
  let services = 0;
  let bytes = 0;
  try {
    for (const batch of serviceBatches(snap, batchSize)) {
      const text = batch.map((s) => `${JSON.stringify(s)}\n`).join("");
      services += batch.length;
      bytes += Buffer.byteLength(text);
      watched.check();
      await writeAll(stream, text);
    }
    if (owned) await finish(stream);
    watched.check();
  } catch (e) {
    if (owned) stream.destroy();
    throw e;
  }
  return { services, bytes };
}

/**
 * The CSV datapackage into a folder: every table's file and datapackage.json. One pass over the
 * services writes all of their tables at once; a second pass writes the organisations.
 */
export async function writeCsvPackage(snap: Snapshot, dir: string, batchSize = EXPORT_BATCH): Promise<ExportCounts> {
  fs.mkdirSync(dir, { recursive: true });
  const streams = new Map<TableName, fs.WriteStream>();
  const watched: { check(): void }[] = [];
  try {
    return await writeTables(snap, dir, batchSize, streams, watched);
  } catch (e) {
    for (const s of streams.values()) s.destroy();
    throw e;
  }
}

async function writeTables(
  snap: Snapshot,
  dir: string,
  batchSize: number,
  streams: Map<TableName, fs.WriteStream>,
  watched: { check(): void }[],
): Promise<ExportCounts> {
  const rows: Partial<Record<TableName, number>> = {};
  let bytes = 0;
  for (const t of TABLES) {
    const s = fs.createWriteStream(path.join(dir, t.file));
    streams.set(t.name, s);
    watched.push(watch(s));
    rows[t.name] = 0;
    await writeAll(s, csvHeader(t.name));
  }
  const put = async (tables: TableRows[]) => {
    const text = new Map<TableName, string[]>();
    for (const tr of tables) {
      for (const [name, list] of Object.entries(tr) as [TableName, Record<string, unknown>[]][]) {
        const bucket = text.get(name) ?? [];
        for (const r of list) bucket.push(csvRow(name, r));
        text.set(name, bucket);
        rows[name] = (rows[name] ?? 0) + list.length;
      }
    }
    for (const w of watched) w.check();
    for (const [name, lines] of text) {
      const chunk = lines.join("");
      bytes += Buffer.byteLength(chunk);
      await writeAll(streams.get(name)!, chunk);
    }
  };
  let services = 0;
  for (const batch of serviceBatches(snap, batchSize)) {
    services += batch.length;
    await put(batch.map(flattenService));
  }
  for (const batch of organisationBatches(snap, batchSize)) await put(batch.map(flattenOrganization));
  await put([{ taxonomy: TAXONOMIES as unknown as Record<string, unknown>[], taxonomy_term: TAXONOMY_TERMS as unknown as Record<string, unknown>[] }]);
  for (const s of streams.values()) await finish(s);
  const descriptor = datapackageFor(snap, (t) => t.file);
  fs.writeFileSync(path.join(dir, "datapackage.json"), `${JSON.stringify(descriptor, null, 2)}\n`);
  return { services, rows, bytes };
}

// ------------------------------------------------------------------ HTTP downloads

/** What a download needs from its request: when the client is gone, and when it is ready for more. */
export interface DownloadOptions {
  /** Aborted when the client goes away (Remix's request.signal). */
  signal?: AbortSignal;
  /** Resolves when the response can take more: true, or false when the client is gone (the server's load context; absent: no waiting). */
  drained?: () => Promise<boolean>;
}

/** The download options of a loader's request and load context (scripts/server.ts gives `drained`). */
export function downloadOptions(request: Request, context: unknown): DownloadOptions {
  const drained = (context as { drained?: unknown } | undefined)?.drained;
  return { signal: request.signal, drained: typeof drained === "function" ? (drained as () => Promise<boolean>) : undefined };
}

/**
 * A streamed HTTP body from a generator of text chunks, pulled one chunk at a time: the next batch
 * is read from the database only when the client has taken the last one (`drained`), and not at
 * all once it has gone (`signal`). `done` runs once: at the end, on cancel or when the client goes.
 */
export function streamOf(chunks: Generator<string>, done: () => void, opts: DownloadOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finished = false;
  const end = () => {
    if (finished) return;
    finished = true;
    chunks.return(undefined);
    done();
  };
  opts.signal?.addEventListener("abort", end, { once: true });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const connected = opts.drained ? await opts.drained() : true;
      if (!connected || finished || opts.signal?.aborted) {
        end();
        controller.close();
        return;
      }
      try {
        // Enqueue something on every pull (a pull that enqueues nothing is not called again).
        for (;;) {
          const next = chunks.next();
          if (next.done) {
            end();
            controller.close();
            return;
          }
          if (next.value) {
            controller.enqueue(encoder.encode(next.value));
            return;
          }
        }
      } catch (e) {
        end();
        controller.error(e);
      }
    },
    cancel() {
      end();
    },
  });
}

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
    sqlite: snap.sqlite,
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
  return new Response(streamOf(ndjsonChunks(snap, DOWNLOAD_BATCH), () => snap.close(), opts), { headers });
}

/** GET /api/hsds/datapackage/{file}.csv: one table of the datapackage, streamed; null for a file that is not one. */
export function csvDownload(dbPath: string, file: string, request: Request, opts: DownloadOptions = {}): Response | null {
  const table = tableOfDownload(file);
  if (!table) return null;
  const headers = { ...DOWNLOAD_HEADERS, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${file}"` };
  if (request.method === "HEAD") return new Response(null, { headers });
  const snap = downloadSnapshot(dbPath);
  return new Response(streamOf(csvChunks(snap, table, DOWNLOAD_BATCH), () => snap.close(), opts), { headers });
}

/** GET /api/hsds/datapackage.json: the descriptor, its resources at datapackage/{file}.csv beside it. */
export function datapackageDocument(dbPath: string) {
  const snap = openSnapshot(dbPath);
  try {
    return datapackageFor(snap, (t) => `${DOWNLOAD_DIR}/${t.file}`);
  } finally {
    snap.close();
  }
}
