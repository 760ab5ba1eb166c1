import { describe, expect, it } from "vitest";
import { parseSearchParams } from "../../app/core/search-params";

const parse = (qs: string, opts = {}) => parseSearchParams(new URLSearchParams(qs), opts);

describe("parseSearchParams", () => {
  it("gives the defaults", () => {
    const r = parse("");
    expect(r).toMatchObject({ ok: true, value: { radiusKm: 5, limit: 20, page: 1, kinds: [], free: false } });
  });

  it("reads every parameter", () => {
    const r = parse(
      "q=football&postcode=m337xx&radius_km=2.5&kind=community_group&kind=place&category=sport_leisure&access=step_free,hearing_loop&free=1&time_credits=earn&age=16&open_at=2026-05-01T14:30&limit=50&page=3",
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      q: "football",
      postcode: "M33 7XX",
      radiusKm: 2.5,
      kinds: ["community_group", "place"],
      categories: ["sport_leisure"],
      access: ["step_free", "hearing_loop"],
      free: true,
      timeCredits: "earn",
      age: 16,
      limit: 50,
      page: 3,
    });
    expect(r.value.openAt?.getHours()).toBe(14);
  });

  it.each([
    ["postcode=notapostcode", "postcode"],
    ["lat=200&lng=0", "lat"],
    ["lat=53&lng=-500", "lng"],
    ["lat=53", "lng"],
    ["radius_km=-1", "radius_km"],
    ["radius_km=201", "radius_km"],
    ["kind=castle", "kind"],
    ["category=unicorns", "category"],
    ["access=ramp", "access"],
    ["limit=10000", "limit"],
    ["limit=0", "limit"],
    ["page=0", "page"],
    ["age=-3", "age"],
    ["age=old", "age"],
    ["time_credits=maybe", "time_credits"],
    ["open_at=soon", "open_at"],
    ["bbox=1,2,3", "bbox"],
    ["bbox=10,50,0,55", "bbox"],
    ["free=perhaps", "free"],
  ])("rejects %s naming %s", (qs, field) => {
    const r = parse(qs);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields)).toContain(field);
  });

  it("accepts a place name in `near` on pages only", () => {
    const page = parse("near=Sale", { allowPlace: true });
    expect(page).toMatchObject({ ok: true, value: { place: "Sale" } });
    const api = parse("postcode=Sale");
    expect(api.ok).toBe(false);
  });

  it("turns open_now into the current UK time", () => {
    const r = parse("open_now=1", { now: new Date("2026-01-15T10:00:00Z") });
    expect(r.ok && r.value.openAt?.getHours()).toBe(10);
  });
});
