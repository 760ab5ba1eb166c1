// The HSDS 3.0 JSON Schemas (draft 2020-12), compiled with ajv, to check records an HSDS import
// reads. The schemas are the reference copies in ../shared/standards/hsds (CC BY-SA; read, never
// copied into this repository): HSDS_STANDARDS_DIR, else standards/hsds beside SHARED_DATA_DIR,
// else ../shared/standards/hsds.
import fs from "node:fs";
import path from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { hsdsStandardsDirSetting } from "../../config.server";


export class HsdsSchemasMissing extends Error {}

export interface RecordValidator {
  /** [] when valid, else plain messages naming the field: "/service_at_locations/0/location/latitude must be number". */
  (entity: "service" | "organization" | "service_at_location", record: unknown): string[];
}

const cache = new Map<string, RecordValidator>();

/** One validator per standards folder, compiled on first use (well under a second). */
export function hsdsRecordValidator(dir: string = hsdsStandardsDirSetting()): RecordValidator {
  const known = cache.get(dir);
  if (known) return known;
  const schemaDir = path.join(dir, "hsds-3.0", "schema");
  if (!fs.existsSync(path.join(schemaDir, "service.json"))) {
    throw new HsdsSchemasMissing(`The HSDS 3.0 schemas are not at ${schemaDir} (needed to check the records): set HSDS_STANDARDS_DIR to the folder that holds hsds-3.0/.`);
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, verbose: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addFormat("datetime", true);
  const base = "https://schemas.invalid/hsds-3.0/";
  for (const f of fs.readdirSync(schemaDir).filter((n) => n.endsWith(".json") && n !== "openapi.json")) {
    const s = JSON.parse(fs.readFileSync(path.join(schemaDir, f), "utf8")) as Record<string, unknown>;
    delete s.$schema;
    ajv.addSchema({ ...s, $id: base + f });
  }
  const compiled = new Map<string, ValidateFunction>();
  const validator: RecordValidator = (entity, record) => {
    let v = compiled.get(entity);
    if (!v) {
      v = ajv.getSchema(`${base}${entity}.json`);
      if (!v) throw new HsdsSchemasMissing(`No HSDS schema for ${entity} in ${schemaDir}.`);
      compiled.set(entity, v);
    }
    if (v(record)) return [];
    return describeErrors(v.errors ?? []);
  };
  cache.set(dir, validator);
  return validator;
}

/** ajv errors as short messages that name the field; at most 5, duplicates removed. */
export function describeErrors(errors: ErrorObject[]): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const where = e.instancePath || "/";
    let msg: string;
    if (e.keyword === "required") msg = `${where === "/" ? "" : where}/${(e.params as { missingProperty: string }).missingProperty} is required`;
    else if (e.keyword === "enum") msg = `${where} must be one of: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join(", ")}`;
    else if (e.keyword === "format") msg = `${where} must be a valid ${(e.params as { format: string }).format} (got ${JSON.stringify(valueAt(e)).slice(0, 60)})`;
    else msg = `${where} ${e.message ?? "is not valid"}`;
    if (!out.includes(msg)) out.push(msg);
    if (out.length >= 5) break;
  }
  return out;
}

function valueAt(e: ErrorObject): unknown {
  return (e as ErrorObject & { data?: unknown }).data;
}
