// The connector's asset form (new and edit) as plain data: what the browser posts → a draft in
// the write shape of app/core/asset.ts (validated afterwards with assetInputSchema), and a record
// → the form's values. No I/O: geocoding the postcode is left to the caller (`lookup`).
// Safe in the browser (imports only types from ./asset).
import type { ValidAsset } from "./asset";
import { ACCESS_FEATURES, CATEGORIES, KINDS } from "./taxonomy";
import { isWebAddress } from "./web-address";
import { WEEKDAYS, emptyWeek, osmToWeek, weekToOsm, type DayCode, type WeekInput } from "./hours-editor";

/** What the form holds: every scalar field by its input name, plus the two checkbox lists. */
export interface AssetFormValues {
  fields: Record<string, string>;
  categories: string[];
  access: string[];
}

export const CP_FIELDS = ["hoist", "adult_bench", "room_size_m2", "peninsular_wc", "radar_key", "opening_hours", "notes"] as const;

/** Every scalar input of the form, by name. */
export const SCALAR_FIELDS: string[] = [
  "kind",
  "name",
  "summary",
  "description",
  "access_notes",
  "location_mode",
  "postcode",
  "address",
  "locality",
  "lat",
  "lng",
  "hours_mode",
  ...WEEKDAYS.flatMap((d) => ["state", "from1", "to1", "from2", "to2"].map((p) => `hours.${d.code}.${p}`)),
  "hours_advanced",
  "cost.free",
  "cost.details",
  "age.min",
  "age.max",
  "time_credits.earn",
  "time_credits.spend",
  ...CP_FIELDS.map((f) => `changing_places.${f}`),
  "phone",
  "email",
  "website",
  "how_to_get_there",
];

/** Labels used in error messages and the error summary. */
export const FORM_LABELS: Record<string, string> = {
  kind: "Kind",
  name: "Name",
  summary: "Short summary",
  description: "Description",
  categories: "Categories",
  access: "Accessibility",
  access_notes: "Accessibility notes",
  location_mode: "How to place it on the map",
  postcode: "Postcode",
  address: "Address",
  locality: "Town or area",
  lat: "Latitude",
  lng: "Longitude",
  hours: "Opening hours",
  hours_advanced: "Opening hours (advanced)",
  "cost.free": "Cost",
  "cost.details": "Cost details",
  "age.min": "Youngest age",
  "age.max": "Oldest age",
  "time_credits.earn": "How to earn time credits",
  "time_credits.spend": "How to spend time credits",
  "changing_places.hoist": "Hoist",
  "changing_places.adult_bench": "Adult-sized changing bench",
  "changing_places.room_size_m2": "Room size",
  "changing_places.peninsular_wc": "Peninsular toilet",
  "changing_places.radar_key": "RADAR key",
  "changing_places.opening_hours": "Changing Places toilet hours",
  "changing_places.notes": "Changing Places notes",
  phone: "Phone",
  email: "Email",
  website: "Website",
  how_to_get_there: "How to get there",
  version: "Version",
};
for (const d of WEEKDAYS) FORM_LABELS[`hours.${d.code}`] = d.label;

/** The longest value kept from any one field (the schema's limits are lower; this only bounds memory). */
const MAX_FIELD = 10_000;

/** Read a posted form (FormData or URLSearchParams). */
export function readAssetForm(form: { getAll(name: string): unknown[] }): AssetFormValues {
  const fields: Record<string, string> = {};
  for (const name of SCALAR_FIELDS) {
    const v = form.getAll(name).find((x) => typeof x === "string");
    fields[name] = typeof v === "string" ? v.slice(0, MAX_FIELD) : "";
  }
  const list = (name: string, allowed: readonly string[]) =>
    [...new Set(form.getAll(name).filter((x): x is string => typeof x === "string"))].filter((x) => allowed.includes(x)).slice(0, 50);
  // Unknown codes are dropped here; the form only offers known ones.
  return { fields, categories: list("categories", CATEGORIES.map((c) => c.code)), access: list("access", ACCESS_FEATURES) };
}

export function weekFromValues(v: AssetFormValues): WeekInput {
  const week = emptyWeek();
  for (const d of WEEKDAYS) {
    const f = (p: string) => v.fields[`hours.${d.code}.${p}`] ?? "";
    week[d.code as DayCode] = { state: f("state") === "open" ? "open" : "closed", from1: f("from1"), to1: f("to1"), from2: f("from2"), to2: f("to2") };
  }
  return week;
}

/** The draft: the write shape's user-editable fields, before assetInputSchema checks them. */
export interface AssetDraft {
  kind: string;
  name: string;
  summary: string;
  description: string;
  categories: string[];
  access: string[];
  access_notes: string | null;
  address: string | null;
  locality: string | null;
  postcode: string | null;
  /** Absent when the location comes from the postcode (see `lookup`). */
  lat?: number;
  lng?: number;
  location_precision?: "exact";
  opening_hours: string | null;
  cost: { free: boolean | null; details: string | null };
  age: { min: number | null; max: number | null };
  time_credits: { earn: string | null; spend: string | null };
  changing_places: {
    hoist: string | null;
    adult_bench: boolean | null;
    room_size_m2: number | null;
    peninsular_wc: boolean | null;
    radar_key: boolean | null;
    opening_hours: string | null;
    notes: string | null;
  } | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  how_to_get_there: string | null;
}

export interface DraftOutcome {
  draft: AssetDraft;
  /** Keyed by form field name; each message is a whole sentence naming the field. */
  errors: Record<string, string>;
  /** A postcode to geocode for the location (location_mode "postcode"). */
  lookup: string | null;
}

const orNull = (s: string | undefined) => {
  const t = (s ?? "").trim();
  return t === "" ? null : t;
};
const triState = (s: string | undefined): boolean | null => (s === "yes" ? true : s === "no" ? false : null);

/** Light checks of contact details that the write schema leaves as free text. */
export function contactProblems(c: { phone?: string | null; email?: string | null; website?: string | null }): Record<string, string> {
  const out: Record<string, string> = {};
  if (c.phone && !/^[+\d][\d\s()\-.]{4,40}(\s*(ext\.?|extension|x)\s*\d{1,6})?$/i.test(c.phone.trim())) {
    out.phone = "Phone must be a phone number, like 0161 912 2000";
  }
  if (c.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email.trim())) out.email = "Email must be an email address, like hello@example.org";
  if (c.website && (!isWebAddress(c.website) || !/^(https?:\/\/)?[^\s/]+\.[^\s]+$/i.test(c.website.trim()))) {
    out.website = "Website must be a web address, like www.example.org";
  }
  return out;
}

function wholeNumber(raw: string, label: string, errors: Record<string, string>, key: string): number | null {
  const t = raw.trim();
  if (!t) return null;
  if (!/^\d{1,3}$/.test(t) || Number(t) > 120) {
    errors[key] = `${label} must be a whole number of years from 0 to 120, like 5`;
    return null;
  }
  return Number(t);
}

function decimal(raw: string, label: string, errors: Record<string, string>, key: string, example: string): number | undefined {
  const t = raw.trim().replace(/,/g, ".");
  if (!t) return undefined;
  if (!/^[-+]?\d{1,3}(\.\d+)?$/.test(t)) {
    errors[key] = `${label} must be a number, like ${example}`;
    return undefined;
  }
  return Number(t);
}

/**
 * Posted values → a draft and field errors. `baseHours` is the record's current opening hours:
 * when the week in the form means the same as it, the stored text is kept as it was (so saving
 * without touching the hours never shows a change in the history). `baseContact`: contact
 * details equal to these are not checked again.
 */
export function formToDraft(
  v: AssetFormValues,
  opts: { baseHours?: string | null; baseContact?: { phone: string | null; email: string | null; website: string | null } } = {},
): DraftOutcome {
  const f = v.fields;
  const errors: Record<string, string> = {};
  const kind = (f.kind ?? "").trim();
  if (!kind) errors.kind = "Choose what kind of place or group this is";
  else if (!(KINDS as readonly string[]).includes(kind)) errors.kind = "Choose one of the kinds in the list";
  const name = (f.name ?? "").trim();
  if (!name) errors.name = "Enter the name of the place or group";

  // Location: by postcode (geocoded by the caller) or by an exact point (a pin or typed coordinates).
  let lookup: string | null = null;
  let lat: number | undefined;
  let lng: number | undefined;
  const mode = f.location_mode === "pin" ? "pin" : "postcode";
  if (mode === "postcode") {
    lookup = orNull(f.postcode);
    if (!lookup) errors.postcode = "Enter a postcode, like M33 7XX, or choose to place it with a pin";
  } else {
    lat = decimal(f.lat ?? "", "Latitude", errors, "lat", "53.4245");
    lng = decimal(f.lng ?? "", "Longitude", errors, "lng", "-2.3239");
    if (lat === undefined && !errors.lat) errors.lat = "Enter the latitude, like 53.4245, or drop a pin on the map";
    if (lng === undefined && !errors.lng) errors.lng = "Enter the longitude, like -2.3239, or drop a pin on the map";
    if (lat !== undefined && (lat < -90 || lat > 90)) errors.lat = "Latitude must be between -90 and 90";
    if (lng !== undefined && (lng < -180 || lng > 180)) errors.lng = "Longitude must be between -180 and 180";
  }

  // Opening hours: not known, the weekly editor, or raw OSM syntax.
  let openingHours: string | null = null;
  const hoursMode = f.hours_mode === "weekly" || f.hours_mode === "advanced" ? f.hours_mode : "unknown";
  if (hoursMode === "weekly") {
    const week = weekFromValues(v);
    const r = weekToOsm(week);
    Object.assign(errors, r.errors);
    if (!Object.keys(r.errors).length) {
      if (r.value === null) errors.hours = "Choose at least one day when it is open, or choose “We do not know the opening hours”";
      else {
        const base = osmToWeek(opts.baseHours);
        openingHours = base && weekToOsm(base).value === r.value ? (opts.baseHours as string) : r.value;
      }
    }
  } else if (hoursMode === "advanced") {
    openingHours = orNull(f.hours_advanced);
    if (!openingHours) errors.hours_advanced = "Enter the opening hours, like Mo-Fr 09:00-17:00, or choose another option";
  }

  const age = {
    min: wholeNumber(f["age.min"] ?? "", "Youngest age", errors, "age.min"),
    max: wholeNumber(f["age.max"] ?? "", "Oldest age", errors, "age.max"),
  };
  if (age.min !== null && age.max !== null && age.min > age.max) errors["age.max"] = "Oldest age must be the same as or more than the youngest age";

  const cp = (k: (typeof CP_FIELDS)[number]) => f[`changing_places.${k}`] ?? "";
  const cpGiven = CP_FIELDS.some((k) => cp(k).trim() !== "");
  let changingPlaces: AssetDraft["changing_places"] = null;
  if (cpGiven) {
    const size = cp("room_size_m2").trim().replace(/\s*(m²|m2|sq\.? ?m|square met(re|er)s?)$/i, "");
    let room: number | null = null;
    if (size) {
      if (!/^\d{1,3}(\.\d+)?$/.test(size) || Number(size) < 1 || Number(size) > 200) {
        errors["changing_places.room_size_m2"] = "Room size must be a number of square metres from 1 to 200, like 12";
      } else room = Number(size);
    }
    const hoist = cp("hoist");
    changingPlaces = {
      hoist: hoist === "ceiling_track" || hoist === "mobile" || hoist === "none" ? hoist : null,
      adult_bench: triState(cp("adult_bench")),
      room_size_m2: room,
      peninsular_wc: triState(cp("peninsular_wc")),
      radar_key: triState(cp("radar_key")),
      opening_hours: orNull(cp("opening_hours")),
      notes: orNull(cp("notes")),
    };
  }

  const contact = { phone: orNull(f.phone), email: orNull(f.email), website: orNull(f.website) };
  // Only what was changed is checked: imported records may hold odd values nobody touched.
  const bc = opts.baseContact;
  Object.assign(
    errors,
    contactProblems({
      phone: bc && contact.phone === bc.phone ? null : contact.phone,
      email: bc && contact.email === bc.email ? null : contact.email,
      website: bc && contact.website === bc.website ? null : contact.website,
    }),
  );

  const draft: AssetDraft = {
    kind,
    name,
    summary: (f.summary ?? "").trim(),
    description: (f.description ?? "").trim(),
    categories: v.categories,
    access: v.access,
    access_notes: orNull(f.access_notes),
    address: orNull(f.address),
    locality: orNull(f.locality),
    postcode: orNull(f.postcode),
    opening_hours: openingHours,
    cost: { free: triState(f["cost.free"]), details: orNull(f["cost.details"]) },
    age,
    time_credits: { earn: orNull(f["time_credits.earn"]), spend: orNull(f["time_credits.spend"]) },
    changing_places: changingPlaces,
    ...contact,
    how_to_get_there: orNull(f.how_to_get_there),
  };
  if (mode === "pin") {
    draft.lat = lat;
    draft.lng = lng;
    draft.location_precision = "exact";
  }
  return { draft, errors, lookup };
}

const tri = (b: boolean | null | undefined) => (b === true ? "yes" : b === false ? "no" : "");

/** Empty values for a new asset. */
export function emptyFormValues(): AssetFormValues {
  const fields: Record<string, string> = Object.fromEntries(SCALAR_FIELDS.map((k) => [k, ""]));
  fields.location_mode = "postcode";
  fields.hours_mode = "unknown";
  for (const d of WEEKDAYS) fields[`hours.${d.code}.state`] = "closed";
  return { fields, categories: [], access: [] };
}

/** A record in the write shape → the form's values. */
export function inputToFormValues(a: ValidAsset): AssetFormValues {
  const v = emptyFormValues();
  const f = v.fields;
  Object.assign(f, {
    kind: a.kind,
    name: a.name,
    summary: a.summary,
    description: a.description,
    access_notes: a.access_notes ?? "",
    location_mode: a.location_precision.startsWith("postcode") && a.postcode ? "postcode" : "pin",
    postcode: a.postcode ?? "",
    address: a.address ?? "",
    locality: a.locality ?? "",
    lat: String(a.lat),
    lng: String(a.lng),
    "cost.free": tri(a.cost.free),
    "cost.details": a.cost.details ?? "",
    "age.min": a.age.min === null ? "" : String(a.age.min),
    "age.max": a.age.max === null ? "" : String(a.age.max),
    "time_credits.earn": a.time_credits.earn ?? "",
    "time_credits.spend": a.time_credits.spend ?? "",
    phone: a.phone ?? "",
    email: a.email ?? "",
    website: a.website ?? "",
    how_to_get_there: a.how_to_get_there ?? "",
  });
  const week = osmToWeek(a.opening_hours);
  if (week) {
    f.hours_mode = "weekly";
    for (const d of WEEKDAYS) {
      const day = week[d.code];
      f[`hours.${d.code}.state`] = day.state;
      f[`hours.${d.code}.from1`] = day.from1;
      f[`hours.${d.code}.to1`] = day.to1;
      f[`hours.${d.code}.from2`] = day.from2;
      f[`hours.${d.code}.to2`] = day.to2;
    }
  } else if (a.opening_hours) {
    f.hours_mode = "advanced";
    f.hours_advanced = a.opening_hours;
  }
  const cp = a.changing_places;
  if (cp) {
    f["changing_places.hoist"] = cp.hoist ?? "";
    f["changing_places.adult_bench"] = tri(cp.adult_bench);
    f["changing_places.room_size_m2"] = cp.room_size_m2 === null ? "" : String(cp.room_size_m2);
    f["changing_places.peninsular_wc"] = tri(cp.peninsular_wc);
    f["changing_places.radar_key"] = tri(cp.radar_key);
    f["changing_places.opening_hours"] = cp.opening_hours ?? "";
    f["changing_places.notes"] = cp.notes ?? "";
  }
  v.categories = [...a.categories];
  v.access = [...a.access];
  return v;
}

/**
 * A key from assetInputSchema's field errors ("age", "cost.details", "categories.2",
 * "opening_hours") → the form field that shows it, and a sentence naming the field.
 */
export function formErrorFor(schemaKey: string, message: string, v: AssetFormValues): [string, string] {
  let key = schemaKey;
  if (key === "age") key = "age.max";
  else if (/^categories\.\d+$/.test(key)) key = "categories";
  else if (/^access\.\d+$/.test(key)) key = "access";
  else if (key === "opening_hours") key = v.fields.hours_mode === "advanced" ? "hours_advanced" : "hours";
  else if ((key === "lat" || key === "lng" || key === "location_precision") && v.fields.location_mode !== "pin") key = "postcode";
  else if (key.startsWith("organisation") || key === "_") key = "_";
  if (key === "_") return [key, message];
  if (key === "kind") return [key, "Choose one of the kinds in the list"];
  if (key === "name" && /required/.test(message)) return [key, "Enter the name of the place or group"];
  const label = FORM_LABELS[key] ?? key;
  const msg = /^[A-Z]/.test(message) ? message : `${label} ${message}`;
  return [key, msg];
}
