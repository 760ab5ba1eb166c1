// The whole directory as Open Referral HSDS 3.0: NDJSON (one service_full per line) and the CSV
// datapackage (one file per table plus datapackage.json). Both STREAM: assets are read in
// batches in id order (keyset paging: WHERE id > last id, so each batch is an index seek, not
// an OFFSET walk), mapped by app/core/hsds/mapping.ts and handed on before the next batch is
// read; nothing holds the whole directory. Written to files by export-files.server.ts
// (scripts/export.ts), downloaded through downloads.server.ts. Each export reads from one
// snapshot (export-snapshot.sqlite.ts).
import type { Executor } from "../../../db/index";
import { TAXONOMIES, TAXONOMY_TERMS, mapOrganization, mapService } from "../../core/hsds/mapping";
import { csvHeader, csvRow, datapackageDescriptor, flattenOrganization, flattenService, type TableDef, type TableName } from "../../core/hsds/tables";
import { extrasFor } from "./extras.server";
import * as hsds from "./hsds.data.server";

export const EXPORT_BATCH = 500;

/** Full services, a batch at a time, in id order. */
export async function* serviceBatches(db: Executor, batchSize = EXPORT_BATCH): AsyncGenerator<ReturnType<typeof mapService>[]> {
  let after = "";
  for (;;) {
    const rows = await hsds.servicesAfter(db, after, batchSize);
    if (!rows.length) return;
    const extras = await extrasFor(db, rows, { revisions: true });
    yield rows.map((r) => mapService(r, extras.get(r.id)!));
    after = rows[rows.length - 1]!.id;
  }
}

/** The organisations that have at least one asset, a batch at a time, in id order. */
export async function* organisationBatches(db: Executor, batchSize = EXPORT_BATCH): AsyncGenerator<ReturnType<typeof mapOrganization>[]> {
  let after = "";
  for (;;) {
    const rows = await hsds.organisationsWithServicesAfter(db, after, batchSize);
    if (!rows.length) return;
    yield rows.map(mapOrganization);
    after = rows[rows.length - 1]!.id;
  }
}

/** NDJSON text, one chunk per batch (each line one service_full). */
export async function* ndjsonChunks(db: Executor, batchSize = EXPORT_BATCH): AsyncGenerator<string> {
  for await (const batch of serviceBatches(db, batchSize)) yield ndjsonOf(batch);
}

export function ndjsonOf(services: ReturnType<typeof mapService>[]): string {
  return services.map((s) => `${JSON.stringify(s)}\n`).join("");
}

const FROM_SERVICES = new Set<TableName>(["service", "service_at_location", "location", "address", "accessibility", "attribute", "phone", "contact", "schedule", "cost_option", "metadata"]);

/** One CSV table: the header, then one chunk per batch. */
export async function* csvChunks(db: Executor, table: TableName, batchSize = EXPORT_BATCH): AsyncGenerator<string> {
  yield csvHeader(table);
  if (table === "taxonomy") {
    yield TAXONOMIES.map((t) => csvRow(table, t)).join("");
  } else if (table === "taxonomy_term") {
    yield TAXONOMY_TERMS.map((t) => csvRow(table, t)).join("");
  } else if (table === "organization" || table === "organization_identifier") {
    for await (const batch of organisationBatches(db, batchSize)) {
      yield batch.flatMap((o) => (flattenOrganization(o)[table] ?? []).map((r) => csvRow(table, r))).join("");
    }
  } else if (FROM_SERVICES.has(table)) {
    for await (const batch of serviceBatches(db, batchSize)) {
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
export async function packageSources(db: Executor) {
  const datasets = await hsds.datasetsWithRecords(db);
  const licences = [...new Set(datasets.map((d) => d.licence))].map((title) => {
    const id = LICENCE_IDS.find(([re]) => re.test(title))?.[1];
    return { name: id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""), title };
  });
  const sources = datasets.map((d) => ({ title: d.title, ...(d.url ? { path: d.url } : {}), attribution: d.attribution }));
  return { licenses: licences, sources };
}

/** The descriptor; `created` is when the data last changed (the latest updated_at), so the same data gives the same file. */
export async function datapackageFor(db: Executor, pathFor: (t: TableDef) => string) {
  const latest = await hsds.latestAssetUpdate(db);
  return datapackageDescriptor({ pathFor, ...(await packageSources(db)), created: latest ? new Date(latest).toISOString() : new Date(0).toISOString() });
}
