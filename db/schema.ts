// Kysely table types. The database is the source of truth; search tables are derived.
import type { Generated } from "kysely";

export interface OrganisationsTable {
  id: string;
  name: string;
  description: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  charity_number: string | null;
  company_number: string | null;
  source: string;
  source_id: string;
  created_at: string;
  updated_at: string;
}

export interface AssetsTable {
  seq: Generated<number>;
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
  /** exact | building | postcode_unit | postcode_district */
  location_precision: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  /** OSM opening_hours syntax, validated on write. */
  opening_hours: string | null;
  /** The hours as the source wrote them, shown when they could not be read. */
  opening_hours_text: string | null;
  /** 1 free, 0 costs money, null unknown. */
  is_free: number | null;
  cost_text: string | null;
  min_age: number | null;
  max_age: number | null;
  time_credits_earn: string | null;
  time_credits_spend: string | null;
  how_to_get_there: string | null;
  access_notes: string | null;
  is_example: number;
  /** active | archived */
  status: string;
  source: string;
  source_id: string;
  source_url: string | null;
  licence: string;
  attribution: string;
  verified_at: string | null;
  review_due: string | null;
  version: number;
  content_hash: string;
  created_at: string;
  updated_at: string;
}

export interface AssetCategoriesTable {
  asset_id: string;
  category: string;
  /** 1 when given on the record, 0 for a parent added for roll-up. */
  direct: number;
}

export interface AssetAccessTable {
  asset_id: string;
  feature: string;
}

export interface ChangingPlacesTable {
  asset_id: string;
  /** ceiling_track | mobile | none | null (not known) */
  hoist: string | null;
  adult_bench: number | null;
  room_size_m2: number | null;
  peninsular_wc: number | null;
  radar_key: number | null;
  opening_hours: string | null;
  notes: string | null;
}

export interface CategoriesTable {
  code: string;
  label: string;
  parent: string | null;
}

export interface AccessFeaturesTable {
  code: string;
  label: string;
}

export interface PostcodesTable {
  postcode: string;
  outcode: string;
  lat: number;
  lng: number;
  /** unit | district */
  precision: string;
  admin_district: string | null;
}

export interface PlacesTable {
  key: string;
  name: string;
  lat: number;
  lng: number;
  asset_count: number;
}

export interface DatasetsTable {
  source: string;
  title: string;
  licence: string;
  attribution: string;
  url: string | null;
  imported_at: string;
  row_count: number;
}

export interface Database {
  organisations: OrganisationsTable;
  assets: AssetsTable;
  asset_categories: AssetCategoriesTable;
  asset_access: AssetAccessTable;
  changing_places: ChangingPlacesTable;
  categories: CategoriesTable;
  access_features: AccessFeaturesTable;
  postcodes: PostcodesTable;
  places: PlacesTable;
  datasets: DatasetsTable;
}
