// Mappings for the universal and targeted services in ../shared/data/services: libraries, GP
// practices, pharmacies, dentists, Jobcentres, leisure centres, sports facilities, children's
// centres and care homes.
import fs from "node:fs";
import path from "node:path";
import { dailyColumnsToOsm } from "../../../core/hours";
import type { AccessFeature } from "../../../core/taxonomy";
import { readSourceFile } from "../read.server";
import { OGL, TRAFFORD_COUNCIL_OPEN_DATA, TRAFFORD_OPEN_DATA, oglAttribution, withPostcodeLine } from "../sources";
import {
  clean,
  joinAddress,
  localityFromAddress,
  nameKey,
  normaliseEmail,
  normalisePhone,
  normalisePostcode,
  normaliseWebsite,
  tidyTown,
} from "../text";
import type { AssetDraft, DatasetMapping, MapOutcome, SourceRow } from "../types";
import { cell, coordsFrom, distinct, hoursFromEnglish, sentences, yesNo } from "./common";

function missingName(): MapOutcome {
  return { reject: "the name is missing" };
}

/** The fields most service lists share: name, address, postcode, town, contact details, lon/lat. */
function place(row: SourceRow, cols: { name: string; address: string; postcode: string; lat: string; lng: string }): Omit<AssetDraft, "kind" | "source_id"> & { name: string } | null {
  const name = cell(row, cols.name);
  if (!name) return null;
  const postcode = normalisePostcode(row.values[cols.postcode]);
  const address = cell(row, cols.address);
  const at = coordsFrom(row, cols.lat, cols.lng);
  return {
    name,
    address,
    postcode,
    locality: localityFromAddress(address, postcode),
    lat: at?.lat ?? null,
    lng: at?.lng ?? null,
  };
}

function contact(row: SourceRow, cols: { phone?: string; email?: string; website?: string }) {
  return {
    phone: cols.phone ? normalisePhone(row.values[cols.phone]) : null,
    email: cols.email ? normaliseEmail(row.values[cols.email]) : null,
    website: cols.website ? normaliseWebsite(row.values[cols.website]) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Libraries

const LIBRARY_COLS = { name: "name", address: "address", postcode: "postcode", lat: "lat", lng: "lon" };

function mapLibrary(row: SourceRow): MapOutcome {
  const base = place(row, LIBRARY_COLS);
  if (!base) return missingName();
  const type = cell(row, "type");
  return {
    asset: {
      ...base,
      kind: "universal_service",
      source_id: nameKey(base.name, base.postcode),
      description: sentences(type, "Free to join; borrow books and use the computers and study space"),
      categories: ["library"],
      cost: { free: true, details: "Free to join and to borrow books" },
      ...contact(row, { email: "email", website: "website" }),
    },
  };
}

export const trafford_libraries: DatasetMapping = {
  source: "trafford_libraries",
  title: "Libraries in Trafford",
  file: "services/trafford/trafford_libraries.csv",
  format: "csv",
  licence: OGL,
  attribution: oglAttribution("Trafford Council"),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2023-11-21",
  precision: "exact",
  map: mapLibrary,
};

/** Where the Trafford list sits relative to the Greater Manchester one. */
const TRAFFORD_LIBRARIES_FROM_GM = "../trafford/trafford_libraries.csv";

export const gm_libraries: DatasetMapping = {
  source: "gm_libraries",
  title: "Libraries in Greater Manchester",
  file: "services/greater_manchester/gm_libraries.csv",
  format: "csv",
  licence: OGL,
  attribution: oglAttribution("Trafford Council"),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2018-10-19",
  precision: "exact",
  /** Libraries also in the newer Trafford list (same name and postcode) are left to that list. */
  prepare(rows, env) {
    const traffordFile = path.resolve(path.dirname(env.file), TRAFFORD_LIBRARIES_FROM_GM);
    if (!fs.existsSync(traffordFile)) return rows;
    const trafford = new Set(
      readSourceFile(traffordFile, "csv").rows.map((r) => nameKey(r.values.name ?? "", normalisePostcode(r.values.postcode))),
    );
    for (const row of rows) {
      if (trafford.has(nameKey(row.values.name ?? "", normalisePostcode(row.values.postcode)))) {
        row.skip = "already listed from trafford_libraries (the newer Trafford list)";
      }
    }
    return rows;
  },
  map: mapLibrary,
};

// ---------------------------------------------------------------------------------------------
// Health

export const trafford_general_practices: DatasetMapping = {
  source: "trafford_general_practices",
  title: "GP practices in Trafford",
  file: "services/trafford/trafford_general_practices.csv",
  format: "csv",
  licence: OGL,
  attribution: withPostcodeLine(
    "Contains public sector information from NHS England (ODS epraccur) licensed under OGL v3.0; postcode centroids from ONS Postcode Directory (Nov 2025).",
  ),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2026-01-23",
  // The lon/lat are postcode centroids (ONS Postcode Directory).
  precision: "postcode_unit",
  postcodeCentroids: { postcode: "postcode", lat: "lat", lng: "lon" },
  map(row) {
    const base = place(row, { name: "name", address: "address", postcode: "postcode", lat: "lat", lng: "lon" });
    if (!base) return missingName();
    return {
      asset: {
        ...base,
        kind: "universal_service",
        source_id: nameKey(base.name, base.postcode),
        description: "NHS GP practice. Register here if you live in the practice area.",
        categories: ["gp"],
        cost: { free: true, details: "Free NHS service" },
        ...contact(row, { phone: "telephone" }),
      },
    };
  },
};

const DAY_COLUMNS = {
  mo: "opening_hours_monday",
  tu: "opening_hours_tuesday",
  we: "opening_hours_wednesday",
  th: "opening_hours_thursday",
  fr: "opening_hours_friday",
  sa: "opening_hours_saturday",
  su: "opening_hours_sunday",
} as const;
const DAY_LABELS = { mo: "Monday", tu: "Tuesday", we: "Wednesday", th: "Thursday", fr: "Friday", sa: "Saturday", su: "Sunday" } as const;

/** "09:00-13:00:14:00-18:00" (a colon typed for a comma) → "09:00-13:00,14:00-18:00". */
export function repairDailyHours(value: string): string {
  return value.replace(/(\d{2}:\d{2}-\d{2}:\d{2}):(?=\d{2}:\d{2}-)/g, "$1,");
}

/** The pharmacy list's seven day columns as OSM hours, and as text for when they cannot be read. */
export function pharmacyHours(row: SourceRow): { opening_hours: string | null; opening_hours_text: string | null } {
  const days: Partial<Record<keyof typeof DAY_COLUMNS, string>> = {};
  const text: string[] = [];
  for (const [day, column] of Object.entries(DAY_COLUMNS) as [keyof typeof DAY_COLUMNS, string][]) {
    const value = clean(row.values[column]);
    if (!value) continue;
    days[day] = repairDailyHours(value);
    text.push(`${DAY_LABELS[day]} ${/^closed$/i.test(value) ? "closed" : value}`);
  }
  const osm = dailyColumnsToOsm(days);
  return { opening_hours: osm, opening_hours_text: osm ? null : text.join("; ") || null };
}

export const gm_pharmacies: DatasetMapping = {
  source: "gm_pharmacies",
  title: "Pharmacies in Greater Manchester (NHS pharmaceutical list)",
  file: "services/greater_manchester/gm_pharmacies.csv",
  format: "csv",
  licence: OGL,
  attribution: withPostcodeLine(
    "Contains public sector information from NHS Business Services Authority (Consolidated Pharmaceutical List) licensed under OGL v3.0.",
  ),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2025-03-31",
  precision: "postcode_unit",
  postcodeCentroids: { postcode: "postcode", lat: "latitude", lng: "longitude" },
  map(row) {
    const base = place(row, { name: "pharmacy_name", address: "address", postcode: "postcode", lat: "latitude", lng: "longitude" });
    if (!base) return missingName();
    const ods = cell(row, "organisation_data_service_code");
    return {
      asset: {
        ...base,
        kind: "universal_service",
        source_id: ods ?? nameKey(base.name, base.postcode),
        description: sentences(
          "Community pharmacy: prescriptions, advice on minor illnesses and other NHS pharmacy services",
          ods && `NHS ODS code ${ods}`,
        ),
        categories: ["pharmacy"],
        ...pharmacyHours(row),
      },
    };
  },
};

export const gm_dentists: DatasetMapping = {
  source: "gm_dentists",
  title: "Dentists in Greater Manchester (Care Quality Commission register)",
  file: "services/greater_manchester/gm_dentists.csv",
  format: "csv",
  licence: OGL,
  attribution: oglAttribution("Uses information from the Care Quality Commission (OGL v3.0)."),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2019-07-17",
  precision: "exact",
  map(row) {
    const base = place(row, { name: "name", address: "address", postcode: "postcode", lat: "lat", lng: "lon" });
    if (!base) return missingName();
    const services = distinct((cell(row, "type") ?? "Dentist").split("|").map((s) => s.trim()));
    return {
      asset: {
        ...base,
        kind: "universal_service",
        source_id: nameKey(base.name, base.postcode),
        description: sentences(`Dental practice registered with the Care Quality Commission. Services: ${services.join(", ")}`),
        categories: ["dentist"],
        ...contact(row, { phone: "telephone", website: "website" }),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Work

export const gm_jobcentreplus: DatasetMapping = {
  source: "gm_jobcentreplus",
  title: "Jobcentre Plus offices in Greater Manchester",
  file: "services/greater_manchester/gm_jobcentreplus.csv",
  format: "csv",
  licence: OGL,
  attribution:
    "Contains public sector information licensed under the Open Government Licence v3.0 and OS data © Crown copyright and database right 2019.",
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2018-09-01",
  precision: "exact",
  map(row) {
    const base = place(row, { name: "name", address: "address", postcode: "postcode", lat: "lat", lng: "lon" });
    if (!base) return missingName();
    return {
      asset: {
        ...base,
        name: /jobcentre/i.test(base.name) ? base.name : `${base.name} Jobcentre Plus`,
        kind: "universal_service",
        source_id: nameKey(base.name, base.postcode),
        description: "Jobcentre Plus: help to find work, and to claim Universal Credit and other benefits.",
        categories: ["jobcentre"],
        cost: { free: true, details: null },
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Leisure

/** Access features and notes read from a leisure centre's facilities text. */
export function leisureAccess(facilities: string | null): { access: AccessFeature[]; notes: string[]; changingPlaces: boolean } {
  const text = facilities ?? "";
  const access: AccessFeature[] = [];
  const notes: string[] = [];
  const changingPlaces = /changing places/i.test(text);
  if (changingPlaces) {
    access.push("changing_places", "accessible_toilet");
    notes.push("Changing Places toilet on site");
  }
  if (/pool pod/i.test(text)) {
    access.push("step_free");
    notes.push("Pool pod (a platform lift) gives step-free access into the pool");
  }
  if (/disabled changing|accessible changing/i.test(text)) notes.push("Accessible changing facilities");
  if (/sensory room/i.test(text)) {
    access.push("quiet_space");
    notes.push("Sensory room");
  }
  if (/hearing loop/i.test(text)) access.push("hearing_loop");
  if (/\blift\b|step[- ]free|wheelchair accessible/i.test(text)) access.push("step_free");
  return { access: distinct(access), notes, changingPlaces };
}

export const trafford_leisure_centres: DatasetMapping = {
  source: "trafford_leisure_centres",
  title: "Leisure centres in Trafford",
  file: "services/trafford/trafford_leisure_centres.csv",
  format: "csv",
  licence: OGL,
  attribution: oglAttribution("Trafford Council, Trafford Leisure CIC, George Carnall Community Group CIC, Schools Plus (OGL v3.0)."),
  url: TRAFFORD_COUNCIL_OPEN_DATA,
  verifiedAt: "2026-02-01",
  precision: "exact",
  map(row) {
    const base = place(row, { name: "name", address: "address", postcode: "postcode", lat: "lat", lng: "lon" });
    if (!base) return missingName();
    const facilities = cell(row, "facilities");
    const hours = hoursFromEnglish(cell(row, "opening_hours"));
    const { access, notes, changingPlaces } = leisureAccess(facilities);
    const operator = cell(row, "managed_by")?.replace(/\.$/, "") ?? null;
    return {
      asset: {
        ...base,
        kind: "universal_service",
        source_id: nameKey(base.name, base.postcode),
        description: facilities ?? "",
        organisation: operator ? { name: operator } : null,
        categories: ["leisure_centre", ...(/swimming|\bpool\b/i.test(facilities ?? "") ? ["swimming"] : [])],
        access,
        access_notes: notes.length ? sentences(...notes) : null,
        changing_places: changingPlaces
          ? {
              // A Changing Places toilet has an adult-sized changing bench by definition; the hoist
              // type, room size and layout are not published.
              adult_bench: true,
              opening_hours: hours.opening_hours,
              notes: "Described by the operator as an inclusive Changing Places toilet. Equipment details are not published: ring ahead to check.",
            }
          : null,
        cost: { free: false, details: "Pay as you go or membership" },
        ...hours,
        ...contact(row, { phone: "telephone", website: "website" }),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Sport England Active Places: many rows (one per facility type) per site, merged into one asset.

const OPEN_ACCESS = ["Free Public Access", "Pay and Play", "Registered Membership use"];
const ACCESS_WORDS: Record<string, string> = {
  "Free Public Access": "free public access",
  "Pay and Play": "pay and play",
  "Registered Membership use": "members only",
  "Private Use": "private use only",
  "Sports Club / Community Association": "for sports clubs and community groups",
};

/** One row per site, with every facility row of the site kept in `group`. */
export function groupBySite(rows: SourceRow[]): SourceRow[] {
  const bySite = new Map<string, SourceRow>();
  const out: SourceRow[] = [];
  for (const row of rows) {
    const id = clean(row.values.site_id);
    if (!id || row.problem) {
      out.push(row);
      continue;
    }
    const first = bySite.get(id);
    if (first) {
      (first.group ??= [first]).push(row);
      continue;
    }
    bySite.set(id, row);
    out.push(row);
  }
  return out;
}

/** Public (free, pay and play, membership) → a service for everyone; private or club use → a place. */
export function sportsSiteKind(accessTypes: string[]): "universal_service" | "place" {
  return accessTypes.some((a) => OPEN_ACCESS.includes(a)) ? "universal_service" : "place";
}

function sportsSiteCost(accessTypes: string[]): { free: boolean | null; details: string | null } {
  if (accessTypes.length && accessTypes.every((a) => a === "Free Public Access")) return { free: true, details: "Free public access" };
  if (accessTypes.some((a) => a === "Pay and Play" || a === "Registered Membership use")) {
    return { free: false, details: distinct(accessTypes.map((a) => ACCESS_WORDS[a] ?? a)).join("; ") };
  }
  return { free: null, details: distinct(accessTypes.map((a) => ACCESS_WORDS[a] ?? a)).join("; ") || null };
}

function anyYes(rows: SourceRow[], column: string): boolean {
  return rows.some((r) => yesNo(r.values[column]) === true);
}

export function sportsSiteAccess(rows: SourceRow[]): { access: AccessFeature[]; notes: string | null } {
  const access: AccessFeature[] = [];
  if (anyYes(rows, "disability_toilets")) access.push("accessible_toilet");
  if (anyYes(rows, "disability_parking")) access.push("blue_badge_parking");
  if (rows.some((r) => yesNo(r.values.disability_finding_reaching_entrance) && yesNo(r.values.disability_doorways))) access.push("step_free");
  const notes = distinct(rows.map((r) => clean(r.values.disability_notes)));
  if (anyYes(rows, "disability_changing_facilities")) notes.push("Accessible changing facilities");
  return { access, notes: notes.length ? sentences(...notes) : null };
}

export const trafford_sports_facilities_active_places: DatasetMapping = {
  source: "trafford_sports_facilities_active_places",
  title: "Sports facilities in Trafford (Sport England Active Places)",
  file: "services/trafford/trafford_sports_facilities_active_places.csv",
  format: "csv",
  licence: OGL,
  attribution: oglAttribution(
    "Contains Data © Sport England (Active Places). Trafford lists it under OGL; Sport England publishes Active Places open data under CC BY 4.0 — either way attribution is required.",
  ),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2025-09-30",
  precision: "exact",
  prepare: (rows) => groupBySite(rows),
  map(row) {
    const rows = row.group ?? [row];
    const name = cell(row, "site_name");
    if (!name) return missingName();
    const siteId = cell(row, "site_id");
    if (!siteId) return { reject: "the site_id is missing" };
    const postcode = normalisePostcode(row.values.postcode);
    const street = cell(row, "street");
    const town = tidyTown(cell(row, "town"));
    const at = coordsFrom(row, "lat", "lon");
    const facilities = rows.map((r) => ({
      type: cell(r, "facility_type") ?? "Facility",
      access: cell(r, "access_type") ?? "",
      areas: Number(cell(r, "facility_areas_on_site") ?? "1") || 1,
    }));
    const accessTypes = distinct(facilities.map((f) => f.access));
    const { access, notes } = sportsSiteAccess(rows);
    const facilityText = facilities
      .map((f) => `${f.type}${f.areas > 1 ? ` (${f.areas})` : ""}${f.access ? `: ${ACCESS_WORDS[f.access] ?? f.access.toLowerCase()}` : ""}`)
      .join("; ");
    return {
      asset: {
        name,
        kind: sportsSiteKind(accessTypes),
        source_id: siteId,
        description: sentences(`Sports facilities: ${facilityText}`),
        address: joinAddress(street, town),
        postcode,
        locality: localityFromAddress(joinAddress(street, town), postcode) ?? town,
        lat: at?.lat ?? null,
        lng: at?.lng ?? null,
        categories: ["sports_facility", ...(facilities.some((f) => /swimming/i.test(f.type)) ? ["swimming"] : [])],
        access,
        access_notes: notes,
        cost: sportsSiteCost(accessTypes),
        ...contact(row, { phone: "telephone", email: "email", website: "website" }),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Families and care

export const trafford_childrens_centres: DatasetMapping = {
  source: "trafford_childrens_centres",
  title: "Children's centres in Trafford",
  file: "services/trafford/trafford_childrens_centres.csv",
  format: "csv",
  licence: OGL,
  attribution: "Contains public sector information from the Department for Education (Get Information about Schools) licensed under OGL v3.0.",
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2019-08-29",
  precision: "exact",
  map(row) {
    const base = place(row, { name: "name", address: "address", postcode: "postcode", lat: "lat", lng: "lon" });
    if (!base) return missingName();
    return {
      asset: {
        ...base,
        kind: "universal_service",
        source_id: cell(row, "unique_reference_number") ?? nameKey(base.name, base.postcode),
        description: "Children's centre: play sessions, health visitors and family support for children under five and their families.",
        categories: ["childrens_centre", "children_young_people"],
        age: { min: 0, max: 5 },
        cost: { free: true, details: null },
        ...contact(row, { phone: "telephone" }),
      },
    };
  },
};

export const trafford_care_homes: DatasetMapping = {
  source: "trafford_care_homes",
  title: "Care homes in Trafford (Care Quality Commission)",
  file: "services/trafford/trafford_care_homes.csv",
  format: "csv",
  licence: OGL,
  attribution: "Contains public sector information licensed under the Open Government Licence v3.0 (Care Quality Commission).",
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2026-02-25",
  precision: "exact",
  map(row) {
    const base = place(row, { name: "name", address: "address", postcode: "postcode", lat: "lat", lng: "lon" });
    if (!base) return missingName();
    const types = distinct((cell(row, "type") ?? "").split("|").map((t) => t.trim().toLowerCase().replace(/s$/, "")));
    const provider = cell(row, "provider");
    const inspected = cell(row, "inspection_date");
    return {
      asset: {
        ...base,
        kind: "targeted_service",
        source_id: cell(row, "cqc_id") ?? nameKey(base.name, base.postcode),
        description: sentences(
          types.length ? `Care home registered with the Care Quality Commission (${types.join(", ")})` : "Care home registered with the Care Quality Commission",
          provider && `Run by ${provider}`,
          inspected && `Last inspected ${inspected}`,
        ),
        organisation: provider ? { name: provider } : null,
        categories: ["care_home"],
        source_url: cell(row, "cqc_webpage"),
        ...contact(row, { phone: "telephone", website: "website" }),
      },
    };
  },
};
