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

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  /** member | connector | admin */
  role: string;
  area_postcode: string | null;
  area_lat: number | null;
  area_lng: number | null;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  user_agent: string | null;
}

/** At most one row per user with used_at NULL (the live link: index password_resets_one_live). */
export interface PasswordResetsTable {
  /** SHA-256 of the emailed token. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationsTable {
  id: string;
  email: string;
  role: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface AssetRevisionsTable {
  id: Generated<number>;
  asset_id: string;
  version: number;
  user_id: string | null;
  action: string;
  /** JSON [{field, old, new}] */
  changes: string;
  /** JSON of the whole record after the change. */
  snapshot: string;
  note: string | null;
  created_at: string;
}

export interface SuggestionsTable {
  id: string;
  asset_id: string | null;
  payload: string;
  message: string | null;
  contact_email: string | null;
  submitted_by: string | null;
  /** pending | approved | rejected */
  status: string;
  reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  created_at: string;
}

export interface ImportMappingsTable {
  id: string;
  name: string;
  owner_id: string | null;
  mapping: string;
  created_at: string;
  updated_at: string;
}

export interface ImportUploadsTable {
  id: string;
  user_id: string;
  filename: string;
  format: string;
  content: Buffer;
  created_at: string;
}

export interface ImportRunsTable {
  id: string;
  upload_id: string;
  user_id: string | null;
  source: string;
  /** JSON: the column mapping used. */
  mapping: string;
  read_count: number;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  rejected_count: number;
  skipped_count: number;
  /** The rejected rows as CSV with a reason column; null when none. */
  rejects: Buffer | null;
  created_at: string;
}

export interface AssetPhotosTable {
  id: string;
  asset_id: string;
  mime: string;
  bytes: Buffer;
  /** What a screen reader says for the photo. */
  alt: string;
  added_by: string | null;
  created_at: string;
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
  users: UsersTable;
  asset_photos: AssetPhotosTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  invitations: InvitationsTable;
  asset_revisions: AssetRevisionsTable;
  suggestions: SuggestionsTable;
  import_mappings: ImportMappingsTable;
  import_uploads: ImportUploadsTable;
  import_runs: ImportRunsTable;
  budget_versions: BudgetVersionsTable;
  budgets: BudgetsTable;
  budget_events: BudgetEventsTable;
  profiles: ProfilesTable;
  profile_connectors: ProfileConnectorsTable;
  plans: PlansTable;
  plan_members: PlanMembersTable;
  plan_outcomes: PlanOutcomesTable;
  plan_items: PlanItemsTable;
  plan_events: PlanEventsTable;
}

// ------------------------------------------------------------------ budget calculator (020_budget)

export interface BudgetVersionsTable {
  id: string;
  questionnaire: string;
  number: number;
  /** draft | published (published rows cannot be updated or deleted: a trigger refuses) */
  status: string;
  /** JSON RasConfig */
  config: string;
  based_on: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  published_by: string | null;
  published_at: string | null;
}

export interface BudgetsTable {
  id: string;
  user_id: string;
  name: string;
  questionnaire: string;
  version_id: string;
  /** JSON EstimateInput */
  input: string;
  /** JSON Estimate, as saved */
  result: string;
  per_year_pence: number | null;
  /** JSON stream → holding */
  holding: string;
  created_at: string;
  updated_at: string;
}

export interface BudgetEventsTable {
  id: Generated<number>;
  budget_id: string | null;
  version_id: string | null;
  user_id: string | null;
  action: string;
  detail: string;
  created_at: string;
}

// ------------------------------------------------------------------ profiles and plans (010_profiles_plans)

export interface ProfilesTable {
  id: string;
  user_id: string;
  display_name: string;
  /** JSON, ProfileData (app/core/profile.ts). */
  data: string;
  lat: number | null;
  lng: number | null;
  consent_by: string | null;
  consent_at: string | null;
  consent_how: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProfileConnectorsTable {
  profile_id: string;
  connector_id: string;
  created_by: string | null;
  created_at: string;
}

export interface PlansTable {
  id: string;
  profile_id: string;
  title: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** The saved budget the plan is measured against (021_plan_costs). */
  budget_id: string | null;
}

export interface PlanMembersTable {
  id: string;
  plan_id: string;
  name: string;
  relationship: string | null;
  age: number | null;
  created_at: string;
}

export interface PlanOutcomesTable {
  id: string;
  plan_id: string;
  member_id: string | null;
  statement: string;
  domain: string;
  priority: number;
  created_at: string;
}

export interface PlanItemsTable {
  id: string;
  plan_id: string;
  outcome_id: string | null;
  /** Null: a line that is not a directory listing (022_plan_items_own_lines); asset_name names it. */
  asset_id: string | null;
  asset_name: string;
  who: string | null;
  when_text: string | null;
  cost_text: string | null;
  /** planned | tried | working | not_working */
  status: string;
  added_by: string | null;
  added_at: string;
  updated_at: string;
  /** JSON ItemCost (021_plan_costs; app/core/budget/plan-costs.ts); null: not costed yet. */
  cost: string | null;
}

export interface PlanEventsTable {
  id: Generated<number>;
  plan_id: string;
  user_id: string | null;
  action: string;
  detail: string;
  created_at: string;
}
