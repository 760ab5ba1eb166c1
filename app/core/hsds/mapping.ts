// Open Referral HSDS 3.0 (and its UK profile): our asset records as HSDS objects. Pure code, no
// I/O. Every id is stable: assets and organisations keep their own UUIDs; everything derived
// (locations, service_at_locations, schedules, attributes, taxonomy terms, …) gets a
// deterministic UUID from stableUuid(kind, parent id, key). See docs/hsds-mapping.md.
import { fullFormats } from "ajv-formats/dist/formats.js";
import { stableUuid } from "../asset";
import { weeklyHours } from "../hours";
import { ACCESS_FEATURES, ACCESS_LABELS, CATEGORIES, KINDS, KIND_LABELS, type Kind } from "../taxonomy";

export const HSDS_VERSION = "3.0";
export const HSDS_PROFILE = "https://openreferral.org/imls/hsds/";
export const ORUK_PROFILE = "https://openreferraluk.org/";

/** The raw database rows the mapping reads (the assets table and friends). */
export interface AssetRow {
  id: string;
  kind: string;
  name: string;
  summary: string;
  description: string;
  organisation_id: string | null;
  lat: number;
  lng: number;
  address: string | null;
  locality: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  opening_hours: string | null;
  opening_hours_text: string | null;
  is_free: number | null;
  cost_text: string | null;
  min_age: number | null;
  max_age: number | null;
  time_credits_earn: string | null;
  time_credits_spend: string | null;
  access_notes: string | null;
  how_to_get_there: string | null;
  status: string;
  verified_at: string | null;
  updated_at: string;
}

export interface OrganisationRow {
  id: string;
  name: string;
  description: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  charity_number: string | null;
  company_number: string | null;
}

export interface ChangingPlacesRow {
  hoist: string | null;
  adult_bench: number | null;
  room_size_m2: number | null;
  peninsular_wc: number | null;
  radar_key: number | null;
  notes: string | null;
}

/** One row of asset_revisions (decision 0011), for the service's `metadata`. */
export interface RevisionRow {
  id: number;
  version: number;
  user_id: string | null;
  action: string;
  /** JSON: [{field, old, new}] */
  changes: string;
  created_at: string;
}

export interface AssetExtras {
  categories: string[];
  access: string[];
  changingPlaces: ChangingPlacesRow | null;
  organisation: OrganisationRow | null;
  /** The revision history, oldest first (only read for the full service). */
  revisions?: RevisionRow[];
}

// ------------------------------------------------------------------ taxonomies

export const TAXONOMY_ID = stableUuid("hsds-taxonomy", "real-wealth");
export const ACCESS_TAXONOMY_ID = stableUuid("hsds-taxonomy", "real-wealth-access");

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  version: string;
}

export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  parent_id?: string;
  taxonomy: string;
  taxonomy_id: string;
  language: string;
  term_uri?: string;
}

export const TAXONOMIES: HsdsTaxonomy[] = [
  {
    id: TAXONOMY_ID,
    name: "Real Wealth directory taxonomy",
    description: "The kinds of community asset and the service categories used by Real Wealth.",
    version: "1",
  },
  {
    id: ACCESS_TAXONOMY_ID,
    name: "Real Wealth accessibility features",
    description: "Accessibility features of a place, Changing Places equipment and time-credit terms.",
    version: "1",
  },
];

export const kindTermId = (kind: string) => stableUuid("hsds-term", "kind", kind);
export const categoryTermId = (code: string) => stableUuid("hsds-term", "category", code);
export const accessTermId = (code: string) => stableUuid("hsds-term", "access", code);
const KINDS_ROOT_ID = stableUuid("hsds-term", "root", "kind");
const CATEGORIES_ROOT_ID = stableUuid("hsds-term", "root", "category");

/** Extra attribute terms (Changing Places equipment, time credits) in the access taxonomy. */
const EXTRA_TERMS: { code: string; name: string; description: string }[] = [
  { code: "cp_hoist", name: "Changing Places: hoist", description: "The kind of hoist in the Changing Places toilet (value)." },
  { code: "cp_adult_bench", name: "Changing Places: adult-sized changing bench", description: "An adult-sized, height-adjustable changing bench." },
  { code: "cp_room_size_m2", name: "Changing Places: room size (m²)", description: "The floor area of the Changing Places room in square metres (value)." },
  { code: "cp_peninsular_wc", name: "Changing Places: peninsular toilet", description: "A toilet with space on both sides." },
  { code: "cp_radar_key", name: "Changing Places: RADAR key needed", description: "The room is locked with a RADAR key." },
  { code: "cp_notes", name: "Changing Places: notes", description: "Notes on the Changing Places toilet (value)." },
  { code: "time_credits_earn", name: "Time credits: earn", description: "How time credits can be earned here (value)." },
  { code: "time_credits_spend", name: "Time credits: spend", description: "How time credits can be spent here (value)." },
  { code: "access_notes", name: "Accessibility notes", description: "Notes on access, as published (value)." },
];

function term(id: string, code: string, name: string, description: string, parent: string | null, taxonomyId: string): HsdsTaxonomyTerm {
  const t = TAXONOMIES.find((x) => x.id === taxonomyId)!;
  return { id, code, name, description, ...(parent ? { parent_id: parent } : {}), taxonomy: t.name, taxonomy_id: taxonomyId, language: "en" };
}

/** Every term we publish, in a stable order. */
export const TAXONOMY_TERMS: HsdsTaxonomyTerm[] = [
  term(KINDS_ROOT_ID, "kind", "Kind of asset", "What sort of community asset this is.", null, TAXONOMY_ID),
  ...KINDS.map((k) => term(kindTermId(k), `kind:${k}`, KIND_LABELS[k], `Kind of asset: ${KIND_LABELS[k]}.`, KINDS_ROOT_ID, TAXONOMY_ID)),
  term(CATEGORIES_ROOT_ID, "category", "Category", "What the service or place offers.", null, TAXONOMY_ID),
  ...CATEGORIES.map((c) =>
    term(categoryTermId(c.code), `category:${c.code}`, c.label, `Category: ${c.label}.`, c.parent ? categoryTermId(c.parent) : CATEGORIES_ROOT_ID, TAXONOMY_ID),
  ),
  ...ACCESS_FEATURES.map((a) => term(accessTermId(a), `access:${a}`, ACCESS_LABELS[a], `Accessibility: ${ACCESS_LABELS[a]}.`, null, ACCESS_TAXONOMY_ID)),
  ...EXTRA_TERMS.map((e) => term(accessTermId(e.code), `access:${e.code}`, e.name, e.description, null, ACCESS_TAXONOMY_ID)),
];

const TERMS_BY_ID = new Map(TAXONOMY_TERMS.map((t) => [t.id, t]));
const TERMS_BY_CODE = new Map(TAXONOMY_TERMS.map((t) => [t.code, t]));
export const termById = (id: string) => TERMS_BY_ID.get(id) ?? null;
export const termByCode = (code: string) => TERMS_BY_CODE.get(code) ?? null;

/** What a term id means for a filter on our data, or null when the id is not one of ours. */
export function termFilter(id: string): { kind: string } | { category: string } | { access: string } | { root: "kind" | "category" } | null {
  const t = termById(id);
  if (!t) return null;
  if (t.code === "kind" || t.code === "category") return { root: t.code };
  const [prefix, code] = t.code.split(":") as [string, string];
  if (prefix === "kind") return { kind: code };
  if (prefix === "category") return { category: code };
  return { access: code };
}

// ------------------------------------------------------------------ ids

export const locationIdFor = (assetId: string) => stableUuid("hsds-location", assetId);
export const serviceAtLocationIdFor = (assetId: string) => stableUuid("hsds-sal", assetId);

// ------------------------------------------------------------------ schedules

const BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/** A week with no English public holiday, used to read the regular weekly pattern. */
const REFERENCE_WEDNESDAY = new Date(2025, 2, 5, 12, 0, 0);

export interface HsdsSchedule {
  id: string;
  service_id?: string;
  service_at_location_id?: string;
  freq?: "WEEKLY";
  interval?: number;
  byday?: string;
  opens_at?: string;
  closes_at?: string;
  description?: string;
  attending_type?: string;
}

// The reference week of each hours value, remembered (a bulk export meets the same values again and again).
const weeks = new Map<string, ReturnType<typeof weeklyHours>>();
function referenceWeek(hours: string | null): ReturnType<typeof weeklyHours> {
  if (!hours) return null;
  let week = weeks.get(hours);
  if (week === undefined) {
    week = weeklyHours(hours, REFERENCE_WEDNESDAY);
    if (weeks.size >= 5000) weeks.clear();
    weeks.set(hours, week);
  }
  return week;
}

/**
 * OSM opening hours → HSDS weekly schedules: one per day and opening interval
 * (byday MO…SU, opens_at/closes_at as HH:MM:SS), read from a week with no public holiday.
 * Hours we cannot read become a single schedule with just the published text as description.
 */
export function hoursToSchedules(hours: string | null, hoursText: string | null, ownerKey: string, link: { service_id?: string; service_at_location_id?: string }): HsdsSchedule[] {
  const week = referenceWeek(hours);
  const out: HsdsSchedule[] = [];
  if (week) {
    week.forEach((d, i) => {
      for (const t of d.times) {
        const [open, close] = t.split("–") as [string, string];
        out.push({
          id: stableUuid("hsds-schedule", ownerKey, BYDAY[i]!, open),
          ...link,
          freq: "WEEKLY",
          interval: 1,
          byday: BYDAY[i],
          opens_at: `${open}:00`,
          closes_at: close === "24:00" ? "23:59:59" : `${close}:00`,
          ...(hoursText ? { description: hoursText } : {}),
        });
      }
    });
  }
  if (!out.length && (hoursText || hours)) {
    out.push({ id: stableUuid("hsds-schedule", ownerKey, "text"), ...link, description: hoursText || hours || "" });
  }
  return out;
}

// ------------------------------------------------------------------ objects

/** The object without its null and undefined fields (a new object: `delete` would make V8 objects slow in bulk exports). */
const clean = <T extends Record<string, unknown>>(o: T): T => {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const v = o[k];
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out as T;
};

// The schemas' `uri` and `email` formats, exactly as the validators read them (ajv-formats, full
// mode): a value they would refuse is left out, so that every record we publish validates.
const URI_FORMAT = fullFormats.uri as (v: string) => boolean;
const EMAIL_FORMAT = fullFormats.email as RegExp;

function isUrl(v: string | null): v is string {
  if (!v) return false;
  try {
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && URI_FORMAT(v);
  } catch {
    return false;
  }
}

/** An email address the schema's `email` format accepts, else null. */
export function schemaEmail(v: string | null): string | null {
  return v && EMAIL_FORMAT.test(v) ? v : null;
}

/** A date-time in RFC 3339 form (what the schema's `date-time` format wants). */
function dateTime(v: string): string {
  const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

export function mapOrganization(org: OrganisationRow) {
  const identifiers = [
    org.charity_number
      ? { id: stableUuid("hsds-org-identifier", org.id, "charity"), organization_id: org.id, identifier_scheme: "GB-CHC", identifier_type: "Charity number", identifier: org.charity_number }
      : null,
    org.company_number
      ? { id: stableUuid("hsds-org-identifier", org.id, "company"), organization_id: org.id, identifier_scheme: "GB-COH", identifier_type: "Company number", identifier: org.company_number }
      : null,
  ].filter((x) => x !== null);
  return clean({
    id: org.id,
    name: org.name,
    description: org.description || org.name,
    email: schemaEmail(org.email),
    website: isUrl(org.website) ? org.website : null,
    organization_identifiers: identifiers.length ? identifiers : null,
  });
}

type Attribute = { id: string; link_id: string; link_type: string; taxonomy_term_id: string; value?: string; taxonomy_term: HsdsTaxonomyTerm };

/** Attributes for codes in our taxonomy; a code we do not publish (none should exist) is left out. */
function attributes(linkId: string, linkType: string, items: [code: string, value?: string | number | null][]): Attribute[] {
  const out: Attribute[] = [];
  for (const [code, value] of items) {
    const a = attribute(linkId, linkType, code, value);
    if (a) out.push(a);
  }
  return out;
}

function attribute(linkId: string, linkType: string, code: string, value?: string | number | null): Attribute | null {
  const t = termByCode(`access:${code}`) ?? termByCode(code);
  if (!t) return null;
  return clean({
    id: stableUuid("hsds-attribute", linkId, code),
    link_id: linkId,
    link_type: linkType,
    link_entity: linkType,
    taxonomy_term_id: t.id,
    value: value === null || value === undefined ? null : String(value),
    taxonomy_term: t,
  }) as Attribute;
}

export function mapLocation(a: AssetRow, extras: AssetExtras) {
  const locId = locationIdFor(a.id);
  const cp = extras.changingPlaces;
  const items: [string, (string | number | null)?][] = extras.access.map((code) => [code]);
  if (cp) {
    if (cp.hoist) items.push(["cp_hoist", cp.hoist]);
    if (cp.adult_bench === 1) items.push(["cp_adult_bench", "true"]);
    if (cp.room_size_m2 !== null) items.push(["cp_room_size_m2", cp.room_size_m2]);
    if (cp.peninsular_wc === 1) items.push(["cp_peninsular_wc", "true"]);
    if (cp.radar_key === 1) items.push(["cp_radar_key", "true"]);
    if (cp.notes) items.push(["cp_notes", cp.notes]);
  }
  const accessAttrs = attributes(locId, "location", items);
  const accessibility = [
    ...extras.access.map((code) =>
      clean({
        id: stableUuid("hsds-accessibility", locId, code),
        location_id: locId,
        description: ACCESS_LABELS[code as keyof typeof ACCESS_LABELS] ?? code,
        details: code === "changing_places" && cp?.notes ? cp.notes : null,
      }),
    ),
    ...(a.access_notes ? [{ id: stableUuid("hsds-accessibility", locId, "notes"), location_id: locId, description: "Access notes", details: a.access_notes }] : []),
  ];
  const addresses =
    a.address || a.postcode
      ? [
          {
            id: stableUuid("hsds-address", locId),
            location_id: locId,
            address_1: a.address || a.locality || a.name,
            city: a.locality || "",
            state_province: "",
            postal_code: a.postcode || "",
            country: "GB",
            address_type: "physical",
          },
        ]
      : [];
  return clean({
    id: locId,
    location_type: "physical",
    name: a.name,
    transportation: a.how_to_get_there || null,
    latitude: a.lat,
    longitude: a.lng,
    addresses,
    accessibility,
    attributes: accessAttrs,
  });
}

export function mapServiceAtLocation(a: AssetRow, extras: AssetExtras, full: boolean) {
  const id = serviceAtLocationIdFor(a.id);
  return clean({
    id,
    service_id: a.id,
    location_id: locationIdFor(a.id),
    location: full ? mapLocation(a, extras) : null,
  });
}

export function serviceStatus(status: string): "active" | "inactive" {
  return status === "active" ? "active" : "inactive";
}

/** The service fields every list item carries (minimal). */
export function mapServiceMinimal(a: AssetRow, extras: AssetExtras) {
  return clean({
    id: a.id,
    organization_id: extras.organisation?.id ?? null,
    name: a.name,
    description: a.description || a.summary || a.name,
    url: isUrl(a.website) ? a.website : null,
    email: schemaEmail(a.email),
    status: serviceStatus(a.status),
    fees_description: a.cost_text || (a.is_free === 1 ? "Free" : null),
    minimum_age: a.min_age,
    maximum_age: a.max_age,
    assured_date: a.verified_at ? a.verified_at.slice(0, 10) : null,
    last_modified: dateTime(a.updated_at),
  });
}

// ------------------------------------------------------------------ metadata (revision history)

/** How many of the latest revisions a service carries as `metadata`. */
export const METADATA_REVISIONS = 50;
/** field_name of the one entry that records a record's creation. */
export const CREATED_FIELD = "*";

function metaValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * The revision history (asset_revisions, decision 0011) as HSDS metadata, oldest first: the
 * first version is one entry (field_name "*", last_action_type = the action, usually "create");
 * every later change of a field is one entry with the old and new values (objects as JSON text).
 * Baseline revisions (no change) are left out. Who made a change is not published: updated_by
 * says "Real Wealth connector" for a person and "Real Wealth import" for an import.
 */
export function mapMetadata(assetId: string, revisions: RevisionRow[]) {
  const out: {
    id: string;
    resource_id: string;
    resource_type: "service";
    last_action_date: string;
    last_action_type: string;
    field_name: string;
    previous_value: string;
    replacement_value: string;
    updated_by: string;
  }[] = [];
  for (const r of revisions) {
    if (r.action === "baseline") continue;
    const base = {
      resource_id: assetId,
      resource_type: "service" as const,
      last_action_date: r.created_at.slice(0, 10),
      last_action_type: r.action,
      updated_by: r.user_id ? "Real Wealth connector" : "Real Wealth import",
    };
    if (r.version === 1) {
      out.push({ id: stableUuid("hsds-metadata", assetId, String(r.id)), ...base, field_name: CREATED_FIELD, previous_value: "", replacement_value: "" });
      continue;
    }
    let changes: { field: string; old: unknown; new: unknown }[] = [];
    try {
      changes = JSON.parse(r.changes) as typeof changes;
    } catch {
      changes = [];
    }
    for (const c of Array.isArray(changes) ? changes : []) {
      if (!c || typeof c.field !== "string") continue;
      out.push({
        id: stableUuid("hsds-metadata", assetId, String(r.id), c.field),
        ...base,
        field_name: c.field,
        previous_value: metaValue(c.old),
        replacement_value: metaValue(c.new),
      });
    }
  }
  return out;
}

/** The whole service with its nested objects (service_full). */
export function mapService(a: AssetRow, extras: AssetExtras) {
  const base = mapServiceMinimal(a, extras);
  const serviceAttributes = attributes(a.id, "service", [
    [`kind:${a.kind}`],
    ...extras.categories.map((c): [string] => [`category:${c}`]),
    ...(a.time_credits_earn ? [["time_credits_earn", a.time_credits_earn] as [string, string]] : []),
    ...(a.time_credits_spend ? [["time_credits_spend", a.time_credits_spend] as [string, string]] : []),
  ]);
  const costOptions =
    a.is_free !== null || a.cost_text
      ? [
          clean({
            id: stableUuid("hsds-cost", a.id),
            service_id: a.id,
            option: a.is_free === 1 ? "Free" : "Charge",
            amount: a.is_free === 1 ? 0 : null,
            amount_description: a.cost_text || null,
          }),
        ]
      : [];
  const phones = a.phone ? [{ id: stableUuid("hsds-phone", a.id), service_id: a.id, number: a.phone }] : [];
  const email = schemaEmail(a.email);
  const contacts =
    a.phone || email
      ? [
          clean({
            id: stableUuid("hsds-contact", a.id),
            service_id: a.id,
            name: a.name,
            email,
            phones: phones.length ? [{ id: stableUuid("hsds-contact-phone", a.id), contact_id: stableUuid("hsds-contact", a.id), number: a.phone! }] : null,
          }),
        ]
      : [];
  return {
    ...base,
    ...(extras.organisation ? { organization: mapOrganization(extras.organisation) } : {}),
    phones,
    contacts,
    schedules: hoursToSchedules(a.opening_hours, a.opening_hours_text, a.id, { service_id: a.id }),
    service_at_locations: [mapServiceAtLocation(a, extras, true)],
    cost_options: costOptions,
    attributes: serviceAttributes,
    service_areas: [],
    languages: [],
    funding: [],
    metadata: mapMetadata(a.id, extras.revisions ?? []),
  };
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as Kind] ?? kind;
}
