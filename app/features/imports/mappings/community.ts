// Mappings for the community data in ../shared/data/community: hubs, food banks, charities,
// mental-health services, sports clubs, defibrillators and places of worship.
import { OGL, TRAFFORD_COUNCIL_OPEN_DATA, TRAFFORD_OPEN_DATA, oglAttribution, withPostcodeLine } from "../sources";
import { englishToOsm } from "../../../core/hours";
import {
  ageFromText,
  categoriesFromText,
  clean,
  cleanMultiline,
  isoDate,
  joinAddress,
  localityFromAddress,
  nameKey,
  normaliseEmail,
  normalisePhone,
  normalisePostcode,
  normaliseWebsite,
  priceSentence,
  titleCase,
  truncate,
} from "../text";
import type { DatasetMapping, MapOutcome, SourceRow } from "../types";
import { cell, coordsFrom, distinct, hoursFromEnglish, sentences } from "./common";

function missingName(): MapOutcome {
  return { reject: "the name is missing" };
}

// ---------------------------------------------------------------------------------------------
// Community hubs

export const trafford_community_hubs: DatasetMapping = {
  source: "trafford_community_hubs",
  title: "Community Response Hubs in Trafford",
  file: "community/trafford/trafford_community_hubs.csv",
  format: "csv",
  licence: OGL,
  attribution: oglAttribution("Trafford Council (OGL v3.0)."),
  url: TRAFFORD_COUNCIL_OPEN_DATA,
  verifiedAt: "2024-02-02",
  precision: "exact",
  map(row) {
    const area = cell(row, "community_hub");
    if (!area) return missingName();
    const address = cell(row, "address");
    const postcode = normalisePostcode(row.values.postcode);
    const at = coordsFrom(row, "lat", "lon");
    const venue = address?.split(",")[0]?.trim() ?? null;
    return {
      asset: {
        name: `${area} Community Hub`,
        kind: "community_group",
        source_id: nameKey(area, postcode),
        description: sentences(
          `One of Trafford's Community Response Hubs, for the ${area} area`,
          venue && `Based at ${venue}`,
          "Ask here for help and for what is on locally",
        ),
        address,
        postcode,
        locality: localityFromAddress(address, postcode),
        lat: at?.lat ?? null,
        lng: at?.lng ?? null,
        categories: ["community_hub"],
        cost: { free: true, details: null },
        phone: normalisePhone(row.values.telephone),
        email: normaliseEmail(row.values.email),
        website: normaliseWebsite(row.values.website),
        ...hoursFromEnglish(cell(row, "opening_hours")),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Food banks

/** An email and a phone number found in one "Contact" cell. */
export function splitContact(text: string | null): { email: string | null; phone: string | null } {
  if (!text) return { email: null, phone: null };
  const email = /[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+/.exec(text)?.[0] ?? null;
  const phone = /(?:\+44\s?|0)\d[\d\s]{8,12}\d/.exec(text)?.[0].replace(/\s+/g, " ").trim() ?? null;
  return { email: normaliseEmail(email), phone };
}

/** Hours from text that may also hold other words; only clearly readable hours become OSM. */
function foodBankHours(text: string | null): { opening_hours: string | null; opening_hours_text: string | null } {
  if (!text || /^(not known|not relevant|na)$/i.test(text)) return { opening_hours: null, opening_hours_text: null };
  return { opening_hours: englishToOsm(text), opening_hours_text: text };
}

/** Referral text that says the food costs something (a membership, "£2.50 for £10 of food"). */
const PAID = /membership|become a member|\bjoin\b|£\s?[\d.]+\s+(for|per|a|each)\b/i;

export const gm_food_banks: DatasetMapping = {
  source: "gm_food_banks",
  title: "Food banks, pantries and food clubs in Greater Manchester",
  file: "community/greater_manchester/gm_food_banks.csv",
  format: "csv",
  licence: OGL,
  attribution: withPostcodeLine(oglAttribution("GM Poverty Action, published by Trafford Data Lab under OGL v3.0.")),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2018-01-01",
  precision: "postcode_unit",
  postcodeCentroids: { postcode: "Postcode", lat: "latitude", lng: "longitude" },
  map(row) {
    const name = cell(row, "Name");
    if (!name) return missingName();
    const address = cell(row, "Address");
    const postcode = normalisePostcode(row.values.Postcode);
    const at = coordsFrom(row, "latitude", "longitude");
    const referral = cleanMultiline(row.values["Referral method"]);
    const closed = referral !== null && /no longer open/i.test(referral);
    const paid = referral !== null && PAID.test(referral);
    const { email, phone } = splitContact(cell(row, "Contact"));
    return {
      asset: {
        name: name.replace(/\s+$/, ""),
        kind: "community_group",
        source_id: nameKey(name, postcode),
        description: sentences(
          /pantry/i.test(name) ? "Food pantry" : /club/i.test(name) ? "Food club" : "Food bank",
          referral && `How to get help: ${referral}`,
        ),
        address,
        postcode,
        locality: localityFromAddress(address, postcode),
        lat: at?.lat ?? null,
        lng: at?.lng ?? null,
        categories: ["food_bank"],
        cost: { free: paid ? false : referral ? true : null, details: paid && referral ? truncate(referral, 1000) : null },
        phone,
        email,
        website: normaliseWebsite(row.values.Website),
        status: closed ? "archived" : "active",
        ...foodBankHours(cleanMultiline(row.values["Opening times"])),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Charities

const CHARITY_TYPES: Record<string, string> = {
  "Charitable company": "a charitable company",
  CIO: "a charitable incorporated organisation (CIO)",
  Trust: "a charitable trust",
};

export const trafford_charities: DatasetMapping = {
  source: "trafford_charities",
  title: "Registered charities operating in Trafford (Charity Commission)",
  file: "community/trafford/trafford_charities.csv",
  format: "csv",
  licence: OGL,
  attribution: withPostcodeLine(
    "Contains public sector information from the Charity Commission for England and Wales licensed under OGL v3.0.",
  ),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2023-04-04",
  precision: "postcode_unit",
  postcodeCentroids: { postcode: "charity_contact_postcode", lat: "latitude", lng: "longitude" },
  map(row) {
    const number = cell(row, "registered_charity_number");
    const rawName = cell(row, "charity_name");
    if (!rawName) return missingName();
    const name = titleCase(rawName).replace(/\s+\)/g, ")");
    const activities = cleanMultiline(row.values.charity_activities);
    const address = cell(row, "charity_contact_address");
    const postcode = normalisePostcode(row.values.charity_contact_postcode);
    const at = coordsFrom(row, "latitude", "longitude");
    const company = cell(row, "charity_company_registration_number");
    const type = CHARITY_TYPES[cell(row, "charity_type") ?? ""];
    const website = normaliseWebsite(row.values.charity_contact_web);
    const email = normaliseEmail(row.values.charity_contact_email);
    const phone = normalisePhone(row.values.charity_contact_phone);
    return {
      asset: {
        name,
        kind: "community_group",
        source_id: number ?? nameKey(name, postcode),
        summary: activities ? truncate(activities.replace(/\s+/g, " "), 300) : `Registered charity${number ? ` number ${number}` : ""}, working in Trafford.`,
        description: sentences(
          activities,
          `Registered charity${number ? ` number ${number}` : ""}${type ? `, ${type}` : ""}, whose area of operation includes Trafford`,
          "The address is the charity's contact address, which may not be where it works",
        ),
        organisation: {
          name,
          source_id: number ? `charity:${number}` : null,
          description: activities,
          charity_number: number,
          company_number: company,
          website,
          email,
          phone,
        },
        address,
        postcode,
        locality: localityFromAddress(address, postcode),
        lat: at?.lat ?? null,
        lng: at?.lng ?? null,
        categories: distinct(["charity", ...categoriesFromText(`${name} ${activities ?? ""}`)]),
        age: ageFromText(activities) ?? undefined,
        website,
        email,
        phone,
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Mental health services

const CLINICAL =
  /\bNHS\b|therap|counsell|psycholog|psychiatr|clinic|advocat|Mental Health Act|cognitive behavioural|\bpatients\b|registered with a GP|care and support services|support services for adults/i;

/** NHS or clinical services are specialist (targeted); charities, groups and drop-ins are community. */
export function mentalHealthKind(name: string, description: string | null): "targeted_service" | "community_group" {
  return CLINICAL.test(`${name} ${description ?? ""}`) ? "targeted_service" : "community_group";
}

/** "Meets on Tuesdays 7-9pm" → "Tu 19:00-21:00" when a description names a weekly time. */
export function weeklyTimeFromText(text: string | null): string | null {
  if (!text || /alternate|every other|month|fortnight|third|first|last|term/i.test(text)) return null;
  const m =
    /((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*s?(?:\s*(?:,|and|&|-|to)\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*s?)*)\s*,?\s*(?:from\s*)?(\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)?\s*(?:-|–|to)\s*\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|noon|12noon)?)/i.exec(
      text,
    );
  return m ? englishToOsm(`${m[1]} ${m[2]}`) : null;
}

export const trafford_mental_health_services: DatasetMapping = {
  source: "trafford_mental_health_services",
  title: "Mental health support for Trafford residents",
  file: "community/trafford/trafford_mental_health_services.csv",
  format: "csv",
  licence: OGL,
  attribution: withPostcodeLine(oglAttribution("Trafford Council (OGL v3.0).")),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2018-07-01",
  precision: "postcode_unit",
  postcodeCentroids: { postcode: "postcode", lat: "latitude", lng: "longitude" },
  map(row) {
    const name = cell(row, "name");
    if (!name) return missingName();
    const description = cleanMultiline(row.values.description);
    const address = cell(row, "address");
    const postcode = normalisePostcode(row.values.postcode);
    const at = coordsFrom(row, "latitude", "longitude");
    const price = priceSentence(description);
    const weekly = weeklyTimeFromText(description);
    return {
      asset: {
        name,
        kind: mentalHealthKind(name, description),
        source_id: nameKey(name, postcode ?? cell(row, "postcode")),
        description: description ?? "",
        address,
        postcode,
        locality: localityFromAddress(address, postcode),
        lat: at?.lat ?? null,
        lng: at?.lng ?? null,
        categories: distinct(["mental_health", ...categoriesFromText(description).filter((c) => c !== "sport_leisure")]),
        age: ageFromText(description) ?? undefined,
        cost: price ? { free: false, details: price } : undefined,
        opening_hours: weekly,
        phone: normalisePhone(row.values.telephone),
        website: normaliseWebsite(row.values.website),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Sports clubs

/** Extra categories for a club's sport ("Football" → football, "Bowling, Tennis" → bowling). */
export function sportCategories(category: string | null): string[] {
  const out: string[] = [];
  for (const sport of (category ?? "").split(/,|\//).map((s) => s.trim().toLowerCase())) {
    if (/football/.test(sport)) out.push("football");
    if (/bowl/.test(sport)) out.push("bowling");
    if (/swim/.test(sport)) out.push("swimming");
  }
  return distinct(out);
}

export const trafford_sports_clubs: DatasetMapping = {
  source: "trafford_sports_clubs",
  title: "Community sports clubs in Trafford",
  file: "community/trafford/trafford_sports_clubs.csv",
  format: "csv",
  licence: OGL,
  attribution: withPostcodeLine(oglAttribution("Trafford Council (OGL v3.0).")),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2018-07-01",
  precision: "postcode_unit",
  postcodeCentroids: { postcode: "postcode", lat: "latitude", lng: "longitude" },
  map(row) {
    const name = cell(row, "name");
    if (!name) return missingName();
    const sport = cell(row, "category");
    const address = cell(row, "address");
    const postcode = normalisePostcode(row.values.postcode);
    const at = coordsFrom(row, "latitude", "longitude");
    return {
      asset: {
        name,
        kind: "community_group",
        source_id: nameKey(name, postcode),
        description: sport ? `Community sports club: ${sport.toLowerCase()}.` : "Community sports club.",
        address,
        postcode,
        locality: localityFromAddress(address, postcode),
        lat: at?.lat ?? null,
        lng: at?.lng ?? null,
        categories: ["sports_club", ...sportCategories(sport)],
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Defibrillators

export const trafford_defibrillators: DatasetMapping = {
  source: "trafford_defibrillators",
  title: "Community defibrillators in Trafford",
  file: "community/trafford/trafford_defibrillators.csv",
  format: "csv",
  licence: OGL,
  attribution: oglAttribution("Trafford Council (OGL v3.0); sources: Councillor Butt's Mayoral Charity, Hand on Heart, crowd-sourcing."),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: "2017-01-01",
  // SOURCES.md: "locations are postcode-derived".
  precision: "postcode_unit",
  map(row) {
    const name = cell(row, "Location");
    if (!name) return missingName();
    const postcode = normalisePostcode(row.values.Postcode);
    const address = joinAddress(row.values.Address1, row.values.Address2, row.values.Address3);
    const at = coordsFrom(row, "Latitude", "Longitude");
    const notes = cell(row, "Notes");
    return {
      asset: {
        name,
        kind: "universal_service",
        source_id: nameKey(name, postcode),
        summary: `Defibrillator (AED) at ${name}.`,
        description: sentences(
          `Defibrillator (AED) at ${name}`,
          "In an emergency call 999: the call handler will tell you where the nearest defibrillator is and how to open its cabinet",
          notes,
        ),
        address,
        postcode,
        locality: localityFromAddress(address, postcode),
        lat: at?.lat ?? null,
        lng: at?.lng ?? null,
        categories: ["defibrillator"],
        cost: { free: true, details: null },
        verified_at: isoDate(row.values.date_modified) ?? undefined,
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Places of worship and post offices (building footprints)

function buildingTown(row: SourceRow, source: string, env: Parameters<DatasetMapping["map"]>[1]): string | null {
  return row.geometry ? env.nearestLocality(row.geometry.lat, row.geometry.lng, source) : null;
}

export const trafford_places_of_worship: DatasetMapping = {
  source: "trafford_places_of_worship",
  title: "Places of worship in Trafford",
  file: "community/trafford/trafford_places_of_worship.geojson",
  format: "geojson",
  licence: OGL,
  attribution: oglAttribution("Contains OS data © Crown copyright and database right 2018 (OS OpenMap – Local), amended by Trafford Council."),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: null,
  precision: "building",
  map(row, env) {
    const id = cell(row, "ID");
    if (!id) return { reject: "the ID is missing" };
    const name = cell(row, "DISTNAME");
    return {
      asset: {
        name: name ?? "Place of worship",
        kind: "place",
        source_id: id,
        description: "Place of worship. Many also host community groups, lunches and activities: ask locally.",
        locality: buildingTown(row, "trafford_places_of_worship", env),
        categories: ["place_of_worship"],
      },
    };
  },
};

export const trafford_post_offices: DatasetMapping = {
  source: "trafford_post_offices",
  title: "Post offices in Trafford",
  file: "services/trafford/trafford_post_offices.geojson",
  format: "geojson",
  licence: OGL,
  attribution: oglAttribution("Contains OS data © Crown copyright and database right 2018 (OS OpenMap – Local)."),
  url: TRAFFORD_OPEN_DATA,
  verifiedAt: null,
  precision: "building",
  map(row, env) {
    const id = cell(row, "ID");
    if (!id) return { reject: "the ID is missing" };
    const given = cell(row, "DISTNAME");
    const town = buildingTown(row, "trafford_post_offices", env);
    return {
      asset: {
        name: given ?? (town ? `Post Office, ${town}` : "Post Office"),
        kind: "universal_service",
        source_id: id,
        description: "Post office: post, parcels, bill payments and everyday banking. The building is from 2018 mapping; check it is still open.",
        locality: town,
        categories: ["post_office"],
      },
    };
  },
};

