// The friendly opening-hours editor ↔ OSM opening_hours (app/core/hours-editor.ts).
import { describe, expect, it } from "vitest";
import { emptyWeek, osmToWeek, parseClock, sameWeek, weekToOsm, type DayInput, type WeekInput } from "../../app/core/hours-editor";
import { isValidHours } from "../../app/core/hours";

const open = (from1: string, to1: string, from2 = "", to2 = ""): DayInput => ({ state: "open", from1, to1, from2, to2 });

function week(days: Partial<WeekInput>): WeekInput {
  return { ...emptyWeek(), ...days };
}

describe("parseClock", () => {
  it.each([
    ["9", "09:00"],
    ["09:30", "09:30"],
    ["9.30", "09:30"],
    ["0930", "09:30"],
    ["930", "09:30"],
    ["9am", "09:00"],
    ["9.30 am", "09:30"],
    ["5pm", "17:00"],
    ["5:15 PM", "17:15"],
    ["12pm", "12:00"],
    ["12am", "00:00"],
    ["noon", "12:00"],
    ["Midday", "12:00"],
    ["17:00", "17:00"],
  ])("reads %s as %s", (raw, want) => {
    expect(parseClock(raw)).toBe(want);
  });

  it("reads midnight and 00:00 as 24:00 when closing", () => {
    expect(parseClock("midnight", "to")).toBe("24:00");
    expect(parseClock("00:00", "to")).toBe("24:00");
    expect(parseClock("24:00", "to")).toBe("24:00");
    expect(parseClock("midnight", "from")).toBe("00:00");
  });

  it.each(["", "9ish", "25:00", "9:75", "13pm", "24:00", "noonish", "9-5"])("refuses %j", (raw) => {
    expect(parseClock(raw, "from")).toBeNull();
  });
});

describe("weekToOsm", () => {
  it("groups days with the same hours and leaves closed days out", () => {
    const w = week({ mo: open("9", "5pm"), tu: open("09:00", "17:00"), we: open("9am", "17:00"), th: open("9", "17"), fr: open("9", "17"), sa: open("10", "12") });
    const r = weekToOsm(w);
    expect(r.errors).toEqual({});
    expect(r.value).toBe("Mo-Fr 09:00-17:00; Sa 10:00-12:00");
    expect(isValidHours(r.value!)).toBe(true);
  });

  it("writes two days in a row with a comma, and days apart as a list", () => {
    expect(weekToOsm(week({ sa: open("10", "16"), su: open("10", "16") })).value).toBe("Sa,Su 10:00-16:00");
    expect(weekToOsm(week({ mo: open("10", "12"), we: open("10", "12"), fr: open("10", "12") })).value).toBe("Mo,We,Fr 10:00-12:00");
  });

  it("keeps a second period (a lunch break)", () => {
    const r = weekToOsm(week({ tu: open("9", "12:30", "13:30", "5pm") }));
    expect(r.value).toBe("Tu 09:00-12:30,13:30-17:00");
    expect(isValidHours(r.value!)).toBe(true);
  });

  it("writes every day as Mo-Su and closing at midnight as 24:00", () => {
    const all = Object.fromEntries(["mo", "tu", "we", "th", "fr", "sa", "su"].map((d) => [d, open("6am", "midnight")])) as unknown as WeekInput;
    expect(weekToOsm(all).value).toBe("Mo-Su 06:00-24:00");
  });

  it("gives null (and no errors) when every day is closed", () => {
    expect(weekToOsm(emptyWeek())).toEqual({ value: null, errors: {} });
  });

  it("ignores the times of a day marked closed", () => {
    expect(weekToOsm(week({ mo: { state: "closed", from1: "nonsense", to1: "", from2: "", to2: "" }, tu: open("9", "10") })).value).toBe("Tu 09:00-10:00");
  });

  it("names the day in every error", () => {
    const r = weekToOsm(
      week({
        mo: open("17:00", "09:00"),
        tu: open("9ish", "17:00"),
        we: open("", "17:00"),
        th: open("09:00", ""),
        fr: open("", ""),
        sa: open("09:00", "13:00", "12:00", "15:00"),
        su: open("09:00", "12:00", "13:00", ""),
      }),
    );
    expect(r.value).toBeNull();
    expect(r.errors["hours.mo"]).toMatch(/^Monday: the closing time must be after the opening time/);
    expect(r.errors["hours.tu"]).toMatch(/^Tuesday: “9ish” is not a time we understand/);
    expect(r.errors["hours.we"]).toBe("Wednesday: enter the time it opens");
    expect(r.errors["hours.th"]).toBe("Thursday: enter the time it closes");
    expect(r.errors["hours.fr"]).toMatch(/^Friday: enter the times it opens and closes/);
    expect(r.errors["hours.sa"]).toBe("Saturday: the second period must start after the first one ends");
    expect(r.errors["hours.su"]).toBe("Sunday: enter the time it closes for the second period");
  });
});

describe("osmToWeek", () => {
  it("reads the simple shapes the editor can show", () => {
    const w = osmToWeek("Mo-Fr 09:00-17:00; Sa 10:00-12:00,13:00-15:00; Su off")!;
    expect(w.mo).toEqual(open("09:00", "17:00"));
    expect(w.fr).toEqual(open("09:00", "17:00"));
    expect(w.sa).toEqual(open("10:00", "12:00", "13:00", "15:00"));
    expect(w.su.state).toBe("closed");
  });

  it("reads lists, wrapping ranges, a rule without days and 24/7", () => {
    expect(osmToWeek("Mo,We,Fr 10:00-12:00")!.we).toEqual(open("10:00", "12:00"));
    expect(osmToWeek("Mo,We,Fr 10:00-12:00")!.tu.state).toBe("closed");
    const wrap = osmToWeek("Sa-Mo 10:00-16:00")!;
    expect([wrap.sa.state, wrap.su.state, wrap.mo.state, wrap.tu.state]).toEqual(["open", "open", "open", "closed"]);
    expect(osmToWeek("08:00-20:00")!.su).toEqual(open("08:00", "20:00"));
    expect(osmToWeek("24/7")!.we).toEqual(open("00:00", "24:00"));
  });

  it.each([
    "Mo-Fr 09:00-17:00; PH off",
    "Tu 18:00-02:00",
    "Mo 09:00-10:00,11:00-12:00,13:00-14:00",
    "Mo-Fr 09:00-17:00; Fr 10:00-12:00",
    "Jan-Mar Mo 10:00-12:00",
    "Mo[1] 10:00-12:00",
    "sunrise-sunset",
    "",
  ])("leaves %j to the advanced box", (value) => {
    expect(osmToWeek(value)).toBeNull();
  });

  it("round-trips: what the editor writes, it reads back to the same hours", () => {
    for (const value of ["Mo-Fr 09:00-17:00; Sa 10:00-12:00", "Sa,Su 10:00-16:00", "Tu 09:00-12:30,13:30-17:00", "Mo,We,Fr 10:00-12:00; Tu 14:00-15:00"]) {
      const w = osmToWeek(value)!;
      expect(weekToOsm(w).value).toBe(value);
    }
  });

  it("treats different spellings of the same week as the same", () => {
    expect(sameWeek(osmToWeek("Mo,Tu,We,Th,Fr 09:00-17:00")!, osmToWeek("Mo-Fr 09:00-17:00")!)).toBe(true);
    expect(sameWeek(osmToWeek("Mo-Fr 09:00-17:00")!, osmToWeek("Mo-Fr 09:00-17:30")!)).toBe(false);
  });
});
