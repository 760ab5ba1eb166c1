import { describe, expect, it } from "vitest";
import { assetInputSchema } from "../../app/core/asset";
import { isOpenAt, isValidHours } from "../../app/core/hours";
import type { Db } from "../../db/index";
import {
  gm_libraries,
  gm_pharmacies,
  groupBySite,
  leisureAccess,
  pharmacyHours,
  repairDailyHours,
  sportsSiteAccess,
  sportsSiteKind,
  trafford_care_homes,
  trafford_leisure_centres,
  trafford_sports_facilities_active_places,
} from "../../app/features/imports/mappings/services";
import {
  gm_food_banks,
  mentalHealthKind,
  splitContact,
  sportCategories,
  trafford_charities,
  trafford_post_offices,
  trafford_sports_clubs,
  weeklyTimeFromText,
} from "../../app/features/imports/mappings/community";
import { adur_public_toilets_lga_schema, lgaToiletHours, lgaToiletName, norwich_toilets_osm_2019 } from "../../app/features/imports/mappings/toilets";
import { categoryCodes, defaultMapping, guessColumns, parseMappingFile } from "../../app/features/imports/mappings/columns";
import { mappingForFile } from "../../app/features/imports/mappings/index";
import type { AssetDraft, MapOutcome, MappingEnv, SourceRow } from "../../app/features/imports/types";

const env: MappingEnv = { db: {} as Db, file: "/nowhere/file.csv", nearestLocality: () => "Sale" };

function row(values: Record<string, string>, extra: Partial<SourceRow> = {}): SourceRow {
  return { index: 1, values, ...extra };
}

function asset(outcome: MapOutcome): AssetDraft {
  if (!("asset" in outcome)) throw new Error(`expected an asset, got ${JSON.stringify(outcome)}`);
  return outcome.asset;
}

/** The draft with the dataset's fields, as the importer completes it, must pass the asset rules. */
function expectValid(draft: AssetDraft, source = "test") {
  const parsed = assetInputSchema.safeParse({ ...draft, source, licence: "OGL", attribution: "Test", lat: draft.lat ?? 53.42, lng: draft.lng ?? -2.32 });
  expect(parsed.success ? null : parsed.error.issues).toBeNull();
}

describe("known files", () => {
  it("are found by file name wherever they are", () => {
    expect(mappingForFile("/tmp/x/trafford_libraries.csv")?.source).toBe("trafford_libraries");
    expect(mappingForFile("gm_pharmacies.csv")?.source).toBe("gm_pharmacies");
    expect(mappingForFile("something_else.csv")).toBeNull();
  });
});

describe("libraries", () => {
  it("are universal services with a stable id from name and postcode", () => {
    const a = asset(
      gm_libraries.map(
        row({ name: "Sale Library", address: "Sale Waterside, Sale", postcode: "m33 7zf", type: "Local authority run library", email: "NA", website: "NA", lon: "-2.32", lat: "53.42" }),
        env,
      ),
    );
    expect(a.kind).toBe("universal_service");
    expect(a.categories).toEqual(["library"]);
    expect(a.source_id).toBe("sale-library|M337ZF");
    expect(a.postcode).toBe("M33 7ZF");
    expect(a.locality).toBe("Sale");
    expect(a.email).toBeNull();
    expectValid(a);
  });
});

describe("pharmacies", () => {
  const days = {
    opening_hours_monday: "08:30-13:00,14:00-17:30",
    opening_hours_tuesday: "08:30-13:00,14:00-17:30",
    opening_hours_wednesday: "08:30-13:00,14:00-17:30",
    opening_hours_thursday: "08:30-13:00,14:00-17:30",
    opening_hours_friday: "08:30-13:00,14:00-17:30",
    opening_hours_saturday: "09:00-12:30",
    opening_hours_sunday: "CLOSED",
  };

  it("turn the seven day columns into valid OSM hours that answer open now", () => {
    const h = pharmacyHours(row(days));
    expect(h.opening_hours).toBe("Mo-Fr 08:30-13:00,14:00-17:30; Sa 09:00-12:30; Su off");
    expect(isValidHours(h.opening_hours!)).toBe(true);
    expect(isOpenAt(h.opening_hours, new Date(2026, 0, 5, 10, 0))).toBe(true); // a Monday
    expect(isOpenAt(h.opening_hours, new Date(2026, 0, 5, 13, 30))).toBe(false);
    expect(isOpenAt(h.opening_hours, new Date(2026, 0, 4, 10, 0))).toBe(false); // a Sunday
  });

  it("repair a colon typed for a comma between two ranges", () => {
    expect(repairDailyHours("09:00-13:00:14:00-18:00")).toBe("09:00-13:00,14:00-18:00");
  });

  it("use the ODS code as the id", () => {
    const a = asset(gm_pharmacies.map(row({ ...days, pharmacy_name: "A1 Pharmacy", address: "491 Radcliffe Road, Darcy Lever, Bolton", postcode: "BL3 1SX", organisation_data_service_code: "FM664", latitude: "53.57", longitude: "-2.39" }), env));
    expect(a.source_id).toBe("FM664");
    expect(a.categories).toEqual(["pharmacy"]);
    expect(a.locality).toBe("Bolton");
    expectValid(a);
  });
});

describe("leisure centres", () => {
  const facilities =
    "a 25m swimming pool, a pool pod to improve accessibility, a wet village change, an inclusive changing places toilet and a spa.";

  it("read Changing Places, pool pods and sensory rooms from the facilities text", () => {
    expect(leisureAccess(facilities).access).toEqual(expect.arrayContaining(["changing_places", "step_free", "accessible_toilet"]));
    expect(leisureAccess("Badminton, Sensory Room, Swimming").access).toEqual(["quiet_space"]);
    expect(leisureAccess("Sports hall").access).toEqual([]);
  });

  it("give the centre a Changing Places record and hours from plain English", () => {
    const a = asset(
      trafford_leisure_centres.map(
        row({ name: "Move Altrincham", address: "Oakfield Road, Altrincham", postcode: "WA15 8EW", telephone: "01617492570", website: "https://twmove.co.uk/altrincham/", opening_hours: "Mon-Fri: 6:30am-10:00pm, Sat-Sun: 8:00am-6:00pm", facilities, managed_by: "Trafford Leisure CIC.", lon: "-2.3457", lat: "53.3883" }),
        env,
      ),
    );
    expect(a.kind).toBe("universal_service");
    expect(a.categories).toEqual(["leisure_centre", "swimming"]);
    expect(a.opening_hours).toBe("Mo-Fr 06:30-22:00; Sa,Su 08:00-18:00");
    expect(a.changing_places).toMatchObject({ adult_bench: true, opening_hours: "Mo-Fr 06:30-22:00; Sa,Su 08:00-18:00" });
    expect(a.description).toBe(facilities);
    expect(a.organisation).toEqual({ name: "Trafford Leisure CIC" });
    expectValid(a);
  });
});

describe("sports facilities (Active Places)", () => {
  const site = {
    site_id: "1",
    site_name: "Abbotsfield Park",
    street: "Lime Avenue",
    town: "Flixton",
    postcode: "M41 5DE",
    telephone: "0333 003 5865",
    email: "NA",
    website: "https://traffordleisure.co.uk/",
    disability_parking: "No",
    disability_finding_reaching_entrance: "Yes",
    disability_doorways: "Yes",
    disability_toilets: "Yes",
    disability_changing_facilities: "No",
    disability_notes: "Ramps.",
    lon: "-2.367",
    lat: "53.447",
  };

  it("merge the rows of one site into one asset listing every facility", () => {
    const rows = groupBySite([
      row({ ...site, facility_type: "Outdoor tennis courts", access_type: "Free Public Access", facility_areas_on_site: "3" }),
      row({ ...site, facility_type: "Swimming pools", access_type: "Pay and Play", facility_areas_on_site: "1" }),
      row({ ...site, site_id: "2", site_name: "Another", facility_type: "Grass pitches", access_type: "Private Use", facility_areas_on_site: "2" }),
    ]);
    expect(rows).toHaveLength(2);
    const a = asset(trafford_sports_facilities_active_places.map(rows[0], env));
    expect(a.kind).toBe("universal_service");
    expect(a.source_id).toBe("1");
    expect(a.description).toContain("Outdoor tennis courts (3): free public access");
    expect(a.description).toContain("Swimming pools: pay and play");
    expect(a.categories).toEqual(["sports_facility", "swimming"]);
    expect(a.access).toEqual(["accessible_toilet", "step_free"]);
    expect(a.access_notes).toBe("Ramps.");
    expect(a.locality).toBe("Flixton");
    expectValid(a);
    expect(asset(trafford_sports_facilities_active_places.map(rows[1], env)).kind).toBe("place");
  });

  it("are places when only private or club use", () => {
    expect(sportsSiteKind(["Private Use", "Sports Club / Community Association"])).toBe("place");
    expect(sportsSiteKind(["Sports Club / Community Association", "Pay and Play"])).toBe("universal_service");
  });

  it("map disability columns to access features", () => {
    const r = row({ disability_toilets: "Yes", disability_parking: "Yes", disability_finding_reaching_entrance: "Yes", disability_doorways: "No", disability_changing_facilities: "Yes", disability_notes: "Hoist" });
    expect(sportsSiteAccess([r])).toEqual({ access: ["accessible_toilet", "blue_badge_parking"], notes: "Hoist. Accessible changing facilities." });
  });
});

describe("care homes, clubs, charities, food banks", () => {
  it("care homes are targeted services run by their provider", () => {
    const a = asset(
      trafford_care_homes.map(
        row({ name: "Ascot House", cqc_id: "1-216385979", type: "Residential homes", address: "Ascot Ave,Sale,Manchester", postcode: "M33 4GT", telephone: "1619620996", website: "NA", provider: "Trafford Council", inspection_date: "2019-01-31", cqc_webpage: "https://www.cqc.org.uk/location/1-216385979", lon: "-2.355", lat: "53.417" }),
        env,
      ),
    );
    expect(a.kind).toBe("targeted_service");
    expect(a.organisation).toEqual({ name: "Trafford Council" });
    expect(a.source_id).toBe("1-216385979");
    expect(a.phone).toBe("01619620996");
    expect(a.locality).toBe("Sale");
    expectValid(a);
  });

  it("sports clubs are community groups with sport categories", () => {
    const a = asset(trafford_sports_clubs.map(row({ name: "Ashton Ladies Bowling Club", category: "Bowling, Tennis", address: "Glebelands Road, Sale", postcode: "M33 6LB", latitude: "", longitude: "" }), env));
    expect(a.kind).toBe("community_group");
    expect(a.categories).toEqual(["sports_club", "bowling"]);
    expect(a.lat).toBeNull(); // placed later by postcode
    expect(sportCategories("Gaelic Football")).toEqual(["football"]);
    expect(sportCategories("Swimming")).toEqual(["swimming"]);
  });

  it("charities get keyword categories, a title-case name and the charity as organisation", () => {
    const a = asset(
      trafford_charities.map(
        row({ registered_charity_number: "1234567", charity_company_registration_number: "NA", charity_name: "SALE YOUTH MUSIC TRUST", charity_type: "Trust", charity_activities: "Music lessons and choirs for children and young people, including disabled children.", charity_contact_address: "1 High Street, Sale", charity_contact_postcode: "M33 7XX", charity_contact_phone: "NA", charity_contact_email: "NA", charity_contact_web: "www.example.org", latitude: "53.42", longitude: "-2.32" }),
        env,
      ),
    );
    expect(a.name).toBe("Sale Youth Music Trust");
    expect(a.kind).toBe("community_group");
    expect(a.categories).toEqual(expect.arrayContaining(["charity", "arts_music", "children_young_people", "disability"]));
    expect(a.organisation).toMatchObject({ name: "Sale Youth Music Trust", charity_number: "1234567", company_number: null, website: "https://www.example.org" });
    expect(a.source_id).toBe("1234567");
    expectValid(a);
  });

  it("charities with no activities still read sensibly", () => {
    const a = asset(trafford_charities.map(row({ registered_charity_number: "210843", charity_name: "DUKINFIELD BAPTIST CHURCH", charity_activities: "NA", charity_contact_postcode: "SK6 1LB", latitude: "53.4", longitude: "-2.1" }), env));
    expect(a.summary).toBe("Registered charity number 210843, working in Trafford.");
    expect(a.description).not.toContain("NA");
    expectValid(a);
  });

  it("food banks keep the referral method and archive those no longer open", () => {
    const a = asset(gm_food_banks.map(row({ Name: "Trussell Trust", "Referral method": "Foodbank Voucher", "Opening times": "Tuesday - Friday 12noon - 2pm", Address: "The Well, Trafford Street, Farnworth, Bolton", Postcode: "BL4 7PQ", Contact: "info@example.org", Website: "http://example.org/", latitude: "53.55", longitude: "-2.39" }), env));
    expect(a.description).toBe("Food bank. How to get help: Foodbank Voucher.");
    expect(a.opening_hours).toBe("Tu-Fr 12:00-14:00");
    expect(a.cost).toEqual({ free: true, details: null });
    expect(a.email).toBe("info@example.org");
    expectValid(a);
    const pantry = asset(gm_food_banks.map(row({ Name: "New Bury UCAN Food Pantry", "Referral method": "£2.50 membership for £10 basket of food", "Opening times": "One morning per week", Address: "53 George St New Bury", Postcode: "BL4 9PU", latitude: "53.5", longitude: "-2.4" }), env));
    expect(pantry.cost).toMatchObject({ free: false });
    expect(pantry.opening_hours).toBeNull();
    expect(pantry.opening_hours_text).toBe("One morning per week");
    const closed = asset(gm_food_banks.map(row({ Name: "Old One", "Referral method": "We have been told that this foodbank is no longer open.", Postcode: "M1 1AA", latitude: "53.4", longitude: "-2.2" }), env));
    expect(closed.status).toBe("archived");
    expect(splitContact("01204 385 848")).toEqual({ email: null, phone: "01204 385 848" });
  });

  it("mental health services: clinical ones are targeted, peer groups are community", () => {
    expect(mentalHealthKind("Trafford Psychological Therapies", "Talking therapies for people aged 16 and over")).toBe("targeted_service");
    expect(mentalHealthKind("Chorlton Anxiety Group", "This drop-in group offers a sympathetic space. Meets on Tuesdays 7-9pm.")).toBe("community_group");
    expect(weeklyTimeFromText("Drop in group. Meets on Tuesdays 1.30-3.30pm.")).toBe("Tu 13:30-15:30");
    expect(weeklyTimeFromText("Last Monday of every month 10.30am-12noon.")).toBeNull();
  });

  it("post offices are named after the nearest town", () => {
    const a = asset(trafford_post_offices.map(row({ ID: "ABC", DISTNAME: "Unknown" }, { geometry: { lat: 53.42, lng: -2.32, precision: "building" } }), env));
    expect(a.name).toBe("Post Office, Sale");
    expect(a.kind).toBe("universal_service");
    expect(a.categories).toEqual(["post_office"]);
  });
});

describe("toilets", () => {
  it("OSM toilets: wheelchair, RADAR key, baby change, fee and unnamed", () => {
    const a = asset(norwich_toilets_osm_2019.map(row({ osm_id: "way/1", wheelchair: "yes", centralkey: "nks", changing_table: "limited", fee: "no", opening_hours: "Mo-Sa 07:30-16:30" }), env));
    expect(a.name).toBe("Public toilet");
    expect(a.kind).toBe("universal_service");
    expect(a.access).toEqual(expect.arrayContaining(["accessible_toilet"]));
    expect(a.access_notes).toContain("RADAR key");
    expect(a.description).toContain("Baby change");
    expect(a.cost).toEqual({ free: true, details: null });
    expect(a.opening_hours).toBe("Mo-Sa 07:30-16:30");
    expectValid(a);
  });

  it("OSM toilets with an adult changing table are Changing Places toilets", () => {
    const a = asset(
      norwich_toilets_osm_2019.map(row({ osm_id: "node/2", name: "Changing Places, N&N Hospital", changing_table: "adult", wheelchair: "yes", "wheelchair:description": "Bench - Height Adjustable, Adult Sized, Wall Mounted. Hoist - Ceiling. Peninsular Toilet.", opening_hours: "24/7" }), env),
    );
    expect(a.kind).toBe("changing_places_toilet");
    expect(a.changing_places).toMatchObject({ hoist: "ceiling_track", adult_bench: true, peninsular_wc: true, opening_hours: "24/7" });
    expectValid(a);
  });

  it("invalid OSM hours are kept as text", () => {
    const a = asset(norwich_toilets_osm_2019.map(row({ osm_id: "node/3", opening_hours: "whenever the shop is open" }), env));
    expect(a.opening_hours).toBeNull();
    expect(a.opening_hours_text).toBe("whenever the shop is open");
  });

  it("LGA schema toilets: names, towns, RADAR key, hours and private ones skipped", () => {
    expect(lgaToiletName("PUBLIC CONVENIENCES YEW TREE CLOSE LANCING")).toEqual({ name: "Public toilets, Yew Tree Close", town: "Lancing" });
    expect(lgaToiletHours("09.00 - 17.00").opening_hours).toBe("09:00-17:00");
    expect(lgaToiletHours("S = 09:00 - 21:00 W = 09:00 - 17:00")).toEqual({ opening_hours: null, opening_hours_text: "Summer 09:00-21:00; winter 09:00-17:00" });
    const base = { StreetAddress: "PUBLIC CONVENIENCES BEACH GREEN SHOREHAM-BY-SEA", AccessibleCategory: "Unisex", RADARKeyNeeded: "Yes", ChangingPlace: "No", BabyChange: "No", ChargeAmount: "", OpeningHours: "", UPRN: "60009402", latitude: "50.83", longitude: "-0.27", Category: "Female and male" };
    const a = asset(adur_public_toilets_lga_schema.map(row(base), env));
    expect(a.access).toEqual(["accessible_toilet"]);
    expect(a.access_notes).toContain("RADAR key");
    expect(a.locality).toBe("Shoreham-by-Sea");
    expectValid(a);
    const cp = asset(adur_public_toilets_lga_schema.map(row({ ...base, ChangingPlace: "Yes" }), env));
    expect(cp.access).toContain("changing_places");
    expect(adur_public_toilets_lga_schema.map(row({ ...base, Notes: "Grounds staff only not public" }), env)).toHaveProperty("skip");
  });
});

describe("column mappings", () => {
  it("guess columns from common names", () => {
    expect(guessColumns(["Name", "latitude", "Longitude", "Post Code", "Opening Times"])).toEqual({
      name: "Name",
      lat: "latitude",
      lng: "Longitude",
      postcode: "Post Code",
      opening_hours: "Opening Times",
    });
  });

  it("refuse a default mapping without a kind, and say what to do", () => {
    const r = defaultMapping("/tmp/groups.csv", ["Name", "Postcode"], "csv", {});
    expect(r).toHaveProperty("problem");
    expect((r as { problem: string }).problem).toMatch(/--kind/);
    expect(defaultMapping("/tmp/groups.csv", ["Name", "Postcode"], "csv", { kind: "community_group" })).toHaveProperty("mapping");
  });

  it("check mapping files and explain problems", () => {
    expect(parseMappingFile({ source: "x", licence: "OGL", attribution: "Me", columns: { name: "Name" } })).toHaveProperty("mapping");
    const bad = parseMappingFile({ source: "x", columns: { nme: "Name" } });
    expect("problems" in bad && bad.problems.join("; ")).toMatch(/licence is required.*"nme" is not a field/);
  });

  it("read category codes and labels", () => {
    expect(categoryCodes("Library; Food bank or pantry|sports_club")).toEqual(["library", "food_bank", "sports_club"]);
  });
});
