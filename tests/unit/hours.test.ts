import { describe, expect, it } from "vitest";
import { dailyColumnsToOsm, describeNow, englishToOsm, isOpenAt, isValidHours, parseOpenAt, ukWallClock, weeklyHours } from "../../app/core/hours";

describe("englishToOsm", () => {
  it.each([
    ["Mon-Fri: 6:30am-10:00pm, Sat-Sun: 8:00am-6:00pm", "Mo-Fr 06:30-22:00; Sa,Su 08:00-18:00"],
    ["Tuesdays, Wednesdays and Fridays, 10am-2pm", "Tu,We,Fr 10:00-14:00"],
    ["Wednesday 10am - 4pm", "We 10:00-16:00"],
    ["Monday to Friday, 9.30am-4pm", "Mo-Fr 09:30-16:00"],
    ["Wednesday 9:30am - 12noon", "We 09:30-12:00"],
    ["Thursday 1-3pm", "Th 13:00-15:00"],
  ])("reads %s", (text, osm) => {
    expect(englishToOsm(text)).toBe(osm);
    expect(isValidHours(osm)).toBe(true);
  });

  it.each(["First Tuesday of the month 10am-12pm", "By appointment", "Not known", "", "Term time only, Monday 9am-3pm"])(
    "refuses to guess %j",
    (text) => {
      expect(englishToOsm(text)).toBeNull();
    },
  );
});

describe("dailyColumnsToOsm", () => {
  it("groups equal days and closes CLOSED days", () => {
    const v = dailyColumnsToOsm({
      mo: "08:30-13:00,14:00-17:30",
      tu: "08:30-13:00,14:00-17:30",
      we: "08:30-13:00,14:00-17:30",
      th: "08:30-13:00,14:00-17:30",
      fr: "08:30-13:00,14:00-17:30",
      sa: "09:00-12:30",
      su: "CLOSED",
    });
    expect(v).toBe("Mo-Fr 08:30-13:00,14:00-17:30; Sa 09:00-12:30; Su off");
  });
  it("returns null for unreadable times", () => {
    expect(dailyColumnsToOsm({ mo: "morning only" })).toBeNull();
  });
});

describe("open now", () => {
  const hours = "Mo-Fr 08:30-13:00,14:00-17:30; Sa 09:00-12:30; Su off";
  it("is open on a weekday morning and closed at lunch and on Sunday", () => {
    expect(isOpenAt(hours, parseOpenAt("2026-11-23T10:00")!)).toBe(true); // Monday
    expect(isOpenAt(hours, parseOpenAt("2026-11-23T13:30")!)).toBe(false);
    expect(isOpenAt(hours, parseOpenAt("2026-11-22T10:00")!)).toBe(false); // Sunday
  });
  it("is unknown without hours", () => {
    expect(isOpenAt(null, new Date())).toBeNull();
    expect(isOpenAt("not hours at all", new Date())).toBeNull();
  });
  it("describes the next change in plain words", () => {
    expect(describeNow(hours, parseOpenAt("2026-11-23T10:00")!)).toBe("Open now, closes at 13:00");
    expect(describeNow(hours, parseOpenAt("2026-11-22T10:00")!)).toBe("Closed now, opens Monday at 08:30");
  });
  it("lists the week day by day", () => {
    const week = weeklyHours(hours, parseOpenAt("2026-11-25T10:00")!)!;
    expect(week.map((d) => d.day)).toEqual(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]);
    expect(week[0].times).toEqual(["08:30–13:00", "14:00–17:30"]);
    expect(week[6].times).toEqual([]);
  });
});

describe("UK time", () => {
  it("reads open_at with and without an offset", () => {
    const local = parseOpenAt("2026-07-01T09:15")!;
    expect([local.getHours(), local.getMinutes()]).toEqual([9, 15]);
    // 08:15 UTC in July is 09:15 in London (BST).
    const utc = parseOpenAt("2026-07-01T08:15:00Z")!;
    expect([utc.getHours(), utc.getMinutes()]).toEqual([9, 15]);
  });
  it("rejects impossible dates", () => {
    expect(parseOpenAt("2026-02-31T10:00")).toBeNull();
    expect(parseOpenAt("tomorrow")).toBeNull();
    expect(parseOpenAt("2026-01-01T25:00")).toBeNull();
  });
  it("gives London wall-clock time for an instant", () => {
    const w = ukWallClock(new Date("2026-01-15T12:00:00Z"));
    expect(w.getHours()).toBe(12);
    const s = ukWallClock(new Date("2026-06-15T12:00:00Z"));
    expect(s.getHours()).toBe(13);
  });
});
