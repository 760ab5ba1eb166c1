import { describe, expect, it } from "vitest";
import { bboxAround, distanceKm, formatDistance, ringCentre } from "../../app/core/geo";
import { parsePostcode } from "../../app/core/postcode";

describe("distanceKm", () => {
  it("is zero for the same point and symmetric", () => {
    expect(distanceKm(53.42, -2.32, 53.42, -2.32)).toBe(0);
    expect(distanceKm(53.42, -2.32, 53.48, -2.24)).toBeCloseTo(distanceKm(53.48, -2.24, 53.42, -2.32), 10);
  });
  it("matches a known distance (Manchester to London, about 262 km)", () => {
    expect(distanceKm(53.4808, -2.2426, 51.5074, -0.1278)).toBeGreaterThan(255);
    expect(distanceKm(53.4808, -2.2426, 51.5074, -0.1278)).toBeLessThan(270);
  });
});

describe("bboxAround", () => {
  it("holds every point on the circle", () => {
    const [lat, lng, r] = [53.42, -2.32, 5];
    const box = bboxAround(lat, lng, r);
    for (let deg = 0; deg < 360; deg += 15) {
      // a point r km away along bearing deg
      const br = (deg * Math.PI) / 180;
      const d = r / 6371.0088;
      const la1 = (lat * Math.PI) / 180;
      const lo1 = (lng * Math.PI) / 180;
      const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(br));
      const lo2 = lo1 + Math.atan2(Math.sin(br) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
      const p = [(lo2 * 180) / Math.PI, (la2 * 180) / Math.PI];
      expect(p[0]).toBeGreaterThanOrEqual(box[0] - 1e-9);
      expect(p[0]).toBeLessThanOrEqual(box[2] + 1e-9);
      expect(p[1]).toBeGreaterThanOrEqual(box[1] - 1e-9);
      expect(p[1]).toBeLessThanOrEqual(box[3] + 1e-9);
    }
  });
});

describe("formatDistance and ringCentre", () => {
  it("formats metres and kilometres", () => {
    expect(formatDistance(0.3)).toBe("300 m");
    expect(formatDistance(1.234)).toBe("1.2 km");
    expect(formatDistance(23.4)).toBe("23 km");
  });
  it("switches unit on the rounded value (no \"1000 m\" or \"10.0 km\")", () => {
    expect(formatDistance(0.9996)).toBe("1.0 km");
    expect(formatDistance(0.995)).toBe("1.0 km");
    expect(formatDistance(0.994)).toBe("990 m");
    expect(formatDistance(0.001)).toBe("10 m");
    expect(formatDistance(9.96)).toBe("10 km");
    expect(formatDistance(9.94)).toBe("9.9 km");
  });
  it("finds the middle of a closed ring", () => {
    expect(ringCentre([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]])).toEqual({ lat: 1, lng: 1 });
  });
});

describe("parsePostcode", () => {
  it.each(["M33 7XX", "m337xx", " M33   7xx ", "M337XX"])("reads %j as M33 7XX", (raw) => {
    expect(parsePostcode(raw)).toEqual({ postcode: "M33 7XX", outcode: "M33", incode: "7XX" });
  });
  it("reads a district on its own", () => {
    expect(parsePostcode("wa14")).toEqual({ postcode: "WA14", outcode: "WA14", incode: null });
  });
  it.each(["", "hello", "12345", "M33 7XXX", "QQ1 1AA1"])("rejects %j", (raw) => {
    expect(parsePostcode(raw)).toBeNull();
  });
});
