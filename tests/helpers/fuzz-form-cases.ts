/**
 * Fuzz cases for the page forms (every route with an `action`): urlencoded, multipart, JSON,
 * text and empty bodies with the route's own fields set to odd values, sent with a valid,
 * missing, wrong, empty or someone else's CSRF token, with and without the CSRF cookie, from
 * foreign Origins, anonymously and as each kind of account. This file must not import vitest.
 */
import fc from "fast-check";
import { ACCESS_FEATURES, KINDS, OUTCOME_DOMAINS } from "../../app/core/taxonomy";
import { CONTENT_TYPES, idSegment, MALFORMED_URLENCODED, multipart, nastyString, ORIGINS, originHeader, urlencoded } from "./fuzz-arbitraries";
import { BOGUS_SESSION, headers, whoFor, type Fixtures, type Who } from "./fuzz-fixtures";
import type { FormSession } from "./forms";
import type { FuzzCase } from "./fuzz-runner";

interface FormRoute {
  route: string;
  path: (fx: Fixtures) => fc.Arbitrary<string>;
  fields: string[];
  intents?: string[];
  who: Who[];
  weight?: number;
  /** Plausible values per field, mixed with hostile ones. */
  good?: Record<string, string[]>;
}

const fixed = (p: string) => () => fc.constant(p);
const ids = (prefix: string, pick: (fx: Fixtures) => string[], suffix = "") => (fx: Fixtures) => idSegment(pick(fx)).map((id) => `${prefix}${id}${suffix}`);
const random = (prefix: string, suffix = "") => () => idSegment([]).map((id) => `${prefix}${id}${suffix}`);

const PROFILE = ["display_name", "postcode", "max_travel_km", "age", "access_needs", "available", "travel_modes", "interests", "skills", "people", "languages"];
const ASSET = ["kind", "name", "summary", "description", "access_notes", "location_mode", "postcode", "address", "locality", "lat", "lng", "hours_mode", "hours.mo.state", "hours.mo.from1", "hours.mo.to1", "hours_advanced", "cost.free", "cost.details", "age.min", "age.max", "time_credits.earn", "categories", "access", "website", "version"];
const COSTS = ["item_id", "label", "quadrant", "cost_type", "price", "quantity", "stream"];
const SUGGEST = ["message", "name", "postcode", "when", "contact_email", "website_url"];
const GOOD: Record<string, string[]> = {
  email: ["fuzz-member@fuzz.test", "new@example.org"],
  password: ["correct horse battery staple"],
  confirm: ["correct horse battery staple"],
  next: ["/profiles", "//evil.example", "/\\evil.example", "/%09/evil.example"],
  postcode: ["M33 7XX"],
  area_postcode: ["M33 7XX"],
  max_travel_km: ["5"],
  age: ["30"],
  access_needs: [ACCESS_FEATURES[0]],
  access: [ACCESS_FEATURES[0]],
  available: ["sat"],
  kind: [KINDS[0]],
  domain: [OUTCOME_DOMAINS[0]],
  lat: ["53.42"],
  lng: ["-2.32"],
  version: ["1", "2"],
  expected: ["1"],
  price: ["12.50", "12,50", "1e9"],
  quantity: ["1", "6.5"],
  quadrant: ["individual"],
  cost_type: ["per_session"],
  role: ["member", "connector", "admin"],
  radius: ["5"],
  website_url: [""],
};

const FORMS: FormRoute[] = [
  { route: "POST /signin", path: fixed("/signin"), fields: ["email", "password", "next"], who: ["anonymous", "member", "bogus"] },
  { route: "POST /signup", path: fixed("/signup"), fields: ["email", "name", "password", "confirm", "invite", "website_url"], who: ["anonymous"] },
  { route: "POST /signout", path: fixed("/signout"), fields: [], who: ["leaver", "anonymous", "bogus"] },
  { route: "POST /reset-password", path: fixed("/reset-password"), fields: ["email", "website_url"], who: ["anonymous"] },
  { route: "POST /reset-password/:token", path: random("/reset-password/"), fields: ["password", "confirm"], who: ["anonymous"] },
  { route: "POST /suggest", path: fixed("/suggest"), fields: SUGGEST, who: ["anonymous", "member"] },
  { route: "POST /assets/:id/suggest", path: ids("/assets/", (fx) => fx.assetIds, "/suggest"), fields: SUGGEST, who: ["anonymous", "member"] },
  { route: "POST /profiles/new", path: fixed("/profiles/new"), fields: [...PROFILE, "owner_email", "consent_by", "consent_how"], who: ["member", "connector"], weight: 2 },
  {
    route: "POST /profiles/:id",
    path: ids("/profiles/", (fx) => fx.profileIds),
    fields: [...PROFILE, "connector_email", "connector_id", "title"],
    intents: ["save", "link", "unlink", "new_plan"],
    who: ["member", "connector", "admin"],
    weight: 2,
  },
  {
    route: "POST /plans/:id",
    path: ids("/plans/", (fx) => fx.planIds),
    fields: [...COSTS, "outcome_id", "who", "when_text", "budget_id", "name", "relationship", "age", "statement", "domain", "priority", "member_id", "asset_id", "status", "cost_text"],
    intents: ["set_cost", "add_own_item", "choose_budget", "add_member", "add_outcome", "remove_outcome", "add_item", "remove_item", "item_status"],
    who: ["member", "admin"],
    weight: 3,
  },
  { route: "POST /connect/assets/new", path: fixed("/connect/assets/new"), fields: ASSET, who: ["connector", "admin"], weight: 2 },
  { route: "POST /assets/:id/edit", path: ids("/assets/", (fx) => fx.assetIds, "/edit"), fields: ASSET, who: ["connector", "admin"], weight: 2 },
  { route: "POST /assets/:id", path: ids("/assets/", (fx) => fx.assetIds), fields: ["version"], intents: ["verify", "archive", "unarchive"], who: ["connector", "member"] },
  { route: "POST /assets/:id/history", path: ids("/assets/", (fx) => fx.assetIds, "/history"), fields: ["version", "expected"], who: ["connector"] },
  { route: "POST /assets/:id/photos", path: ids("/assets/", (fx) => fx.assetIds, "/photos"), fields: ["photo", "alt"], intents: ["remove"], who: ["connector"] },
  // Ids here are never real accounts': a fuzz case must not disable the accounts the suite signs in with.
  { route: "POST /admin/users", path: fixed("/admin/users"), fields: ["id", "email", "role"], intents: ["invite", "role", "disable", "enable", "sign_out"], who: ["admin", "connector"] },
  { route: "POST /admin/budget", path: fixed("/admin/budget"), fields: ["from"], who: ["admin", "member"] },
  { route: "POST /admin/budget/:id", path: () => fc.constantFrom("adult-1", "child-1", "adult-99", "%00", "x".repeat(500)).map((id) => `/admin/budget/${id}`), fields: ["threshold", "points.nutrition.some", "name"], intents: ["publish", "copy", "save"], who: ["admin"] },
  { route: "POST /budget/:type/result", path: () => fc.constantFrom("adult", "child", "nope", "%2e%2e").map((t) => `/budget/${t}/result`), fields: ["name", "for_person", "nutrition", "personal_hygiene", "informal.nutrition"], who: ["member"] },
  { route: "POST /budget/saved/:id", path: random("/budget/saved/"), fields: ["holding.nutrition", "holding.x"], intents: ["rework", "holding"], who: ["member"] },
  { route: "POST /connect", path: fixed("/connect"), fields: ["area_postcode", "id", "version", "page", "radius"], intents: ["area", "verify"], who: ["connector"] },
  { route: "POST /connect/suggestions", path: fixed("/connect/suggestions"), fields: ["id", "reason"], intents: ["approve", "reject"], who: ["connector"] },
  { route: "POST /connect/suggestions/:id", path: ids("/connect/suggestions/", (fx) => fx.suggestionIds), fields: ["name", "kind", "summary", "website", "postcode", "version", "reason", "categories"], intents: ["approve", "reject"], who: ["connector"] },
  { route: "POST /connect/import", path: fixed("/connect/import"), fields: ["mapping_name"], who: ["connector"] },
  { route: "POST /connect/import/:id", path: random("/connect/import/"), fields: ["mapping", "mapping_name", "map.name"], intents: ["import", "save", "preview"], who: ["connector"] },
];

const CSRF_MODES = ["valid", "valid", "valid", "missing", "missing", "wrong", "empty", "someone-else's", "no-cookie"] as const;
type CsrfMode = (typeof CSRF_MODES)[number];
const BODY_KINDS = ["urlencoded", "urlencoded", "urlencoded", "urlencoded", "urlencoded", "multipart", "multipart", "json", "json", "text", "empty", "malformed-urlencoded", "multipart-truncated"] as const;

function fieldsArb(r: FormRoute): fc.Arbitrary<[string, string][]> {
  const names = r.fields.length ? r.fields : ["x"];
  const value = (name: string) => fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...(GOOD[name] ?? ["Fuzz"])) }, { weight: 3, arbitrary: nastyString });
  const pair = fc.constantFrom(...names).chain((n) => value(n).map((v): [string, string] => [n, v]));
  const intent = r.intents ? fc.oneof(fc.constantFrom(...r.intents), nastyString).map((v): [string, string][] => [["intent", v]]) : fc.constant<[string, string][]>([]);
  return fc.tuple(intent, fc.array(pair, { maxLength: 8 })).map(([i, rest]) => [...i, ...rest]);
}

/** The visitor's cookies and CSRF token, and the token a mode sends. */
function visitor(fx: Fixtures, who: Who, mode: CsrfMode): { cookie?: string; token?: string } {
  const own: FormSession = who === "anonymous" || who === "bogus" ? fx.anon : fx.users[who].form;
  const session = who === "anonymous" ? undefined : who === "bogus" ? BOGUS_SESSION : fx.users[who].cookie;
  const cookie = mode === "no-cookie" ? session : who === "bogus" ? `${BOGUS_SESSION}; ${fx.anon.cookie}` : own.cookie;
  const token = { valid: own.csrf, missing: undefined, wrong: "A".repeat(43), empty: "", "someone-else's": fx.anon2.csrf, "no-cookie": own.csrf }[mode];
  return { cookie, token };
}

function formCaseFor(fx: Fixtures, r: FormRoute): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      path: r.path(fx),
      who: whoFor(r.who),
      csrf: fc.constantFrom(...CSRF_MODES),
      origin: fc.constantFrom("none", "none", "same", ...ORIGINS),
      kind: fc.constantFrom(...BODY_KINDS),
      fields: fieldsArb(r),
      oddType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 8 }),
      malformed: fc.constantFrom(...MALFORMED_URLENCODED),
    })
    .map(({ path, who, csrf, origin, kind, fields, oddType, malformed }): FuzzCase => {
      const { cookie, token } = visitor(fx, who, csrf);
      const all: [string, string][] = [...(token === undefined ? [] : ([["csrf", token]] as [string, string][])), ...fields];
      const boundary = "----fuzzBoundary7MA4YWxkTrZu0gW";
      let body: string;
      let ct: string | null;
      switch (kind) {
        case "urlencoded":
          [body, ct] = [urlencoded(all), "application/x-www-form-urlencoded"];
          break;
        case "malformed-urlencoded":
          [body, ct] = [`${urlencoded(all.slice(0, 1))}&${malformed}`, "application/x-www-form-urlencoded"];
          break;
        case "multipart":
        case "multipart-truncated":
          [body, ct] = [multipart(all, boundary, { truncated: kind === "multipart-truncated", file: path.includes("import") || path.includes("photos") }), `multipart/form-data; boundary=${boundary}`];
          break;
        case "json":
          [body, ct] = [JSON.stringify(Object.fromEntries(all)), "application/json"];
          break;
        case "text":
          [body, ct] = [all.map(([k, v]) => `${k}=${v}`).join("\n"), "text/plain"];
          break;
        case "empty":
          [body, ct] = ["", "application/x-www-form-urlencoded"];
          break;
      }
      if (oddType !== null) ct = oddType;
      return {
        route: r.route,
        input: `${kind}${oddType !== null ? ` ct:${oddType || "empty"}` : ""} csrf:${csrf} origin:${origin} as:${who}`,
        req: { method: "POST", path, headers: headers({ "Content-Type": ct, Cookie: cookie, Origin: originHeader(origin, fx.baseUrl) }), body },
      };
    });
}

/** Every page form. */
export function formCase(fx: Fixtures): fc.Arbitrary<FuzzCase> {
  return fc.oneof(...FORMS.map((r) => ({ weight: r.weight ?? 1, arbitrary: formCaseFor(fx, r) })));
}
