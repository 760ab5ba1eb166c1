/**
 * Validators for HSDS 3.0 and Open Referral UK 3.0 payloads, compiled with ajv (JSON Schema draft
 * 2020-12) from the reference copies in ../shared/standards/hsds.
 *
 *   const v = hsdsValidators();            // both profiles, compiled once per process
 *   v.check("service", body)                // → [] or ["oruk-3.0 service: /name must be string", …]
 *
 * Kinds: service, service_list, organization, organization_list, service_at_location,
 * service_at_location_list (the compiled, self-contained schemas), taxonomy, taxonomy_term (the
 * per-entity schemas, with their $refs), page (the Page wrapper from openapi.json).
 */
import fs from "node:fs";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { ROOT } from "./server";

export const STANDARDS_DIR = path.resolve(process.env.HSDS_STANDARDS_DIR || path.join(ROOT, "..", "shared", "standards", "hsds"));
export const PROFILES = ["hsds-3.0", "oruk-3.0"] as const;
export type SchemaKind =
  | "service"
  | "service_list"
  | "organization"
  | "organization_list"
  | "service_at_location"
  | "service_at_location_list"
  | "taxonomy"
  | "taxonomy_term"
  | "page";

const COMPILED: SchemaKind[] = ["service", "service_list", "organization", "organization_list", "service_at_location", "service_at_location_list"];

export interface HsdsValidators {
  check(kind: SchemaKind, data: unknown): string[];
}

let cached: HsdsValidators | null = null;

function readJson(p: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(p, "utf8")) as Record<string, unknown>;
}

export function hsdsValidators(): HsdsValidators {
  if (cached) return cached;
  const validators = new Map<string, ValidateFunction>();
  for (const profile of PROFILES) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addFormat("datetime", true);
    const dir = path.join(STANDARDS_DIR, profile, "schema");
    const base = `https://schemas.test/${profile}/`;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".json") && n !== "openapi.json")) {
      const s = readJson(path.join(dir, f));
      delete s.$schema;
      ajv.addSchema({ ...s, $id: base + f });
    }
    for (const kind of COMPILED) {
      const f = path.join(dir, "compiled", `${kind}.json`);
      if (!fs.existsSync(f)) continue;
      const s = readJson(f);
      delete s.$schema;
      validators.set(`${profile}:${kind}`, ajv.compile({ ...s, $id: `${base}compiled/${kind}.json` }));
    }
    for (const kind of ["taxonomy", "taxonomy_term"] as const) {
      const v = ajv.getSchema(`${base}${kind}.json`);
      if (v) validators.set(`${profile}:${kind}`, v);
    }
    const openapi = readJson(path.join(dir, "openapi.json")) as { components?: { schemas?: Record<string, unknown> } };
    const page = openapi.components?.schemas?.Page;
    if (page) validators.set(`${profile}:page`, ajv.compile({ ...(page as object), $id: `${base}page.json` }));
  }
  cached = {
    check(kind, data) {
      const errors: string[] = [];
      let found = 0;
      for (const profile of PROFILES) {
        const v = validators.get(`${profile}:${kind}`);
        if (!v) continue;
        found++;
        if (!v(data)) for (const e of v.errors ?? []) errors.push(`${profile} ${kind}: ${e.instancePath || "/"} ${e.message}`);
      }
      if (!found) errors.push(`no schema for ${kind}`);
      return errors;
    },
  };
  return cached;
}
