// Every known dataset in ../shared/data, in the order the demo import loads them. Datasets
// placed from building footprints come after the others: their town names are taken from
// nearby assets that are already imported.
import path from "node:path";
import type { DatasetMapping } from "../types";
import {
  gm_dentists,
  gm_jobcentreplus,
  gm_libraries,
  gm_pharmacies,
  trafford_care_homes,
  trafford_childrens_centres,
  trafford_general_practices,
  trafford_leisure_centres,
  trafford_libraries,
  trafford_sports_facilities_active_places,
} from "./services";
import {
  gm_food_banks,
  trafford_charities,
  trafford_community_hubs,
  trafford_defibrillators,
  trafford_mental_health_services,
  trafford_places_of_worship,
  trafford_post_offices,
  trafford_sports_clubs,
} from "./community";
import { adur_public_toilets_lga_schema, norwich_places_with_toilet_tags_osm_2019, norwich_toilets_osm_2019 } from "./toilets";

export const KNOWN_DATASETS: DatasetMapping[] = [
  trafford_libraries,
  gm_libraries,
  trafford_general_practices,
  gm_pharmacies,
  gm_dentists,
  gm_jobcentreplus,
  trafford_leisure_centres,
  trafford_sports_facilities_active_places,
  trafford_childrens_centres,
  trafford_care_homes,
  trafford_community_hubs,
  gm_food_banks,
  trafford_charities,
  trafford_mental_health_services,
  trafford_sports_clubs,
  trafford_defibrillators,
  trafford_places_of_worship,
  trafford_post_offices,
  norwich_toilets_osm_2019,
  norwich_places_with_toilet_tags_osm_2019,
  adur_public_toilets_lga_schema,
];

/** Files in ../shared/data that are deliberately not imported, and why. */
export const NOT_IMPORTED: { file: string; reason: string }[] = [
  {
    file: "community/trafford/trafford_vcse_grants_360giving.csv",
    reason: "a list of council grants (360Giving), not a point dataset: recipients have no locations (11 postcodes in 555 rows)",
  },
  { file: "hsds/", reason: "HSDS (Open Referral UK) examples: synthetic fixtures placed nowhere real (latitude 100, a US address); import HSDS files with npm run import -- FILE --format hsds" },
];

/** The known mapping for a file, by its file name (e.g. any path ending in trafford_libraries.csv). */
export function mappingForFile(file: string): DatasetMapping | null {
  const base = path.basename(file);
  return KNOWN_DATASETS.find((m) => m.file && path.basename(m.file) === base) ?? null;
}

