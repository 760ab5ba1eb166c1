// The exports written to files (scripts/export.ts): NDJSON to a file or standard output, the CSV
// datapackage into a folder. Each batch is written, and the stream has drained, before the next
// batch is read.
import fs from "node:fs";
import path from "node:path";
import { TAXONOMIES, TAXONOMY_TERMS } from "../../core/hsds/mapping";
import { TABLES, csvHeader, csvRow, flattenOrganization, flattenService, type TableName, type TableRows } from "../../core/hsds/tables";
import type { Snapshot } from "./export-snapshot.sqlite";
import { EXPORT_BATCH, datapackageFor, ndjsonOf, organisationBatches, serviceBatches } from "./export.server";

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
    for await (const batch of serviceBatches(snap.db, batchSize)) {
      const text = ndjsonOf(batch);
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
  for await (const batch of serviceBatches(snap.db, batchSize)) {
    services += batch.length;
    await put(batch.map(flattenService));
  }
  for await (const batch of organisationBatches(snap.db, batchSize)) await put(batch.map(flattenOrganization));
  await put([{ taxonomy: TAXONOMIES as unknown as Record<string, unknown>[], taxonomy_term: TAXONOMY_TERMS as unknown as Record<string, unknown>[] }]);
  for (const s of streams.values()) await finish(s);
  const descriptor = await datapackageFor(snap.db, (t) => t.file);
  fs.writeFileSync(path.join(dir, "datapackage.json"), `${JSON.stringify(descriptor, null, 2)}\n`);
  return { services, rows, bytes };
}
