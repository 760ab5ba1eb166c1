// The matcher over the real demo data (Trafford), with realistic people: what they get should make
// sense to them and to their connector, and never break a hard rule. In-process (no HTTP), on a
// copy of the template database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import { contextFor, type Context } from "../../app/server/context.server";
import { matchFromBody, type MatchResponse } from "../../app/features/matching/match.server";
import type { Plan } from "../../app/features/plans/plans.server";
import { planSuggestions } from "../../app/features/plans/suggestions.server";
import type { Profile } from "../../app/features/profiles/profiles.server";
import { getAsset } from "../../app/features/assets/public-asset.server";
import { ensureTemplateDb } from "../helpers/server";
import { distanceKm } from "../../app/core/geo";

let dir: string;
let db: Db;
let ctx: Context;

beforeAll(async () => {
  const template = await ensureTemplateDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-scenarios-"));
  fs.copyFileSync(template, path.join(dir, "s.db"));
  db = openDatabase(path.join(dir, "s.db"));
  await migrate(db);
  ctx = await contextFor(db);
});

afterAll(() => {
  db?.sqlite.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function names(r: MatchResponse, id: string): string[] {
  return r.outcomes.find((o) => o.id === id)!.suggestions.map((s) => s.name);
}

/**
 * Every suggestion and contribution obeys the hard rules, checked against the stored records. The
 * age rule uses the age of the person each outcome is for (`ages`: outcome id → age, null when not
 * known; else the profile's); an age-limited place for an unknown age must say to check the range.
 */
async function checkHardRules(r: MatchResponse, p: { max_travel_km: number; access_needs?: string[]; age?: number }, ages: Record<string, number | null> = {}) {
  const shown = [
    ...r.outcomes.flatMap((o) => o.suggestions.map((s) => ({ id: s.asset_id, reasons: s.reasons, age: o.id in ages ? ages[o.id] : p.age }))),
    ...r.contribute.map((c) => ({ id: c.asset_id, reasons: c.reasons, age: p.age })),
  ];
  for (const { id, reasons, age } of shown) {
    const a = (await getAsset(db, id))!;
    expect(a.status).toBe("active");
    expect(distanceKm(r.origin.lat, r.origin.lng, a.lat, a.lng)).toBeLessThanOrEqual(p.max_travel_km + 1e-9);
    if (a.age.min !== null || a.age.max !== null) {
      if (age === undefined || age === null) {
        expect(reasons.some((x) => x.startsWith("Check the age range")), `${a.name} says to check its age range`).toBe(true);
      } else {
        if (a.age.min !== null) expect(age).toBeGreaterThanOrEqual(a.age.min);
        if (a.age.max !== null) expect(age).toBeLessThanOrEqual(a.age.max);
      }
    }
    for (const need of p.access_needs ?? []) {
      if (need === "changing_places") {
        const ok = a.access.includes("changing_places") || a.kind === "changing_places_toilet" || (a.nearest_changing_places && a.nearest_changing_places.distance_km <= 1);
        expect(ok, `${a.name} has a Changing Places toilet on site or within 1 km`).toBeTruthy();
      } else expect(a.access).toContain(need);
    }
  }
}

describe("scenarios over the demo data", () => {
  it("a teenager who loves musicals and curry and needs a Changing Places toilet", async () => {
    const profile = { postcode: "M33 7XX", max_travel_km: 5, age: 16, access_needs: ["changing_places"], interests: ["musicals", "curry"], skills: ["singing"], available: ["sat", "sun"] };
    const r = await matchFromBody(ctx, {
      profile,
      outcomes: [
        { id: "friends", statement: "Going out with friends my own age", domain: "relationships" },
        { id: "show", statement: "Singing in a show", domain: "enjoy_and_achieve" },
      ],
    });
    await checkHardRules(r, profile);
    const show = r.outcomes.find((o) => o.id === "show")!.suggestions;
    expect(show.length).toBeGreaterThanOrEqual(3);
    // Theatre, music and drama groups lead, each saying where the Changing Places toilet is.
    expect(show.slice(0, 3).every((s) => s.reasons.some((x) => /arts, music and drama/.test(x)))).toBe(true);
    for (const s of show) expect(s.reasons.some((x) => /^Changing Places toilet (on site|\d+ m away|[\d.]+ km away)/.test(x))).toBe(true);
    // Not an older people's group for a 16-year-old's friendships.
    expect(names(r, "friends").join(" ")).not.toMatch(/Age UK|Alzheimer/);
    expect(r.outcomes.every((o) => o.suggestions.slice(0, 5).every((s) => s.quadrant !== "targeted" || s.reasons.some((x) => /specialist service/i.test(x))))).toBe(true);
  });

  it("a family whose disabled daughter does not sleep", async () => {
    const profile = { postcode: "M41 0AA", max_travel_km: 8, access_needs: ["step_free"], interests: ["swimming"], available: ["sat"] };
    const r = await matchFromBody(ctx, {
      profile,
      outcomes: [
        { id: "rest", statement: "Getting the rest we need", domain: "be_healthy", member: "Mum" },
        { id: "sleep", statement: "Sleeping through the night", domain: "be_healthy", member: "Maya" },
        { id: "care", statement: "A break from caring now and then", domain: "caring_for_child", member: "Mum" },
      ],
    });
    await checkHardRules(r, profile);
    const rest = r.outcomes.find((o) => o.id === "rest")!.suggestions;
    expect(rest.length).toBeGreaterThan(0);
    // One support serving several members' outcomes says so.
    const shared = r.outcomes.flatMap((o) => o.suggestions).filter((s) => s.reasons.some((x) => /Good for more than one of you/.test(x)));
    expect(shared.length).toBeGreaterThan(0);
    expect(shared[0].also_serves!.length).toBeGreaterThan(0);
  });

  it("a household: each member's outcome is checked against that member's own age", async () => {
    const profile = {
      postcode: "M33 7XX",
      max_travel_km: 6,
      age: 41,
      interests: ["swimming"],
      members: [
        { name: "Maya", age: 9, relationship: "daughter" },
        { name: "Gran", age: 78 },
        { name: "Sam" },
      ],
    };
    const outcomes = [
      { id: "mum", statement: "Seeing friends again", domain: "relationships", member: "Mum" },
      { id: "maya", statement: "Having fun with other children", domain: "enjoy_and_achieve", member: "Maya" },
      { id: "gran", statement: "Getting out and meeting people", domain: "relationships", member: "gran" },
      { id: "sam", statement: "Something to do at weekends", domain: "enjoy_and_achieve", member: "Sam" },
    ];
    const r = await matchFromBody(ctx, { profile, outcomes });
    await checkHardRules(r, profile, { maya: 9, gran: 78, sam: null });
    // The fetch was not narrowed by the parent's age: Maya gets places for children.
    const maya = r.outcomes.find((o) => o.id === "maya")!.suggestions;
    expect(maya.length).toBeGreaterThan(0);
    const parent = await matchFromBody(ctx, { profile: { ...profile, members: [] }, outcomes: [{ ...outcomes[1], member: undefined }] });
    await checkHardRules(parent, profile);
    const maxAge = new Map<string, number | null>();
    for (const s of [...maya, ...parent.outcomes[0].suggestions]) maxAge.set(s.asset_id, (await getAsset(db, s.asset_id))!.age.max);
    const limitedForMaya = maya.filter((s) => {
      const max = maxAge.get(s.asset_id)!;
      return max !== null && max < 41;
    });
    const limitedForParent = parent.outcomes[0].suggestions.filter((s) => maxAge.get(s.asset_id)! !== null && maxAge.get(s.asset_id)! < 41);
    expect(limitedForParent).toEqual([]);
    // A place for children and young people only (such as a music group for ages 5 to 25) is
    // suggested for Maya, never for her 41-year-old parent.
    expect(limitedForMaya.length).toBeGreaterThan(0);
  });

  it("a plan's household member is matched at her own age (plan_members.age), an unknown age says to check", async () => {
    const profile = {
      id: "p1", user_id: "u1", display_name: "Jo", lat: 53.4246, lng: -2.3216,
      data: { postcode: "M33 7XX", max_travel_km: 6, age: 41, access_needs: [], interests: [], skills: [], languages: [], people: [], available: [], culture: [], faith: [] },
    } as unknown as Profile;
    const plan = {
      id: "plan1", profile_id: "p1", title: "Jo's plan", created_at: "", updated_at: "", items: [],
      members: [
        { id: "m1", name: "Maya", relationship: "daughter", age: 9 },
        { id: "m2", name: "Sam", relationship: "son", age: null },
      ],
      outcomes: [
        { id: "jo", member_id: null, statement: "Having fun with other people", domain: "enjoy_and_achieve", priority: 1, created_at: "" },
        { id: "maya", member_id: "m1", statement: "Having fun with other children", domain: "enjoy_and_achieve", priority: 1, created_at: "" },
        { id: "sam", member_id: "m2", statement: "Having fun with other children", domain: "enjoy_and_achieve", priority: 1, created_at: "" },
      ],
    } as unknown as Plan;
    const r = (await planSuggestions(ctx, plan, profile))!;
    await checkHardRules(r, { max_travel_km: 6, age: 41 }, { maya: 9, sam: null });
    const maxAge = new Map<string, number | null>();
    for (const o of r.outcomes) for (const s of o.suggestions) maxAge.set(s.asset_id, (await getAsset(db, s.asset_id))!.age.max);
    const childOnly = (id: string) =>
      r.outcomes.find((o) => o.id === id)!.suggestions.filter((s) => {
        const max = maxAge.get(s.asset_id)!;
        return max !== null && max < 41;
      });
    expect(childOnly("maya").length).toBeGreaterThan(0);
    expect(childOnly("jo")).toEqual([]);
  });

  it("an older man after a stroke who used to garden", async () => {
    const profile = { postcode: "WA14 1AA", max_travel_km: 3, age: 72, access_needs: ["step_free", "accessible_toilet"], interests: ["gardening"], skills: ["gardening", "growing vegetables"], travel_modes: ["bus", "lift"], available: ["tue", "thu"] };
    const r = await matchFromBody(ctx, {
      profile,
      outcomes: [
        { id: "out", statement: "Getting out of the house and seeing people", domain: "relationships" },
        { id: "garden", statement: "Getting back to gardening", domain: "enjoy_and_achieve" },
      ],
    });
    await checkHardRules(r, profile);
    const out = r.outcomes.find((o) => o.id === "out")!;
    expect(out.suggestions.length + (out.empty_reason ? 1 : 0)).toBeGreaterThan(0);
    if (!out.suggestions.length) expect(out.empty_reason).toMatch(/access needs|widening/);
  });

  it("a young carer", async () => {
    const profile = { postcode: "M32 0AA", max_travel_km: 4, age: 13, interests: ["football", "drawing"], available: ["wed", "sat"] };
    const r = await matchFromBody(ctx, {
      profile,
      outcomes: [
        { id: "time", statement: "Time for me, away from caring for mum", domain: "enjoy_and_achieve" },
        { id: "school", statement: "Keeping up at school", domain: "enjoy_and_achieve" },
        { id: "football", statement: "Getting to the football", domain: "be_healthy" },
      ],
    });
    await checkHardRules(r, profile);
    const football = r.outcomes.find((o) => o.id === "football")!.suggestions;
    expect(football.length).toBeGreaterThan(0);
    expect(football.slice(0, 5).some((s) => s.reasons.some((x) => /football/i.test(x)))).toBe(true);
    // Diversity: an outcome's top five are all one kind only when nothing of another kind fits.
    for (const o of r.outcomes) {
      const top = o.suggestions.slice(0, 5);
      if (top.length === 5 && new Set(top.map((s) => s.kind)).size === 1) {
        expect(o.suggestions.every((s) => s.kind === top[0].kind)).toBe(true);
      }
    }
  });

  it("is deterministic over the real data", async () => {
    const body = { profile: { postcode: "M33 7XX", max_travel_km: 5, interests: ["music"] }, outcomes: [{ id: "o", statement: "Keeping my friends", domain: "relationships" }] };
    const a = await matchFromBody(ctx, body);
    const b = await matchFromBody(ctx, body);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
