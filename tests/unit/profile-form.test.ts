// The profile form and the /api/match body checks (app/core/profile.ts, app/core/matcher/input.ts),
// and the text matching the matcher uses.
import { describe, expect, it } from "vitest";
import { matchBodySchema } from "../../app/core/matcher/input";
import { textHas } from "../../app/core/matcher/text";
import { canAccessProfile } from "../../app/features/profiles/profiles.server";
import { parseProfileForm, splitTags } from "../../app/core/profile";

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f;
}

describe("profile form", () => {
  it("reads tags, checkboxes and numbers", () => {
    const r = parseProfileForm(form({ display_name: "Aisha", postcode: "m33 7xx", max_travel_km: "5", age: "16", interests: "musicals, curry,, Curry", access_needs: ["changing_places"], available: ["sat"], personal_budget: "yes" }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.data).toMatchObject({ postcode: "M33 7XX", max_travel_km: 5, age: 16, interests: ["musicals", "curry"], access_needs: ["changing_places"], available: ["sat"], personal_budget: true });
    }
  });
  it("names each bad field in plain English", () => {
    const r = parseProfileForm(form({ display_name: "", postcode: "", max_travel_km: "0", age: "200", access_needs: ["jetpack"] }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.display_name).toMatch(/Enter the person's name/);
      expect(r.errors.postcode).toMatch(/Enter a postcode/);
      expect(r.errors.max_travel_km).toMatch(/more than 0 km/);
      expect(r.errors.age).toMatch(/0 to 120/);
      expect(r.errors.access_needs).toBeDefined();
    }
  });
  it("splits tags on commas, semicolons and lines, without repeats", () => {
    expect(splitTags("a, b;c\nA,,")).toEqual(["a", "b", "c"]);
  });
});

describe("the match body", () => {
  const ok = { profile: { postcode: "M33 7XX", max_travel_km: 5 }, outcomes: [{ id: "o1", statement: "Keeping my friends", domain: "relationships" }] };
  it("accepts the CONTRACTS example and day names", () => {
    const r = matchBodySchema.parse({ ...ok, profile: { ...ok.profile, available: ["Saturday", "sun"], identity: { faith: ["Muslim"] } } });
    expect(r.profile.available).toEqual(["sat", "sun"]);
    expect(r.profile.access_needs).toEqual([]);
  });
  it.each([
    [{ profile: { max_travel_km: 5 } }, "profile.postcode"],
    [{ profile: { postcode: "M33 7XX", max_travel_km: 0 } }, "profile.max_travel_km"],
    [{ profile: { postcode: "M33 7XX", max_travel_km: 1000 } }, "profile.max_travel_km"],
    [{ outcomes: [ok.outcomes[0], ok.outcomes[0]] }, "outcomes.1.id"],
    [{ outcomes: [{ ...ok.outcomes[0], priority: 9 }] }, "outcomes.0.priority"],
  ])("refuses %j naming %s", (patch, field) => {
    const r = matchBodySchema.safeParse({ ...ok, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toContain(field);
  });
});

describe("textHas", () => {
  it("matches word starts, and stems a little", () => {
    expect(textHas(" youth musical theatre", "music")).toBe(true);
    expect(textHas(" sale music club", "musical")).toBe(true);
    expect(textHas(" community gardening", "garden")).toBe(true);
    expect(textHas(" a party", "art")).toBe(false);
    expect(textHas(" art club", "art")).toBe(true);
    expect(textHas(" arts club", "art")).toBe(true);
  });
});

describe("who may see a profile (the rule itself)", () => {
  const profile = { user_id: "owner", connectors: [{ id: "c1", name: "", email: "", created_at: "" }] };
  const u = (id: string, role: "member" | "connector" | "admin") => ({ id, role, email: "", name: "", area_postcode: null, area_lat: null, area_lng: null });
  it.each([
    ["anonymous", null, false],
    ["the owner", u("owner", "member"), true],
    ["another member", u("m2", "member"), false],
    ["an unrelated connector", u("c2", "connector"), false],
    ["a linked connector", u("c1", "connector"), true],
    ["an admin", u("a1", "admin"), true],
  ] as const)("%s", (_w, user, expected) => {
    expect(canAccessProfile(user, profile)).toBe(expected);
  });
});
