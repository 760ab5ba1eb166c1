// Mappings for the toilet data in ../shared/data/toilets: OpenStreetMap toilets and places with
// toilets (Norwich, 2019) and the Adur council list in the LGA public-toilets schema.
import fs from "node:fs";
import path from "node:path";
import type { AccessFeature } from "../../../core/taxonomy";
import { readSourceFile } from "../read.server";
import { ODBL, OGL, OSM_LINE } from "../sources";
import { clean, cleanMultiline, joinAddress, nameKey, normalisePhone, normalisePostcode, normaliseWebsite, tidyTown, titleCase } from "../text";
import type { AssetDraft, DatasetMapping, MapOutcome, SourceRow } from "../types";
import { cell, distinct, hoursFromOsm, sentences, yesNo } from "./common";

const AKIND_CITY = "https://github.com/robinkeith/AKindCity6";

function osmAddress(row: SourceRow): Pick<AssetDraft, "address" | "postcode" | "locality"> {
  const v = row.values;
  const street = joinAddress([clean(v["addr:housenumber"]), clean(v["addr:street"])].filter(Boolean).join(" "));
  return {
    address: joinAddress(v["addr:housename"], street, v["addr:city"]),
    postcode: normalisePostcode(v["addr:postcode"]),
    locality: tidyTown(clean(v["addr:city"])),
  };
}

/** OSM access tag → words for people. */
function osmAccessWords(access: string | null): string | null {
  switch (access) {
    case "customers":
      return "For customers";
    case "permissive":
    case "yes":
    case "public":
      return "Open to the public";
    case "private":
    case "no":
      return "Not open to the public";
    default:
      return null;
  }
}

function babyChange(row: SourceRow): boolean {
  const table = clean(row.values.changing_table);
  const diaper = clean(row.values.diaper);
  return (table !== null && table !== "no" && table !== "adult") || (diaper !== null && diaper !== "no");
}

/** The Changing Places equipment described in an OSM `wheelchair:description`. */
export function changingPlacesFromOsm(row: SourceRow, openingHours: string | null) {
  const text = clean(row.values["wheelchair:description"]) ?? "";
  const hoist = /hoist\s*-\s*ceiling|ceiling (track )?hoist/i.test(text) ? "ceiling_track" : /mobile hoist|hoist\s*-\s*mobile/i.test(text) ? "mobile" : null;
  return {
    hoist: hoist as "ceiling_track" | "mobile" | null,
    adult_bench: /adult sized|adult-sized|bench/i.test(text) ? true : null,
    peninsular_wc: /peninsular/i.test(text) ? true : null,
    radar_key: clean(row.values.centralkey) ? true : null,
    opening_hours: openingHours,
    notes: text || null,
  };
}

export const norwich_toilets_osm_2019: DatasetMapping = {
  source: "norwich_toilets_osm_2019",
  title: "Public toilets in Norwich (OpenStreetMap, 2019)",
  file: "toilets/norwich_toilets_osm_2019.geojson",
  format: "geojson",
  licence: ODBL,
  attribution: OSM_LINE,
  url: AKIND_CITY,
  verifiedAt: "2019-08-02",
  precision: "exact",
  map(row) {
    const osmId = cell(row, "osm_id") ?? cell(row, "id");
    if (!osmId) return { reject: "the osm_id is missing" };
    const v = row.values;
    const isChangingPlaces = clean(v.changing_table) === "adult";
    const wheelchair = clean(v.wheelchair);
    const access: AccessFeature[] = [];
    if (wheelchair === "yes") access.push("accessible_toilet", "step_free");
    if (isChangingPlaces) access.push("changing_places", "accessible_toilet");
    const hours = hoursFromOsm(clean(v.opening_hours));
    const fee = clean(v.fee);
    const radar = clean(v.centralkey);
    const operator = clean(v.operator);
    return {
      asset: {
        name: clean(v.name) ?? (isChangingPlaces ? "Changing Places toilet" : "Public toilet"),
        kind: isChangingPlaces ? "changing_places_toilet" : "universal_service",
        source_id: osmId,
        description: sentences(
          isChangingPlaces ? "Changing Places toilet with an adult-sized changing bench" : "Public toilet",
          osmAccessWords(clean(v.access)),
          operator && `Run by ${operator}`,
          cleanMultiline(v.description),
          clean(v.note),
          babyChange(row) && "Baby change available",
          clean(v["changing_table:description"]),
          wheelchair === "limited" && "Limited wheelchair access",
        ),
        ...osmAddress(row),
        categories: isChangingPlaces ? ["changing_places", "public_toilet"] : ["public_toilet"],
        access: distinct(access),
        access_notes:
          sentences(
            radar && "The accessible toilet needs a RADAR key (National Key Scheme)",
            clean(v["wheelchair:description"]),
          ) || null,
        changing_places: isChangingPlaces ? changingPlacesFromOsm(row, hours.opening_hours) : null,
        cost: { free: fee === "no" ? true : fee === "yes" ? false : null, details: fee === "yes" ? "There is a charge" : null },
        phone: normalisePhone(v["contact:phone"]),
        ...hours,
      },
    };
  },
};

const PLACE_WORDS: Record<string, string> = {
  library: "Library",
  parking: "Car park",
  cafe: "Café",
  fast_food: "Fast-food restaurant",
  restaurant: "Restaurant",
  pub: "Pub",
  bar: "Bar",
  cinema: "Cinema",
  pharmacy: "Pharmacy",
  toilets: "Toilets",
};

function placeWord(row: SourceRow): string {
  const v = row.values;
  const amenity = clean(v.amenity);
  if (amenity && PLACE_WORDS[amenity]) return PLACE_WORDS[amenity];
  if (clean(v.railway) === "station") return "Railway station";
  if (clean(v.shop)) return "Shop";
  return "Place";
}

const NORWICH_TOILETS_FROM_PLACES = "norwich_toilets_osm_2019.geojson";

export const norwich_places_with_toilet_tags_osm_2019: DatasetMapping = {
  source: "norwich_places_with_toilet_tags_osm_2019",
  title: "Places with toilets you can use in Norwich (OpenStreetMap, 2019)",
  file: "toilets/norwich_places_with_toilet_tags_osm_2019.geojson",
  format: "geojson",
  licence: ODBL,
  attribution: OSM_LINE,
  url: AKIND_CITY,
  verifiedAt: "2019-08-02",
  precision: "exact",
  /** Toilets also in the toilets file (same OSM id) are left to that file. */
  prepare(rows, env) {
    const toiletsFile = path.resolve(path.dirname(env.file), NORWICH_TOILETS_FROM_PLACES);
    if (!fs.existsSync(toiletsFile)) return rows;
    const ids = new Set(readSourceFile(toiletsFile, "geojson").rows.map((r) => r.values.osm_id));
    for (const row of rows) if (ids.has(row.values.osm_id)) row.skip = "already listed from norwich_toilets_osm_2019";
    return rows;
  },
  map(row) {
    const osmId = cell(row, "osm_id") ?? cell(row, "id");
    if (!osmId) return { reject: "the osm_id is missing" };
    const v = row.values;
    const what = placeWord(row);
    const isToilet = clean(v.amenity) === "toilets";
    const toiletsWheelchair = clean(v["toilets:wheelchair"]);
    const access: AccessFeature[] = [];
    if (toiletsWheelchair === "yes" || clean(v["toilets:disabled"]) === "yes") access.push("accessible_toilet");
    if (clean(v.wheelchair) === "yes") access.push("step_free");
    const toiletAccess = clean(v["toilets:access"]) ?? clean(v.toilets);
    const notes = [
      toiletsWheelchair && !["yes", "no"].includes(toiletsWheelchair) ? `Accessible toilet: ${toiletsWheelchair}` : null,
      toiletsWheelchair === "no" ? "The toilets are not wheelchair accessible" : null,
      clean(v["wheelchair:description"]),
      clean(v["wheelchair:note"]),
    ];
    return {
      asset: {
        name: clean(v.name) ?? (isToilet ? "Public toilet" : `${what} with toilets`),
        kind: "universal_service",
        source_id: osmId,
        description: sentences(
          isToilet ? "Toilets" : `${what} with toilets you can use`,
          toiletAccess === "customers" || toiletAccess === "customer" ? "The toilets are for customers" : osmAccessWords(clean(v.access)),
          babyChange(row) && "Baby change available",
        ),
        ...osmAddress(row),
        categories: [isToilet ? "public_toilet" : "toilets_available"],
        access: distinct(access),
        access_notes: sentences(...notes) || null,
        cost: isToilet ? { free: clean(v.fee) === "no" ? true : null, details: null } : undefined,
        phone: normalisePhone(v.phone ?? v["contact:phone"]),
        website: normaliseWebsite(v.website),
        ...hoursFromOsm(clean(v.opening_hours)),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Adur (LGA public toilets schema)

/** "S = 09:00 - 21:00 W = 09:00 - 17:00" → summer and winter hours in words; a bare range → daily OSM. */
export function lgaToiletHours(text: string | null): { opening_hours: string | null; opening_hours_text: string | null } {
  if (!text) return { opening_hours: null, opening_hours_text: null };
  const bare = /^(\d{1,2})[.:](\d{2})\s*-\s*(\d{1,2})[.:](\d{2})$/.exec(text.trim());
  if (bare) {
    const value = `${bare[1].padStart(2, "0")}:${bare[2]}-${bare[3].padStart(2, "0")}:${bare[4]}`;
    return { opening_hours: value, opening_hours_text: text };
  }
  const seasons = /^S\s*=\s*([\d.: -]+?)\s*W\s*=\s*([\d.: -]+)$/i.exec(text.trim());
  if (seasons) return { opening_hours: null, opening_hours_text: `Summer ${seasons[1].replace(/\s+/g, "")}; winter ${seasons[2].replace(/\s+/g, "")}` };
  return { opening_hours: null, opening_hours_text: text };
}

const ADUR_TOWNS = ["SHOREHAM-BY-SEA", "LANCING", "SOUTHWICK", "SOMPTING"];

/** "PUBLIC CONVENIENCES YEW TREE CLOSE LANCING" → {name: "Public toilets, Yew Tree Close", town: "Lancing"}. */
export function lgaToiletName(location: string): { name: string; town: string | null } {
  let text = location.trim().toUpperCase();
  let town: string | null = null;
  for (const t of ADUR_TOWNS) {
    if (text.endsWith(` ${t}`)) {
      town = titleCase(t);
      text = text.slice(0, -t.length - 1);
      break;
    }
  }
  const place = text.replace(/\bPUBLIC CONVENIENCES?\b|\bTOILETS\b/g, " ").replace(/\s+/g, " ").trim();
  return { name: place ? `Public toilets, ${titleCase(place)}` : "Public toilets", town };
}

export const adur_public_toilets_lga_schema: DatasetMapping = {
  source: "adur_public_toilets_lga_schema",
  title: "Public toilets in Adur (Adur District Council, 2014)",
  file: "toilets/adur_public_toilets_lga_schema.csv",
  format: "csv",
  licence: OGL,
  attribution: "Contains public sector information licensed under the Open Government Licence v3.0 — Adur District Council, Public Toilets (extract 07/07/2014).",
  url: "https://github.com/jqnatividad/qsv",
  verifiedAt: "2014-07-07",
  precision: "exact",
  map(row): MapOutcome {
    const v = row.values;
    const location = cell(row, "StreetAddress") ?? cell(row, "LocationText");
    if (!location) return { reject: "the location (StreetAddress or LocationText) is missing" };
    const notes = cell(row, "Notes");
    if (notes && /not public/i.test(notes)) return { skip: `not open to the public (${notes})` };
    const { name, town } = lgaToiletName(location);
    const accessible = clean(v.AccessibleCategory);
    const hasAccessible = accessible !== null && !/^none$/i.test(accessible);
    const changingPlace = yesNo(v.ChangingPlace) === true;
    const radar = yesNo(v.RADARKeyNeeded) === true;
    const charge = cell(row, "ChargeAmount");
    const lat = Number(clean(v.latitude));
    const lng = Number(clean(v.longitude));
    const access: AccessFeature[] = [];
    if (hasAccessible) access.push("accessible_toilet");
    if (changingPlace) access.push("changing_places");
    return {
      asset: {
        name,
        kind: "universal_service",
        source_id: cell(row, "UPRN") ?? nameKey(location),
        description: sentences(
          "Public toilets run by the council",
          cell(row, "Category") && `Toilets: ${cell(row, "Category")!.toLowerCase()}`,
          hasAccessible && `Accessible toilet (${accessible!.toLowerCase()})`,
          yesNo(v.BabyChange) && "Baby change available",
          yesNo(v.FamilyToilet) && "Family toilet",
          notes,
          cell(row, "ReportTel") && `To report a problem call ${cell(row, "ReportTel")}`,
        ),
        address: titleCase(location),
        postcode: normalisePostcode(v.Postcode),
        locality: town,
        lat: Number.isFinite(lat) && clean(v.latitude) ? lat : null,
        lng: Number.isFinite(lng) && clean(v.longitude) ? lng : null,
        categories: changingPlace ? ["public_toilet", "changing_places"] : ["public_toilet"],
        access,
        access_notes: hasAccessible && radar ? "The accessible toilet needs a RADAR key (National Key Scheme)." : null,
        changing_places: changingPlace ? { radar_key: radar, notes: "Listed by the council as a Changing Places toilet." } : null,
        cost: charge ? { free: /^(0|0\.00|£0|free)$/i.test(charge), details: charge } : { free: null, details: null },
        website: normaliseWebsite(v.InfoURL),
        ...lgaToiletHours(cell(row, "OpeningHours")),
      },
    };
  },
};
