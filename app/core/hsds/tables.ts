// The HSDS 3.0 tabular (CSV) form: which tables we write and read, the columns of each, nested
// service objects flattened into table rows (export) and table rows assembled back into nested
// services (import), CSV lines, and the Frictionless datapackage.json that describes the files.
// Pure code, no I/O.
import { csvCell, unneutraliseCsvText } from "../csv";

type Obj = Record<string, unknown>;

export type TableName =
  | "organization"
  | "organization_identifier"
  | "service"
  | "service_at_location"
  | "location"
  | "address"
  | "accessibility"
  | "attribute"
  | "phone"
  | "contact"
  | "schedule"
  | "cost_option"
  | "taxonomy"
  | "taxonomy_term"
  | "metadata";

type FieldType = "string" | "number" | "integer" | "date" | "datetime" | "time";

export interface TableDef {
  name: TableName;
  /** The file name in the HSDS 3.0 datapackage (what we write). */
  file: string;
  /** Other names seen in the wild (the UK profile's datapackage uses some singular names). */
  variants: string[];
  /** The HSDS entity schema of a row. */
  entity: string;
  /** The columns we write, in order, with their Frictionless types. */
  columns: [string, FieldType][];
  /** Columns a file must have to be read (the schema's required fields and the links we follow). */
  required: string[];
  /** Foreign keys, for the descriptor. */
  foreignKeys?: { fields: string; reference: { resource: TableName; fields: "id" } }[];
}

const fk = (fields: string, resource: TableName) => ({ fields, reference: { resource, fields: "id" as const } });

export const TABLES: TableDef[] = [
  {
    name: "organization",
    file: "organizations.csv",
    variants: ["organization.csv"],
    entity: "organization",
    columns: [["id", "string"], ["name", "string"], ["description", "string"], ["email", "string"], ["website", "string"]],
    required: ["id", "name"],
  },
  {
    name: "organization_identifier",
    file: "organization_identifiers.csv",
    variants: ["organization_identifier.csv"],
    entity: "organization_identifier",
    columns: [["id", "string"], ["organization_id", "string"], ["identifier_scheme", "string"], ["identifier_type", "string"], ["identifier", "string"]],
    required: ["id", "organization_id", "identifier_type", "identifier"],
    foreignKeys: [fk("organization_id", "organization")],
  },
  {
    name: "service",
    file: "services.csv",
    variants: ["service.csv"],
    entity: "service",
    columns: [
      ["id", "string"],
      ["organization_id", "string"],
      ["name", "string"],
      ["description", "string"],
      ["url", "string"],
      ["email", "string"],
      ["status", "string"],
      ["fees_description", "string"],
      ["minimum_age", "number"],
      ["maximum_age", "number"],
      ["assured_date", "date"],
      ["last_modified", "datetime"],
    ],
    required: ["id", "name", "status"],
    foreignKeys: [fk("organization_id", "organization")],
  },
  {
    name: "service_at_location",
    file: "service_at_location.csv",
    variants: ["service_at_locations.csv"],
    entity: "service_at_location",
    columns: [["id", "string"], ["service_id", "string"], ["location_id", "string"]],
    required: ["id", "service_id", "location_id"],
    foreignKeys: [fk("service_id", "service"), fk("location_id", "location")],
  },
  {
    name: "location",
    file: "locations.csv",
    variants: ["location.csv"],
    entity: "location",
    columns: [["id", "string"], ["location_type", "string"], ["name", "string"], ["transportation", "string"], ["latitude", "number"], ["longitude", "number"]],
    required: ["id", "location_type"],
  },
  {
    name: "address",
    file: "addresses.csv",
    variants: ["address.csv"],
    entity: "address",
    columns: [
      ["id", "string"],
      ["location_id", "string"],
      ["address_1", "string"],
      ["city", "string"],
      ["state_province", "string"],
      ["postal_code", "string"],
      ["country", "string"],
      ["address_type", "string"],
    ],
    required: ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
    foreignKeys: [fk("location_id", "location")],
  },
  {
    name: "accessibility",
    file: "accessibility.csv",
    variants: ["accessibilities.csv"],
    entity: "accessibility",
    columns: [["id", "string"], ["location_id", "string"], ["description", "string"], ["details", "string"]],
    required: ["id", "location_id"],
    foreignKeys: [fk("location_id", "location")],
  },
  {
    name: "attribute",
    file: "attributes.csv",
    variants: ["attribute.csv"],
    entity: "attribute",
    columns: [["id", "string"], ["link_id", "string"], ["link_type", "string"], ["link_entity", "string"], ["taxonomy_term_id", "string"], ["value", "string"]],
    required: ["id", "link_id", "taxonomy_term_id"],
    foreignKeys: [fk("taxonomy_term_id", "taxonomy_term")],
  },
  {
    name: "phone",
    file: "phones.csv",
    variants: ["phone.csv"],
    entity: "phone",
    columns: [["id", "string"], ["service_id", "string"], ["contact_id", "string"], ["number", "string"]],
    required: ["id", "number"],
    foreignKeys: [fk("service_id", "service"), fk("contact_id", "contact")],
  },
  {
    name: "contact",
    file: "contacts.csv",
    variants: ["contact.csv"],
    entity: "contact",
    columns: [["id", "string"], ["service_id", "string"], ["name", "string"], ["email", "string"]],
    required: ["id"],
    foreignKeys: [fk("service_id", "service")],
  },
  {
    name: "schedule",
    file: "schedules.csv",
    variants: ["schedule.csv"],
    entity: "schedule",
    columns: [
      ["id", "string"],
      ["service_id", "string"],
      ["service_at_location_id", "string"],
      ["freq", "string"],
      ["interval", "number"],
      ["byday", "string"],
      ["opens_at", "time"],
      ["closes_at", "time"],
      ["description", "string"],
    ],
    required: ["id"],
    foreignKeys: [fk("service_id", "service"), fk("service_at_location_id", "service_at_location")],
  },
  {
    name: "cost_option",
    file: "cost_options.csv",
    variants: ["cost_option.csv"],
    entity: "cost_option",
    columns: [["id", "string"], ["service_id", "string"], ["option", "string"], ["amount", "number"], ["amount_description", "string"]],
    required: ["id", "service_id"],
    foreignKeys: [fk("service_id", "service")],
  },
  {
    name: "taxonomy",
    file: "taxonomies.csv",
    variants: ["taxonomy.csv"],
    entity: "taxonomy",
    columns: [["id", "string"], ["name", "string"], ["description", "string"], ["version", "string"]],
    required: ["id", "name"],
  },
  {
    name: "taxonomy_term",
    file: "taxonomy_terms.csv",
    variants: ["taxonomy_term.csv"],
    entity: "taxonomy_term",
    columns: [
      ["id", "string"],
      ["code", "string"],
      ["name", "string"],
      ["description", "string"],
      ["parent_id", "string"],
      ["taxonomy", "string"],
      ["taxonomy_id", "string"],
      ["language", "string"],
    ],
    required: ["id", "name"],
    foreignKeys: [fk("taxonomy_id", "taxonomy")],
  },
  {
    name: "metadata",
    file: "metadata.csv",
    variants: [],
    entity: "metadata",
    columns: [
      ["id", "string"],
      ["resource_id", "string"],
      ["resource_type", "string"],
      ["last_action_date", "date"],
      ["last_action_type", "string"],
      ["field_name", "string"],
      ["previous_value", "string"],
      ["replacement_value", "string"],
      ["updated_by", "string"],
    ],
    required: ["id"],
  },
];

export const TABLE = Object.fromEntries(TABLES.map((t) => [t.name, t])) as Record<TableName, TableDef>;

/** HSDS tables we do not import (nothing of ours maps to them), by the names they may have. */
export const IGNORED_TABLE_FILES = [
  "funding.csv",
  "service_areas.csv",
  "service_area.csv",
  "languages.csv",
  "language.csv",
  "required_documents.csv",
  "required_document.csv",
  "programs.csv",
  "program.csv",
  "meta_table_descriptions.csv",
  "meta_table_description.csv",
];

/** The table a file name is, by its HSDS 3.0 name or a known variant. */
export function tableForFile(file: string): TableName | null {
  const base = file.toLowerCase();
  return TABLES.find((t) => t.file === base || t.variants.includes(base))?.name ?? null;
}

/** The table a datapackage resource name is ("service", "services", "service_at_location" …). */
export function tableForResource(name: string): TableName | null {
  const n = name.toLowerCase();
  return TABLES.find((t) => t.name === n || t.file === `${n}.csv` || t.variants.includes(`${n}.csv`))?.name ?? null;
}

// ------------------------------------------------------------------ CSV text

// Cells are neutralised against spreadsheet formulas (app/core/csv.ts).
export { csvCell };

export function csvHeader(table: TableName): string {
  return `${TABLE[table].columns.map(([c]) => c).join(",")}\r\n`;
}

export function csvRow(table: TableName, row: object): string {
  const r = row as Obj;
  return `${TABLE[table].columns.map(([c]) => csvCell(r[c])).join(",")}\r\n`;
}

// ------------------------------------------------------------------ nested → tables (export)

export type TableRows = Partial<Record<TableName, Obj[]>>;

function push(out: TableRows, table: TableName, row: Obj) {
  (out[table] ??= []).push(row);
}

const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => !!x && typeof x === "object") : []);

/**
 * A full service (mapService) as rows of the tables it touches. The organisation is not
 * included (organizations.csv is written once per organisation, not per service).
 */
export function flattenService(s: Obj): TableRows {
  const out: TableRows = {};
  push(out, "service", s);
  for (const a of list(s.attributes)) push(out, "attribute", a);
  for (const p of list(s.phones)) push(out, "phone", { ...p, service_id: p.service_id ?? s.id });
  for (const c of list(s.contacts)) {
    push(out, "contact", c);
    for (const p of list(c.phones)) push(out, "phone", { ...p, contact_id: p.contact_id ?? c.id });
  }
  for (const x of list(s.schedules)) push(out, "schedule", x);
  for (const x of list(s.cost_options)) push(out, "cost_option", x);
  for (const sal of list(s.service_at_locations)) {
    push(out, "service_at_location", sal);
    const loc = sal.location as Obj | undefined;
    if (!loc) continue;
    push(out, "location", loc);
    for (const a of list(loc.addresses)) push(out, "address", a);
    for (const a of list(loc.accessibility)) push(out, "accessibility", a);
    for (const a of list(loc.attributes)) push(out, "attribute", a);
  }
  for (const m of list(s.metadata)) push(out, "metadata", m);
  return out;
}

/** An organisation (mapOrganization) as rows of organizations.csv and organization_identifiers.csv. */
export function flattenOrganization(o: Obj): TableRows {
  const out: TableRows = {};
  push(out, "organization", o);
  for (const i of list(o.organization_identifiers)) push(out, "organization_identifier", i);
  return out;
}

// ------------------------------------------------------------------ tables → nested (import)

/** Columns whose values are numbers in the HSDS schemas. */
const NUMERIC = new Set(["latitude", "longitude", "minimum_age", "maximum_age", "amount", "interval", "count", "timezone", "extension", "year_incorporated"]);

/**
 * Text columns the schemas require even when there is nothing to say (our export writes "" for an
 * address without a town or state): an empty cell there is the empty string, not a missing field.
 */
const REQUIRED_TEXT: Partial<Record<TableName, Set<string>>> = {
  address: new Set(["address_1", "city", "state_province", "postal_code", "country", "address_type"]),
  organization: new Set(["name", "description"]),
  taxonomy_term: new Set(["name", "description"]),
};

/**
 * A CSV row as an HSDS object: empty cells left out (except required text, above), numbers as
 * numbers (a value that is not a number stays text, for the schema to reject).
 */
export function typedRow(values: Record<string, string>, table?: TableName): Obj {
  const out: Obj = {};
  const keepEmpty = table ? REQUIRED_TEXT[table] : undefined;
  for (const [k, raw] of Object.entries(values)) {
    // A cell our export neutralised ('=…) reads back as it was.
    const v = unneutraliseCsvText(raw.trim());
    if (v === "") {
      if (keepEmpty?.has(k)) out[k] = "";
      continue;
    }
    out[k] = NUMERIC.has(k) && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

export interface TableRow {
  /** 1-based row number in its file (the header is not counted). */
  index: number;
  values: Record<string, string>;
}

export interface AssembledService {
  /** The services.csv row it came from. */
  index: number;
  record: Obj;
}

export interface Assembled {
  services: AssembledService[];
  /** Terms defined in taxonomy_terms.csv, by id (lower case). */
  terms: Map<string, Obj>;
  /** Organisations from organizations.csv (with their identifiers), by id (lower case). */
  organisations: Map<string, Obj>;
  /** Rows that link to nothing in the package: "2 attribute rows link to no service or location". */
  dangling: string[];
}

const key = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : typeof v === "number" ? String(v) : "");

function groupBy(rows: Obj[], field: string): Map<string, Obj[]> {
  const m = new Map<string, Obj[]>();
  for (const r of rows) {
    const k = key(r[field]);
    if (!k) continue;
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}

/**
 * Rows of the CSV tables → one nested service object per services.csv row (organization,
 * service_at_locations with location, addresses, accessibility, attributes, schedules, phones,
 * contacts, cost options), the shape of a service_full, so that the same validation and mapping
 * serve JSON and CSV.
 */
export function assembleServices(tables: Partial<Record<TableName, TableRow[]>>): Assembled {
  const typed = (t: TableName) => (tables[t] ?? []).map((r) => typedRow(r.values, t));
  const used = new Set<Obj>();
  const take = <T extends Obj>(rows: T[] | undefined): T[] => {
    for (const r of rows ?? []) used.add(r);
    return rows ?? [];
  };

  const identifiers = groupBy(typed("organization_identifier"), "organization_id");
  const organisations = new Map<string, Obj>();
  for (const o of typed("organization")) {
    const ids = take(identifiers.get(key(o.id)));
    organisations.set(key(o.id), ids.length ? { ...o, organization_identifiers: ids } : o);
  }

  const attributes = typed("attribute");
  const attrsByLink = groupBy(attributes, "link_id");
  const phones = typed("phone");
  const schedules = typed("schedule");
  const phonesBy = (field: string) => groupBy(phones.filter((p) => key(p[field])), field);
  const phonesByService = phonesBy("service_id");
  const phonesByContact = phonesBy("contact_id");
  const phonesByLocation = phonesBy("location_id");
  const phonesBySal = phonesBy("service_at_location_id");
  // A schedule belongs to the most specific thing it names.
  const schedulesBySal = groupBy(schedules.filter((s) => key(s.service_at_location_id)), "service_at_location_id");
  const schedulesByService = groupBy(schedules.filter((s) => !key(s.service_at_location_id) && key(s.service_id)), "service_id");
  const schedulesByLocation = groupBy(schedules.filter((s) => !key(s.service_at_location_id) && !key(s.service_id) && key(s.location_id)), "location_id");
  const contactsByService = groupBy(typed("contact"), "service_id");
  const addresses = groupBy(typed("address"), "location_id");
  const accessibility = groupBy(typed("accessibility"), "location_id");
  const costs = groupBy(typed("cost_option"), "service_id");

  const locations = new Map<string, Obj>();
  for (const l of typed("location")) {
    const id = key(l.id);
    const nested: Obj = { ...l };
    const add = (field: string, rows: Obj[]) => {
      if (rows.length) nested[field] = rows;
    };
    add("addresses", take(addresses.get(id)));
    add("accessibility", take(accessibility.get(id)));
    add("attributes", take(attrsByLink.get(id)));
    add("phones", take(phonesByLocation.get(id)));
    add("schedules", take(schedulesByLocation.get(id)));
    locations.set(id, nested);
  }
  const usedLocations = new Set<string>();
  const salsByService = new Map<string, Obj[]>();
  for (const sal of typed("service_at_location")) {
    const nested: Obj = { ...sal };
    const loc = locations.get(key(sal.location_id));
    if (loc) {
      nested.location = loc;
      usedLocations.add(key(sal.location_id));
    }
    const sch = take(schedulesBySal.get(key(sal.id)));
    if (sch.length) nested.schedules = sch;
    const ph = take(phonesBySal.get(key(sal.id)));
    if (ph.length) nested.phones = ph;
    const at = take(attrsByLink.get(key(sal.id)));
    if (at.length) nested.attributes = at;
    salsByService.set(key(sal.service_id), [...(salsByService.get(key(sal.service_id)) ?? []), nested]);
  }

  const services: AssembledService[] = [];
  const usedSals = new Set<string>();
  for (const row of tables.service ?? []) {
    const s = typedRow(row.values, "service");
    const id = key(s.id);
    const nested: Obj = { ...s };
    const org = organisations.get(key(s.organization_id));
    if (org) nested.organization = org;
    const add = (field: string, rows: Obj[]) => {
      if (rows.length) nested[field] = rows;
    };
    add("phones", take(phonesByService.get(id)));
    add(
      "contacts",
      take(contactsByService.get(id)).map((c) => {
        const ph = take(phonesByContact.get(key(c.id)));
        return ph.length ? { ...c, phones: ph } : c;
      }),
    );
    add("schedules", take(schedulesByService.get(id)));
    add("cost_options", take(costs.get(id)));
    add("attributes", take(attrsByLink.get(id)));
    const sals = salsByService.get(id) ?? [];
    if (sals.length) usedSals.add(id);
    add("service_at_locations", sals);
    services.push({ index: row.index, record: nested });
  }

  const dangling: string[] = [];
  const count = (label: string, rows: Obj[], ok: (r: Obj) => boolean) => {
    const n = rows.filter((r) => !ok(r)).length;
    if (n) dangling.push(`${n} ${label} row${n === 1 ? "" : "s"} link${n === 1 ? "s" : ""} to nothing in the package (left out)`);
  };
  count("attributes.csv", attributes, (r) => used.has(r));
  count("phones.csv", phones, (r) => used.has(r));
  count("schedules.csv", schedules, (r) => used.has(r));
  count("service_at_location.csv", typed("service_at_location"), (r) => usedSals.has(key(r.service_id)) && locations.has(key(r.location_id)));
  const terms = new Map<string, Obj>();
  for (const t of typed("taxonomy_term")) terms.set(key(t.id), t);
  return { services, terms, organisations, dangling };
}

// ------------------------------------------------------------------ datapackage.json

export interface DatapackageOptions {
  /** The path (or URL) of each resource: "services.csv" in a folder, "datapackage/services.csv" over HTTP. */
  pathFor(table: TableDef): string;
  /** The licences of the data (our datasets). */
  licenses: { name: string; title: string; path?: string }[];
  /** Where the data comes from, with the attribution each source asks for. */
  sources: { title: string; path?: string; attribution?: string }[];
  created: string;
}

/** A Frictionless tabular data package describing the CSV files we write. */
export function datapackageDescriptor(o: DatapackageOptions) {
  return {
    profile: "tabular-data-package",
    name: "real-wealth-hsds",
    title: "Real Wealth directory as Open Referral HSDS 3.0 tables",
    description:
      "Every record of the Real Wealth directory as Human Services Data Specification (HSDS) 3.0 CSV tables: one service per asset, delivered at one location. The taxonomy terms are Real Wealth's own (taxonomies.csv, taxonomy_terms.csv).",
    version: "3.0",
    homepage: "https://openreferral.org/",
    created: o.created,
    licenses: o.licenses,
    sources: o.sources,
    resources: TABLES.map((t) => ({
      name: t.name,
      path: o.pathFor(t),
      profile: "tabular-data-resource",
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      schema: {
        // Required: the columns we always fill (text the schema requires may be empty, see REQUIRED_TEXT).
        fields: t.columns.map(([name, type]) => ({ name, type, ...(t.required.includes(name) && !REQUIRED_TEXT[t.name]?.has(name) ? { constraints: { required: true } } : {}) })),
        primaryKey: "id",
        ...(t.foreignKeys ? { foreignKeys: t.foreignKeys } : {}),
      },
    })),
  };
}
