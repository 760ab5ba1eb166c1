// Open Referral HSDS 3.0 → Real Wealth assets: the inverse of mapping.ts. Pure code, no I/O.
//
// One HSDS service becomes one asset per physical location it is delivered at (our model is one
// service at one place). The first location keeps the service's own id as the asset id; further
// locations get stableUuid("hsds-import-location", service id, location id). Kinds, categories,
// access features, Changing Places equipment and time credits come back from our taxonomy terms
// (by id or by code) and, for other publishers' terms, from a match on the term's code or name;
// schedules become OSM opening hours where a weekly pattern can say them (schedules.ts), with the
// text kept otherwise. See docs/hsds-mapping.md ("Importing HSDS").
import { stableUuid } from "../asset";
import { parsePostcode } from "../postcode";
import { ACCESS_FEATURES, ACCESS_LABELS, CATEGORIES, KINDS, KIND_LABELS, type Kind } from "../taxonomy";
import { termById, termByCode } from "./mapping";
import { schedulesToHours } from "./schedules";

type Obj = Record<string, unknown>;

const HOISTS = ["ceiling_track", "mobile", "none"] as const;
const UK_COUNTRIES = new Set(["gb", "uk", "gbr", "united kingdom", "great britain", "england", "scotland", "wales", "northern ireland"]);
const MAX_CATEGORIES = 20;

export interface HsdsOrganisationDraft {
  id: string;
  name: string;
  description: string | null;
  website: string | null;
  email: string | null;
  charity_number: string | null;
  company_number: string | null;
}

export interface HsdsChangingPlacesDraft {
  hoist: (typeof HOISTS)[number] | null;
  adult_bench: boolean | null;
  room_size_m2: number | null;
  peninsular_wc: boolean | null;
  radar_key: boolean | null;
  notes: string | null;
}

/** One asset from an HSDS service at one location, in the write shape of app/core/asset.ts minus provenance and placing. */
export interface HsdsAssetDraft {
  /** The asset id: the service id for its first location. */
  id: string;
  service_id: string;
  location_id: string | null;
  kind: Kind;
  name: string;
  description: string;
  organisation: HsdsOrganisationDraft | null;
  /** Coordinates when the location has valid ones. */
  lat: number | null;
  lng: number | null;
  /** Why the location's own coordinates cannot be used (missing or out of range). */
  coordinates_problem: string;
  address: string | null;
  locality: string | null;
  /** A full UK postcode, formatted ("M33 7XX"), or null. */
  postcode: string | null;
  /** The postal_code as given, when it is not a usable UK postcode. */
  raw_postcode: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  opening_hours: string | null;
  opening_hours_text: string | null;
  cost: { free: boolean | null; details: string | null };
  age: { min: number | null; max: number | null };
  time_credits: { earn: string | null; spend: string | null };
  categories: string[];
  access: string[];
  access_notes: string | null;
  changing_places: HsdsChangingPlacesDraft | null;
  how_to_get_there: string | null;
  status: "active" | "archived";
  verified_at: string | null;
}

/** A taxonomy term defined in the file (taxonomy_terms.csv, or nested in an attribute). */
export interface FileTerm {
  id?: string | null;
  code?: string | null;
  name?: string | null;
}

export interface InverseContext {
  /** The kind for services that carry no kind term (the importer's --kind); none: such services are rejected. */
  defaultKind?: Kind | null;
  /** Terms the file defines (taxonomy_terms.csv), by id. */
  fileTerm?: (id: string) => FileTerm | null;
  /** Organisations the file defines (organizations.csv, organization_full), by id, for services that only give organization_id. */
  fileOrganisation?: (id: string) => Obj | null;
}

export type InverseOutcome = { drafts: HsdsAssetDraft[]; notes: string[] } | { reject: string };

// ------------------------------------------------------------------ small readers

function str(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t === "" ? null : t;
}

function num(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}

const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => !!x && typeof x === "object" && !Array.isArray(x)) : []);
const obj = (v: unknown): Obj | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const lower = (v: string | null) => v?.toLowerCase() ?? null;

/** Phone numbers as some CSV exports write them: '"+44 1234 234567"'. */
function phoneText(v: unknown): string | null {
  const s = str(v);
  return s ? s.replace(/^["']+|["']+$/g, "").trim() || null : null;
}

function truthy(v: unknown): boolean | null {
  const s = lower(str(v));
  if (s === null) return true; // a value-less yes/no term means yes
  if (["true", "yes", "y", "1"].includes(s)) return true;
  if (["false", "no", "n", "0"].includes(s)) return false;
  return null;
}

// ------------------------------------------------------------------ taxonomy terms

type Meaning = { kind: Kind } | { category: string } | { access: string } | { extra: string } | { root: string };

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
/** Other publishers' terms matched on code or name (case and punctuation ignored). */
const BY_WORDS = (() => {
  const m = new Map<string, Meaning[]>();
  const add = (key: string, meaning: Meaning) => {
    const list = m.get(norm(key)) ?? [];
    if (!list.some((x) => JSON.stringify(x) === JSON.stringify(meaning))) m.set(norm(key), [...list, meaning]);
  };
  for (const c of CATEGORIES) {
    add(c.code, { category: c.code });
    add(c.label, { category: c.code });
  }
  for (const a of ACCESS_FEATURES) {
    add(a, { access: a });
    add(ACCESS_LABELS[a], { access: a });
  }
  for (const k of KINDS) {
    add(k, { kind: k });
    add(KIND_LABELS[k], { kind: k });
  }
  return m;
})();

const ACCESS_BY_LABEL = new Map(ACCESS_FEATURES.map((a) => [norm(ACCESS_LABELS[a]), a]));

function meaningOfCode(code: string): Meaning | null | "unknown" {
  const ours = termByCode(code);
  if (ours) return meaningOfOurs(ours.code);
  if (/^(kind|category|access):/.test(code)) return "unknown";
  return null;
}

function meaningOfOurs(code: string): Meaning {
  if (code === "kind" || code === "category") return { root: code };
  const [prefix, rest] = code.split(":") as [string, string];
  if (prefix === "kind") return { kind: rest as Kind };
  if (prefix === "category") return { category: rest };
  if ((ACCESS_FEATURES as readonly string[]).includes(rest)) return { access: rest };
  return { extra: rest };
}

/**
 * What an attribute's term means for us: our own terms by id or code; other publishers' terms
 * (nested in the attribute or defined in the file) by a match on code or name, else nothing.
 * A term id that is neither ours nor defined in the file is an error.
 */
export function resolveTerm(attr: Obj, ctx: InverseContext): { meanings: Meaning[]; foreign: string | null } | { error: string } {
  const nested = obj(attr.taxonomy_term);
  const id = lower(str(attr.taxonomy_term_id) ?? str(nested?.id));
  const ours = id ? termById(id) : null;
  if (ours) return { meanings: [meaningOfOurs(ours.code)], foreign: null };
  const defined: FileTerm | null = nested ?? (id ? (ctx.fileTerm?.(id) ?? null) : null);
  if (!defined) {
    if (!id) return { meanings: [], foreign: null };
    return { error: `taxonomy_term_id ${id} does not exist: it is not a Real Wealth term (see /api/hsds/taxonomy_terms) and the file does not define it` };
  }
  const code = str(defined.code);
  if (code) {
    const m = meaningOfCode(code);
    if (m === "unknown") return { error: `taxonomy term code "${code}" is not in the Real Wealth taxonomy` };
    if (m) return { meanings: [m], foreign: null };
  }
  for (const key of [code, str(defined.name), str((defined as Obj).term)]) {
    const found = key ? BY_WORDS.get(norm(key)) : undefined;
    if (found) return { meanings: found, foreign: null };
  }
  return { meanings: [], foreign: str(defined.name) ?? code ?? id ?? "?" };
}

// ------------------------------------------------------------------ pieces

function organisationOf(service: Obj, ctx: InverseContext): HsdsOrganisationDraft | null {
  const nested = obj(service.organization);
  const orgId = lower(str(nested?.id) ?? str(service.organization_id));
  const o = nested && str(nested.name) ? nested : orgId ? (ctx.fileOrganisation?.(orgId) ?? null) : null;
  if (!o || !orgId) return null;
  const name = str(o.name);
  if (!name) return null;
  const description = str(o.description);
  let charity: string | null = null;
  let company: string | null = null;
  for (const ident of objects(o.organization_identifiers)) {
    const scheme = str(ident.identifier_scheme)?.toUpperCase();
    const value = str(ident.identifier);
    if (!value) continue;
    if (scheme === "GB-CHC" || scheme === "GB-SC" || scheme === "GB-NIC") charity ??= value;
    if (scheme === "GB-COH") company ??= value;
  }
  return {
    id: orgId,
    name,
    // Our export writes the name when there is no description: do not store it twice.
    description: description && description !== name ? description : null,
    website: str(o.website),
    email: str(o.email),
    charity_number: charity,
    company_number: company,
  };
}

function money(amount: number, currency: string | null): string {
  const symbol = !currency || currency.toUpperCase() === "GBP" ? "£" : currency.toUpperCase() === "EUR" ? "€" : currency.toUpperCase() === "USD" ? "$" : `${currency} `;
  return `${symbol}${Number.isInteger(amount) ? amount : amount.toFixed(2)}`;
}

/** cost_options (and fees_description / the UK profile's fees) → {free, details}. */
export function costOf(service: Obj): { free: boolean | null; details: string | null } {
  const options = objects(service.cost_options);
  const fees = str(service.fees_description) ?? str(service.fees);
  if (options.length === 1) {
    // What our export writes: option "Free" (amount 0) or "Charge", the details as amount_description.
    const o = options[0]!;
    const option = str(o.option);
    const amount = num(o.amount);
    if (option === "Free" && (amount === null || amount === 0)) return { free: true, details: str(o.amount_description) };
    if (option === "Charge" && amount === null) return { free: false, details: str(o.amount_description) };
  }
  if (options.length) {
    const amounts = options.map((o) => num(o.amount));
    const free = amounts.every((a) => a === 0) ? true : amounts.some((a) => a !== null && a > 0) ? false : null;
    const details = options
      .map((o) => {
        const amount = num(o.amount);
        const head = [str(o.option), amount !== null ? (amount === 0 ? "free" : money(amount, str(o.currency))) : null].filter(Boolean).join(": ");
        return [head, str(o.amount_description)].filter(Boolean).join(" ");
      })
      .filter(Boolean)
      .join("; ");
    return { free, details: details || (fees && fees !== "Free" ? fees : null) };
  }
  if (fees) return /^free\.?$/i.test(fees) ? { free: true, details: null } : { free: null, details: fees };
  return { free: null, details: null };
}

function ageOf(v: unknown, which: "min" | "max"): number | null {
  const n = num(v);
  if (n === null || n < 0) return null;
  const r = Math.round(n);
  // 120 is our upper bound: a maximum above it means "no upper limit".
  if (r > 120) return which === "max" ? null : 120;
  return r;
}

function validCoordinates(lat: number | null, lng: number | null): boolean {
  return lat !== null && lng !== null && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180 && !(lat === 0 && lng === 0);
}

function firstPhone(...lists: unknown[]): string | null {
  for (const l of lists) for (const p of objects(l)) {
    const n = phoneText(p.number);
    if (n) return n;
  }
  return null;
}

interface AttributeReading {
  kinds: Kind[];
  categories: string[];
  access: string[];
  extras: Map<string, string | null>;
  foreign: string[];
}

function readAttributes(list: unknown, where: string, ctx: InverseContext, into: AttributeReading): string | null {
  let i = 0;
  for (const attr of objects(list)) {
    const r = resolveTerm(attr, ctx);
    if ("error" in r) return `${where}[${i}]: ${r.error}`;
    if (r.foreign) into.foreign.push(r.foreign);
    for (const m of r.meanings) {
      if ("kind" in m) into.kinds.push(m.kind);
      else if ("category" in m) into.categories.push(m.category);
      else if ("access" in m) into.access.push(m.access);
      else if ("extra" in m) into.extras.set(m.extra, str(attr.value));
    }
    i++;
  }
  return null;
}

function changingPlacesOf(extras: Map<string, string | null>): HsdsChangingPlacesDraft | null {
  if (![...extras.keys()].some((k) => k.startsWith("cp_"))) return null;
  const notes: string[] = [];
  const hoistRaw = extras.get("cp_hoist") ?? null;
  const hoistKey = hoistRaw ? hoistRaw.toLowerCase().replace(/[\s-]+/g, "_") : null;
  const hoist = hoistKey && (HOISTS as readonly string[]).includes(hoistKey) ? (hoistKey as HsdsChangingPlacesDraft["hoist"]) : null;
  if (hoistRaw && !hoist) notes.push(`Hoist: ${hoistRaw}`);
  const size = extras.has("cp_room_size_m2") ? num(extras.get("cp_room_size_m2")) : null;
  const flag = (k: string) => (extras.has(k) ? truthy(extras.get(k)) : null);
  const cpNotes = extras.get("cp_notes") ?? null;
  if (cpNotes) notes.unshift(cpNotes);
  return {
    hoist,
    adult_bench: flag("cp_adult_bench"),
    room_size_m2: size !== null && size >= 1 && size <= 200 ? size : null,
    peninsular_wc: flag("cp_peninsular_wc"),
    radar_key: flag("cp_radar_key"),
    notes: notes.length ? notes.join(" ") : null,
  };
}

function addressOf(location: Obj, serviceName: string): { address: string | null; locality: string | null; postcode: string | null; raw: string | null } {
  const list = objects(location.addresses);
  const a = list.find((x) => str(x.address_type) === "physical") ?? list[0];
  const locName = str(location.name);
  const prefix = locName && locName !== serviceName ? locName : null;
  if (!a) return { address: prefix, locality: null, postcode: null, raw: null };
  const lines = [str(a.address_1), str(a.address_2)].filter((x): x is string => !!x);
  if (prefix && !lines.some((l) => l.includes(prefix))) lines.unshift(prefix);
  const country = lower(str(a.country));
  const raw = str(a.postal_code);
  const parsed = raw && (!country || UK_COUNTRIES.has(country)) ? parsePostcode(raw) : null;
  const postcode = parsed?.incode ? parsed.postcode : null;
  return { address: lines.length ? lines.join(", ") : null, locality: str(a.city), postcode, raw: postcode ? null : raw };
}

/** Accessibility entries: our own labels are features, "Access notes" is the notes, anything else joins the notes. */
function accessibilityOf(location: Obj): { access: string[]; notes: string[] } {
  const access: string[] = [];
  const notes: string[] = [];
  for (const e of objects(location.accessibility)) {
    const description = str(e.description) ?? str(e.accessibility);
    const details = str(e.details);
    const feature = description ? ACCESS_BY_LABEL.get(norm(description)) : undefined;
    if (feature) {
      access.push(feature);
      continue;
    }
    if (description === "Access notes") {
      if (details) notes.push(details);
      continue;
    }
    const text = [description, details].filter(Boolean).join(" ");
    if (text) notes.push(text);
  }
  return { access, notes };
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

// ------------------------------------------------------------------ the service

/**
 * One HSDS service (service_full; organization, service_at_locations with their locations,
 * schedules, attributes, cost options nested) → asset drafts, one per physical location, or a
 * reason to reject it. `notes` says what could not be mapped (other publishers' terms).
 */
export function serviceToDrafts(service: Obj, ctx: InverseContext = {}): InverseOutcome {
  const serviceId = lower(str(service.id));
  if (!serviceId) return { reject: "id is required" };
  const name = str(service.name);
  if (!name) return { reject: "name is required" };

  const attrs: AttributeReading = { kinds: [], categories: [], access: [], extras: new Map(), foreign: [] };
  const problem = readAttributes(service.attributes, "attributes", ctx, attrs);
  if (problem) return { reject: problem };
  const kind = attrs.kinds[0] ?? ctx.defaultKind ?? null;
  if (!kind) {
    return { reject: "has no Real Wealth kind (an attribute with a kind: term such as kind:community_group); pass --kind KIND to import services without one" };
  }
  const notes = attrs.foreign.map((t) => `taxonomy term "${t}" is not in the Real Wealth taxonomy (not imported)`);
  if (uniq(attrs.kinds).length > 1) notes.push(`several kinds (${uniq(attrs.kinds).join(", ")}): the first was kept`);

  const status = str(service.status) === "active" || str(service.status) === null ? "active" : "archived";
  const assured = str(service.assured_date);
  const verified_at = assured && /^\d{4}-\d{2}-\d{2}/.test(assured) ? assured.slice(0, 10) : null;
  const contacts = objects(service.contacts);
  const email = str(service.email) ?? contacts.map((c) => str(c.email)).find(Boolean) ?? null;
  const organisation = organisationOf(service, ctx);
  const cost = costOf(service);
  const earn = attrs.extras.has("time_credits_earn") ? (attrs.extras.get("time_credits_earn") ?? "Yes") : null;
  const spend = attrs.extras.has("time_credits_spend") ? (attrs.extras.get("time_credits_spend") ?? "Yes") : null;

  const sals = objects(service.service_at_locations);
  const places = sals
    .map((sal) => ({ sal, location: obj(sal.location) }))
    .filter(({ location }) => !location || str(location.location_type) !== "virtual");
  if (!places.length) places.push({ sal: {}, location: null });

  const drafts: HsdsAssetDraft[] = [];
  for (const [i, { sal, location }] of places.entries()) {
    const loc = location ?? {};
    const locationId = lower(str(loc.id) ?? str(sal.location_id));
    const locAttrs: AttributeReading = { kinds: [], categories: [], access: [], extras: new Map(attrs.extras), foreign: [] };
    const locProblem = readAttributes(loc.attributes, `service_at_locations[${i}].location.attributes`, ctx, locAttrs);
    if (locProblem) return { reject: locProblem };
    for (const t of locAttrs.foreign) notes.push(`taxonomy term "${t}" is not in the Real Wealth taxonomy (not imported)`);
    const accessibility = accessibilityOf(loc);
    const extrasNote = locAttrs.extras.get("access_notes") ?? null;
    const accessNotes = uniq([...(extrasNote ? [extrasNote] : []), ...accessibility.notes]).join("\n") || null;

    const lat = num(loc.latitude);
    const lng = num(loc.longitude);
    const ok = validCoordinates(lat, lng);
    const coordinatesProblem = ok
      ? ""
      : lat === null || lng === null
        ? "the location has no latitude and longitude"
        : `latitude ${lat} and longitude ${lng} are not valid coordinates`;
    const addr = addressOf(loc, name);

    // Schedules: the location's own (service_at_location, then location), else the service's.
    const own = [...objects(sal.schedules), ...objects(loc.schedules)];
    const hours = schedulesToHours(own.length ? own : objects(service.schedules));
    const categories = uniq([...attrs.categories, ...locAttrs.categories]);
    if (categories.length > MAX_CATEGORIES) notes.push(`${categories.length} categories: the first ${MAX_CATEGORIES} were kept`);

    drafts.push({
      id: i === 0 ? serviceId : stableUuid("hsds-import-location", serviceId, locationId ?? String(i)),
      service_id: serviceId,
      location_id: locationId,
      kind,
      name,
      description: str(service.description) ?? "",
      organisation,
      lat: ok ? lat : null,
      lng: ok ? lng : null,
      coordinates_problem: coordinatesProblem,
      address: addr.address,
      locality: addr.locality,
      postcode: addr.postcode,
      raw_postcode: addr.raw,
      phone: firstPhone(service.phones, ...contacts.map((c) => c.phones), sal.phones, loc.phones),
      email,
      website: str(service.url),
      opening_hours: hours.hours,
      opening_hours_text: hours.text,
      cost,
      age: { min: ageOf(service.minimum_age, "min"), max: ageOf(service.maximum_age, "max") },
      time_credits: { earn, spend },
      categories: categories.slice(0, MAX_CATEGORIES),
      access: uniq([...attrs.access, ...locAttrs.access, ...accessibility.access]).sort(),
      access_notes: accessNotes,
      changing_places: changingPlacesOf(locAttrs.extras),
      how_to_get_there: str(loc.transportation),
      status,
      verified_at,
    });
  }
  return { drafts, notes: uniq(notes) };
}

/**
 * The services inside one HSDS JSON record: a service (service_full), a service_at_location with
 * its service and location, or an organization with its services. Each service comes with the
 * organisation it belongs to nested, when the record says.
 */
export function servicesOfRecord(record: Obj): { kind: "service" | "service_at_location" | "organization"; services: Obj[] } {
  const service = obj(record.service);
  if (service) {
    // service_at_location_full: the location hangs off the record, the service below it.
    const sal: Obj = { id: record.id, service_id: service.id, location_id: obj(record.location)?.id, location: record.location };
    const nestedSals = objects(service.service_at_locations);
    return { kind: "service_at_location", services: [{ ...service, service_at_locations: nestedSals.length ? nestedSals : [sal] }] };
  }
  if (Array.isArray(record.services) && !("status" in record)) {
    const { services, ...org } = record;
    return { kind: "organization", services: objects(services).map((s) => (obj(s.organization) ? s : { ...s, organization: org, organization_id: s.organization_id ?? org.id })) };
  }
  return { kind: "service", services: [record] };
}
