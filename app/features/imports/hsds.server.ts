// Importing Open Referral HSDS 3.0: JSON (a service_full, a list, a page {"contents": [...]},
// service_at_location_full or organization_full records, or NDJSON with one per line) and the
// CSV datapackage (a folder of CSV files, or its datapackage.json).
//
// Two steps, so that nothing is written when the file itself is wrong:
//   1. readHsds(): read the input and check it as a whole — it must be HSDS, CSV tables must have
//      their required columns, ids must be unique. Any problem throws ImportFileError and the
//      database is not touched.
//   2. importHsds(): check every service against the HSDS 3.0 schema (ajv), map it back to our
//      assets (app/core/hsds/inverse.ts), place it (its coordinates, else its postcode), validate
//      it as an asset, and write every good one in ONE transaction (with the search index). Bad
//      records are rejected with the reason; the others are imported.
// A re-import matches records by id (the HSDS service id is the asset id, decision 0041): it
// updates what changed, leaves the rest alone and never duplicates.
import fs from "node:fs";
import path from "node:path";
import { assetInputSchema, fieldErrors, type ValidAsset } from "../../core/asset";
import { isKind, KINDS, type Kind } from "../../core/taxonomy";
import { serviceToDrafts, servicesOfRecord, type HsdsAssetDraft } from "../../core/hsds/inverse";
import { IGNORED_TABLE_FILES, TABLE, assembleServices, tableForFile, tableForResource, type TableName, type TableRow } from "../../core/hsds/tables";
import { countAssetsFromSource, findAsset } from "../assets/assets.data.server";
import { registerDataset } from "../directory/datasets.data.server";
import { loadAssetInput } from "../assets/stored-asset.server";
import { writeAssetsIn } from "../assets/write-assets.server";
import type { Context } from "../../server/context.server";
import { describeFields } from "../../server/errors";
import { geocodePostcode } from "../postcodes/geocode.server";
import { hsdsRecordValidator, type RecordValidator } from "../hsds/schemas.server";
import { ImportFileError, readCsvText } from "./read.server";
import { canWriteNextTo, type RejectsTarget } from "./rejects.server";
import { withPostcodeLine } from "./sources";

type Obj = Record<string, unknown>;
type Entity = "service" | "service_at_location" | "organization";

const BATCH_SIZE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One service to import, with where it came from and the schema checks it must pass. */
export interface HsdsUnit {
  /** "record 3", "line 12", "services.csv row 2". */
  label: string;
  /** The service id as given (for the rejects file). */
  id: string | null;
  /** The record as read (JSON) or as assembled from the CSV tables. */
  original: unknown;
  /** The service_full to map. */
  service: Obj;
  /** Schema checks: each piece of the record with the HSDS entity it must be. */
  checks: { entity: Entity; data: unknown; where: string }[];
  /** A problem found while reading (a line that is not JSON, a CSV row of the wrong length). */
  problem?: string;
}

export interface HsdsInput {
  file: string;
  format: "json" | "ndjson" | "csv";
  units: HsdsUnit[];
  /** Terms defined in the file (taxonomy_terms.csv), by id. */
  terms: Map<string, Obj>;
  /** Organisations defined in the file, by id. */
  organisations: Map<string, Obj>;
  /** What was read and what was left out, for the person importing. */
  notes: string[];
  /** From datapackage.json, when there is one. */
  title: string | null;
  licence: string | null;
  attribution: string | null;
}

// ------------------------------------------------------------------ step 1: reading

const fail = (message: string): never => {
  throw new ImportFileError(message);
};

/** Read an HSDS input (file or folder) and check it as a whole. Throws ImportFileError; writes nothing. */
export function readHsds(input: string): HsdsInput {
  const file = path.resolve(input);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return fail(`Cannot read ${input}: it does not exist.`);
  }
  if (stat.isDirectory()) return readCsvPackage(file, null);
  const base = path.basename(file).toLowerCase();
  if (base === "datapackage.json") return readCsvPackage(path.dirname(file), file);
  if (base.endsWith(".csv")) return readCsvPackage(path.dirname(file), null, file);
  return readJson(file);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    return fail(`Cannot read ${file}: ${(e as Error).message}`);
  }
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

function looksLikeEntity(v: unknown): boolean {
  return isObj(v) && typeof v.id === "string" && (typeof v.name === "string" || isObj(v.service));
}

function readJson(file: string): HsdsInput {
  const text = readText(file);
  const label = path.basename(file);
  let items: { value: unknown; label: string; problem?: string }[];
  let format: "json" | "ndjson" = "json";
  let doc: unknown;
  let parseError: string | null = null;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    parseError = (e as Error).message;
  }
  if (parseError !== null) {
    const lines = text.split(/\r?\n/);
    const nonEmpty = lines.filter((l) => l.trim());
    if (/\.(ndjson|jsonl)$/i.test(file) || (nonEmpty.length > 1 && nonEmpty.slice(0, 3).some((l) => isJsonObject(l)))) {
      format = "ndjson";
      items = [];
      lines.forEach((line, i) => {
        if (!line.trim()) return;
        try {
          items.push({ value: JSON.parse(line), label: `line ${i + 1}` });
        } catch (e) {
          items.push({ value: null, label: `line ${i + 1}`, problem: `is not JSON (${(e as Error).message})` });
        }
      });
      if (!items.some((x) => looksLikeEntity(x.value))) fail(`${label} is not HSDS: no line holds a service (an object with "id" and "name").`);
    } else {
      return fail(`${label} is not valid JSON: ${parseError}`);
    }
  } else {
    if (isObj(doc) && (doc.type === "FeatureCollection" || doc.type === "Feature")) fail(`${label} is GeoJSON, not HSDS: import it with --format geojson.`);
    const list = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.contents) ? doc.contents : isObj(doc) ? [doc] : null;
    if (!list) return fail(`${label} is not HSDS: expected a service object, a list of them, or a page {"contents": [...]}.`);
    items = list.map((value, i) => ({ value, label: list.length === 1 && !Array.isArray(doc) && !(isObj(doc) && Array.isArray(doc.contents)) ? "the record" : `record ${i + 1}` }));
    if (items.length === 0) return fail(`${label} holds no records (an empty list).`);
    if (!items.some((x) => looksLikeEntity(x.value))) {
      const keys = isObj(list[0]) ? Object.keys(list[0] as Obj).slice(0, 8).join(", ") : typeof list[0];
      return fail(`${label} is not HSDS: no record has a service's "id" and "name" (the first record has: ${keys || "nothing"}).`);
    }
    const terms = items.filter((x) => isObj(x.value) && !("status" in (x.value as Obj)) && ("taxonomy" in (x.value as Obj) || "term_uri" in (x.value as Obj) || "taxonomy_id" in (x.value as Obj)));
    if (terms.length === items.length) fail(`${label} holds taxonomy terms, not services: there is nothing to import.`);
  }

  const units: HsdsUnit[] = [];
  const salGroups = new Map<string, HsdsUnit>();
  const organisations = new Map<string, Obj>();
  for (const item of items) {
    if (item.problem || !isObj(item.value)) {
      units.push({ label: item.label, id: null, original: item.value, service: {}, checks: [], problem: item.problem ?? "is not an object" });
      continue;
    }
    const record = item.value;
    const { kind, services } = servicesOfRecord(record);
    if (kind === "organization") {
      const { services: _s, ...org } = record;
      if (typeof org.id === "string") organisations.set(org.id.toLowerCase(), org);
      // servicesOfRecord keeps the objects only: line each up with its place in the raw list, so
      // a record is checked against its own data and named by its own index.
      const raw = record.services as unknown[];
      const at = raw.flatMap((v, i) => (isObj(v) ? [i] : []));
      raw.forEach((v, i) => {
        if (!isObj(v)) units.push({ label: `${item.label}, services[${i}]`, id: null, original: v, service: {}, checks: [], problem: "is not an object" });
      });
      services.forEach((s, k) => {
        const i = at[k]!;
        units.push({
          label: `${item.label}, services[${i}]`,
          id: typeof s.id === "string" ? s.id : null,
          original: s,
          service: s,
          checks: [
            ...(k === 0 ? [{ entity: "organization" as const, data: org, where: `${item.label} (the organization)` }] : []),
            { entity: "service" as const, data: raw[i], where: `${item.label}, services[${i}]` },
          ],
        });
      });
    } else if (kind === "service_at_location") {
      // Records for the same service at other locations join it (a page of service_at_locations).
      const s = services[0]!;
      const sid = typeof s.id === "string" ? s.id.toLowerCase() : null;
      const group = sid ? salGroups.get(sid) : undefined;
      const check = { entity: "service_at_location" as const, data: record, where: item.label };
      if (group) {
        (group.service.service_at_locations as Obj[]).push(...(s.service_at_locations as Obj[]));
        group.checks.push(check);
        (group.original as unknown[]).push(record);
        group.label += ` + ${item.label}`;
      } else {
        const unit: HsdsUnit = { label: item.label, id: typeof s.id === "string" ? s.id : null, original: [record], service: { ...s, service_at_locations: [...(s.service_at_locations as Obj[])] }, checks: [check] };
        if (sid) salGroups.set(sid, unit);
        units.push(unit);
      }
    } else {
      units.push({ label: item.label, id: typeof record.id === "string" ? record.id : null, original: record, service: record, checks: [{ entity: "service", data: record, where: item.label }] });
    }
  }
  checkDuplicateIds(label, units);
  for (const u of units) if (Array.isArray(u.original) && u.original.length === 1) u.original = u.original[0];
  return { file, format, units, terms: new Map(), organisations, notes: [], title: null, licence: null, attribution: null };
}

function isJsonObject(line: string): boolean {
  try {
    return isObj(JSON.parse(line));
  } catch {
    return false;
  }
}

function checkDuplicateIds(label: string, units: HsdsUnit[]): void {
  const seen = new Map<string, string>();
  const dups: string[] = [];
  for (const u of units) {
    if (!u.id) continue;
    const id = u.id.toLowerCase();
    const first = seen.get(id);
    if (first) dups.push(`${u.id} (${first} and ${u.label})`);
    else seen.set(id, u.label);
  }
  if (dups.length) {
    fail(`${label} has the same service id more than once, so nothing was imported: ${dups.slice(0, 5).join("; ")}${dups.length > 5 ? ` and ${dups.length - 5} more` : ""}.`);
  }
}

interface Datapackage {
  title?: unknown;
  name?: unknown;
  resources?: unknown;
  licenses?: unknown;
  sources?: unknown;
}

function readCsvPackage(dir: string, descriptorFile: string | null, onlyFile?: string): HsdsInput {
  const label = path.basename(descriptorFile ?? dir);
  const notes: string[] = [];
  let descriptor: Datapackage | null = null;
  const found = new Map<TableName, string>();
  const descriptorPath = descriptorFile ?? (fs.existsSync(path.join(dir, "datapackage.json")) ? path.join(dir, "datapackage.json") : null);
  if (descriptorPath) {
    try {
      descriptor = JSON.parse(readText(descriptorPath)) as Datapackage;
    } catch (e) {
      return fail(`${path.basename(descriptorPath)} is not valid JSON: ${(e as Error).message}`);
    }
    if (!isObj(descriptor)) return fail(`${path.basename(descriptorPath)} is not a data package descriptor (a JSON object with "resources").`);
    for (const r of Array.isArray(descriptor.resources) ? descriptor.resources : []) {
      if (!isObj(r)) continue;
      const p = str(r.path);
      const table = (str(r.name) && tableForResource(str(r.name)!)) || (p && tableForFile(path.basename(p)));
      if (!table || !p) continue;
      if (/^[a-z]+:\/\//i.test(p)) fail(`${path.basename(descriptorPath)}: the resource ${str(r.name)} is at a web address (${p}); download the files and import the folder.`);
      const full = path.resolve(dir, p);
      if (!fs.existsSync(full)) fail(`${path.basename(descriptorPath)} lists ${p}, which does not exist.`);
      if (!found.has(table)) found.set(table, full);
    }
  }
  if (!found.size) {
    // No descriptor (or one that lists nothing we read): the CSV files in the folder, by name.
    const files = fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".csv")).sort();
    for (const f of files) {
      const table = tableForFile(f);
      if (!table) {
        if (IGNORED_TABLE_FILES.includes(f.toLowerCase())) notes.push(`${f}: not imported (nothing in Real Wealth maps to it)`);
        else if (!f.toLowerCase().endsWith(".rejects.csv")) notes.push(`${f}: not an HSDS table name, ignored`);
        continue;
      }
      const def = TABLE[table];
      const current = found.get(table);
      // The HSDS 3.0 name wins over a variant (the UK profile's singular names).
      if (!current || (f.toLowerCase() === def.file && path.basename(current).toLowerCase() !== def.file)) {
        if (current) notes.push(`${path.basename(current)}: not read, ${f} is the same table`);
        found.set(table, path.join(dir, f));
      } else notes.push(`${f}: not read, ${path.basename(current)} is the same table`);
    }
  }
  // A CSV file named on the command line is the services table (unless its name says it is
  // another table), even when the folder also holds a services.csv.
  if (onlyFile) {
    const named = tableForFile(path.basename(onlyFile));
    if (!named || named === "service") {
      const current = found.get("service");
      if (current && path.resolve(current) !== path.resolve(onlyFile)) notes.push(`${path.basename(current)}: not read, ${path.basename(onlyFile)} was named`);
      found.set("service", onlyFile);
    }
  }
  if (!found.has("service")) {
    return fail(`${label} is not an HSDS datapackage: there is no services.csv${descriptor ? " (and datapackage.json lists no service resource)" : ""}.`);
  }

  const tables: Partial<Record<TableName, TableRow[]>> = {};
  const rowProblems = new Map<number, string>();
  for (const [table, file] of found) {
    const def = TABLE[table];
    // Some exports end lines with "\r\r\n" (the UK profile's examples do): one line end each.
    const read = readCsvText(readText(file).replace(/\r+\n/g, "\n"), path.basename(file));
    const missing = def.required.filter((c) => !read.columns.includes(c));
    if (missing.length) {
      fail(`${path.basename(file)} lacks the required column${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (it has: ${read.columns.join(", ")}), so nothing was imported.`);
    }
    const bad = read.rows.filter((r) => r.problem);
    if (bad.length && table !== "service") fail(`${path.basename(file)} row ${bad[0]!.index} ${bad[0]!.problem}, so nothing was imported.`);
    for (const r of bad) rowProblems.set(r.index, r.problem!);
    const seen = new Map<string, number>();
    const dups: string[] = [];
    for (const r of read.rows) {
      const id = (r.values.id ?? "").trim().toLowerCase();
      if (!id) continue;
      const first = seen.get(id);
      if (first !== undefined) dups.push(`${r.values.id} (rows ${first} and ${r.index})`);
      else seen.set(id, r.index);
    }
    if (dups.length) fail(`${path.basename(file)} has the same id more than once, so nothing was imported: ${dups.slice(0, 5).join("; ")}${dups.length > 5 ? ` and ${dups.length - 5} more` : ""}.`);
    tables[table] = read.rows.map((r) => ({ index: r.index, values: r.values }));
    notes.push(`${path.basename(file)}: ${read.rows.length} row${read.rows.length === 1 ? "" : "s"} (${table})`);
  }

  const assembled = assembleServices(tables);
  notes.push(...assembled.dangling);
  const servicesFile = path.basename(found.get("service")!);
  const units: HsdsUnit[] = assembled.services.map((s) => ({
    label: `${servicesFile} row ${s.index}`,
    id: typeof s.record.id === "string" ? s.record.id : null,
    original: s.record,
    service: s.record,
    checks: [{ entity: "service", data: s.record, where: `${servicesFile} row ${s.index}` }],
    ...(rowProblems.has(s.index) ? { problem: rowProblems.get(s.index) } : {}),
  }));
  const title = descriptor ? (str(descriptor.title) ?? str(descriptor.name)) : null;
  const licences = descriptor && Array.isArray(descriptor.licenses) ? descriptor.licenses.filter(isObj).map((l) => str(l.title) ?? str(l.name)).filter((x): x is string => !!x) : [];
  const attributions = descriptor && Array.isArray(descriptor.sources) ? descriptor.sources.filter(isObj).map((s) => str(s.attribution) ?? str(s.title)).filter((x): x is string => !!x) : [];
  return {
    file: descriptorFile ?? dir,
    format: "csv",
    units,
    terms: assembled.terms,
    organisations: assembled.organisations,
    notes,
    title,
    licence: licences.length ? [...new Set(licences)].join("; ").slice(0, 200) : null,
    attribution: attributions.length ? [...new Set(attributions)].join(" ").slice(0, 1000) : null,
  };
}

// ------------------------------------------------------------------ step 2: importing

export interface HsdsImportOptions {
  /** The kind for services without a kind term. */
  kind?: string | null;
  source?: string | null;
  title?: string | null;
  licence?: string | null;
  attribution?: string | null;
  /** Where rejected records go; null: nowhere. */
  rejects?: RejectsTarget | null;
  /** The HSDS standards folder (default hsdsStandardsDirSetting() in app/config.server.ts). */
  standardsDir?: string;
  now?: Date;
}

export interface HsdsReject {
  /** Where in the input: "record 3", "services.csv row 2" (with the location when only one of several failed). */
  record: string;
  id: string | null;
  reason: string;
  data: unknown;
}

export interface HsdsImportResult {
  file: string;
  format: HsdsInput["format"];
  source: string;
  title: string;
  /** Services read. */
  services: number;
  /** Assets made from them (one per location). */
  assets: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: HsdsReject[];
  rejectReasons: { reason: string; count: number }[];
  /** What was read and what could not be mapped. */
  notes: string[];
  rejectsFile: string | null;
  durationMs: number;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/\.[a-z0-9]+$/, "").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "import";
}

interface Provenance {
  source: string;
  title: string;
  licence: string;
  attribution: string;
}

function provenanceFor(input: HsdsInput, o: HsdsImportOptions): Provenance {
  const base = path.basename(input.file.replace(/[\\/]datapackage\.json$/i, ""));
  return {
    source: o.source ?? `hsds_${slug(base)}`,
    title: o.title ?? input.title ?? `Open Referral HSDS import (${base})`,
    licence: o.licence ?? input.licence ?? "Licence not stated",
    attribution: o.attribution ?? input.attribution ?? `Imported from ${base} (Open Referral HSDS)`,
  };
}

/** The draft as an asset in the write shape: over the stored record when it exists (fields HSDS does not carry are kept). */
async function candidateFor(ctx: Context, d: HsdsAssetDraft, prov: Provenance): Promise<Record<string, unknown> | string> {
  const db = ctx.db;
  const stored = (await loadAssetInput(db, d.id))?.input ?? null;
  const storedOrgId = stored ? ((await findAsset(db.kysely, d.id))?.organisation_id ?? null) : null;
  const sameOrg = !!(stored?.organisation && d.organisation && storedOrgId === d.organisation.id);

  // Placing: the location's coordinates, else its postcode.
  let place: { lat: number; lng: number; location_precision: string; byPostcode: boolean };
  if (d.lat !== null && d.lng !== null) {
    const samePoint = stored && stored.lat === d.lat && stored.lng === d.lng;
    place = { lat: d.lat, lng: d.lng, location_precision: samePoint ? stored.location_precision : "exact", byPostcode: false };
  } else if (d.postcode) {
    const g = await geocodePostcode(db, d.postcode);
    if (!g) return `cannot be placed on the map: ${d.coordinates_problem}, and the postcode ${d.postcode} is not in the postcode table`;
    place = { lat: g.lat, lng: g.lng, location_precision: g.precision === "unit" ? "postcode_unit" : "postcode_district", byPostcode: true };
  } else {
    const why = d.raw_postcode ? `the postal_code "${d.raw_postcode}" is not a UK postcode` : "there is no postal_code";
    return `cannot be placed on the map: ${d.coordinates_problem}, and ${why}`;
  }

  const verified = d.verified_at ?? stored?.verified_at ?? null;
  const attribution = stored?.attribution ?? prov.attribution;
  return {
    // What HSDS does not carry stays as it was (provenance, summary, review date, …).
    ...(stored ?? {}),
    id: d.id,
    kind: d.kind,
    name: d.name,
    summary: stored && stored.description === d.description ? stored.summary : "",
    description: d.description,
    organisation: d.organisation
      ? {
          id: d.organisation.id,
          name: d.organisation.name,
          source_id: sameOrg ? stored!.organisation!.source_id : d.organisation.id,
          description: d.organisation.description,
          website: d.organisation.website,
          email: d.organisation.email,
          phone: sameOrg ? stored!.organisation!.phone : null,
          charity_number: d.organisation.charity_number,
          company_number: d.organisation.company_number,
        }
      : null,
    lat: place.lat,
    lng: place.lng,
    location_precision: place.location_precision,
    address: d.address,
    locality: d.locality,
    postcode: d.postcode,
    phone: d.phone,
    email: d.email,
    website: d.website,
    opening_hours: d.opening_hours,
    opening_hours_text: d.opening_hours_text,
    cost: d.cost,
    age: d.age,
    time_credits: d.time_credits,
    categories: d.categories,
    access: d.access,
    access_notes: d.access_notes,
    changing_places: d.changing_places ? { ...d.changing_places, opening_hours: stored?.changing_places?.opening_hours ?? null } : null,
    how_to_get_there: d.how_to_get_there ?? stored?.how_to_get_there ?? null,
    is_example: stored?.is_example ?? false,
    status: d.status,
    source: stored?.source ?? prov.source,
    source_id: stored?.source_id ?? d.id,
    source_url: stored?.source_url ?? null,
    licence: stored?.licence ?? prov.licence,
    attribution: place.byPostcode ? withPostcodeLine(attribution) : attribution,
    verified_at: verified,
    review_due: stored && stored.verified_at === verified ? stored.review_due : null,
  };
}

function describeZod(error: Parameters<typeof fieldErrors>[0]): string {
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(fieldErrors(error))) {
    const field = key.replace(/\.\d+$/, "");
    if (!(field in fields)) fields[field] = message;
  }
  return describeFields(fields);
}

/** Import what readHsds() read. Every good record is written in one transaction; see the top of this file. */
export async function importHsds(ctx: Context, input: HsdsInput, options: HsdsImportOptions = {}): Promise<HsdsImportResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  if (options.kind && !isKind(options.kind)) throw new ImportFileError(`--kind ${options.kind} is not a kind; use one of: ${KINDS.join(", ")}.`);
  const validate: RecordValidator = hsdsRecordValidator(options.standardsDir);
  const prov = provenanceFor(input, options);
  const rejects: HsdsReject[] = [];
  const notes = new Map<string, number>();
  const valid: ValidAsset[] = [];
  const seenIds = new Set<string>();

  for (const unit of input.units) {
    const reject = (reason: string, where = unit.label) => rejects.push({ record: where, id: unit.id, reason, data: unit.original });
    if (unit.problem) {
      reject(unit.problem);
      continue;
    }
    const errors = unit.checks.flatMap((c) => validate(c.entity, c.data).map((e) => (unit.checks.length > 1 ? `${c.where}: ${e}` : e)));
    if (errors.length) {
      reject(`does not match the HSDS 3.0 schema: ${errors.join("; ")}`);
      continue;
    }
    const outcome = serviceToDrafts(unit.service, {
      defaultKind: (options.kind as Kind | undefined) ?? null,
      fileTerm: (id) => input.terms.get(id) ?? null,
      fileOrganisation: (id) => input.organisations.get(id) ?? null,
    });
    if ("reject" in outcome) {
      reject(outcome.reject);
      continue;
    }
    for (const n of outcome.notes) notes.set(n, (notes.get(n) ?? 0) + 1);
    for (const d of outcome.drafts) {
      const where = outcome.drafts.length > 1 ? `${unit.label}, location ${d.location_id ?? "?"}` : unit.label;
      if (!UUID.test(d.id) || seenIds.has(d.id)) {
        reject(`the id ${d.id} is not a UUID or is used twice`, where);
        continue;
      }
      seenIds.add(d.id);
      const candidate = await candidateFor(ctx, d, prov);
      if (typeof candidate === "string") {
        reject(candidate, where);
        continue;
      }
      const parsed = assetInputSchema.safeParse(candidate);
      if (!parsed.success) {
        reject(`cannot be stored: ${describeZod(parsed.error)}`, where);
        continue;
      }
      valid.push(parsed.data);
    }
  }

  // One transaction for the whole file: it is all written, or (on any error) none of it.
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const changed: string[] = [];
  await ctx.db.kysely.transaction().execute(async (tx) => {
    for (let i = 0; i < valid.length; i += BATCH_SIZE) {
      for (const o of await writeAssetsIn(tx, ctx.index, valid.slice(i, i + BATCH_SIZE), now)) {
        counts[o.status]++;
        if (o.status !== "unchanged") changed.push(o.id);
      }
    }
    if ((await countAssetsFromSource(tx, prov.source)) > 0) {
      await registerDataset(tx, { source: prov.source, title: prov.title, licence: prov.licence, attribution: prov.attribution, url: null }, now);
    }
  });
  if (changed.length) await ctx.index.afterCommit(changed);

  const result: HsdsImportResult = {
    file: input.file,
    format: input.format,
    source: prov.source,
    title: prov.title,
    services: input.units.length,
    assets: valid.length,
    ...counts,
    rejected: rejects.length,
    rejects,
    rejectReasons: tally(rejects.map((r) => generalise(r.reason))),
    notes: [...input.notes, ...[...notes.entries()].map(([n, c]) => (c > 1 ? `${c}× ${n}` : n))],
    rejectsFile: null,
    durationMs: Date.now() - started,
  };
  if (options.rejects) result.rejectsFile = writeHsdsRejects(input.file, rejects, options.rejects, now);
  return result;
}

function generalise(reason: string): string {
  return reason
    .replace(/"[^"]*"/g, "“…”")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "…")
    .replace(/\/\d+\//g, "/N/")
    .slice(0, 200);
}

function tally(reasons: string[]): { reason: string; count: number }[] {
  const m = new Map<string, number>();
  for (const r of reasons) m.set(r, (m.get(r) ?? 0) + 1);
  return [...m.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

/** Where FILE.rejects.json goes: next to the input (a folder's goes beside the folder), else under the fallback folder. */
export function hsdsRejectsPathFor(input: string, target: RejectsTarget): string {
  const name = `${path.basename(input)}.rejects.json`;
  return canWriteNextTo(input, target.protectedDirs) ? path.join(path.dirname(path.resolve(input)), name) : path.join(path.resolve(target.fallbackDir), name);
}

/** Write the rejected records with their reasons (and remove a stale file when there are none). */
export function writeHsdsRejects(input: string, rejects: HsdsReject[], target: RejectsTarget, now = new Date()): string | null {
  const out = hsdsRejectsPathFor(input, target);
  if (!rejects.length) {
    fs.rmSync(out, { force: true });
    return null;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ input: path.resolve(input), written_at: now.toISOString(), rejected: rejects }, null, 2)}\n`);
  return out;
}

/** "services.csv: 12 services (13 assets) → 10 created, 2 updated, 0 unchanged, 1 rejected (…)". */
export function describeHsdsResult(r: HsdsImportResult): string {
  const reasons = r.rejectReasons.slice(0, 3).map((x) => `${x.count}× ${x.reason}`);
  const assets = r.assets + r.rejected !== r.services ? ` (${r.assets} asset${r.assets === 1 ? "" : "s"} to write)` : "";
  return `${path.basename(r.file)}: ${r.services} service${r.services === 1 ? "" : "s"}${assets} → ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected${reasons.length ? ` (${reasons.join("; ")})` : ""}`;
}

