import { describe, expect, it } from "vitest";
import {
  addDays,
  describeSlot,
  localDateOf,
  parseClockTime,
  readTimeZone,
  resolveTimeZone,
  slotOn,
} from "../../../src/core/daily/time.js";

describe("time zones and local times", () => {
  it("resolves IANA names regardless of case to their canonical spelling", () => {
    expect(resolveTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(resolveTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(resolveTimeZone("AMERICA/NEW_YORK")).toBe("America/New_York");
    expect(resolveTimeZone("utc")).toBe("UTC");
  });

  it("rejects unknown zones and offsets", () => {
    expect(resolveTimeZone("Mars/Olympus")).toBeUndefined();
    expect(resolveTimeZone("+01:00")).toBeUndefined();
    expect(resolveTimeZone("")).toBeUndefined();
  });

  it("reads common abbreviations as the zones people mean, with their daylight saving", () => {
    const cases: [string, string][] = [
      ["EST", "America/New_York"],
      ["edt", "America/New_York"],
      ["CST", "America/Chicago"],
      ["CDT", "America/Chicago"],
      ["MST", "America/Denver"],
      ["MDT", "America/Denver"],
      ["PST", "America/Los_Angeles"],
      ["PDT", "America/Los_Angeles"],
      ["GMT", "Europe/London"],
      ["BST", "Europe/London"],
      ["CET", "Europe/Paris"],
      ["CEST", "Europe/Paris"],
      ["IST", "Asia/Kolkata"],
      ["JST", "Asia/Tokyo"],
      ["AEST", "Australia/Sydney"],
    ];
    for (const [typed, zone] of cases) {
      expect(readTimeZone(typed)).toEqual({ zone, readAs: "abbreviation" });
    }
    // New York is on daylight saving in July (UTC-4); IANA's own "EST" (Panama) never is.
    const july = slotOn("2026-07-01", { hour: 9, minute: 30 }, resolveTimeZone("EST") ?? "");
    expect(july.toISO()).toBe("2026-07-01T09:30:00.000-04:00");
  });

  it("reads a city as the IANA zone named after it", () => {
    expect(readTimeZone("berlin")).toEqual({ zone: "Europe/Berlin", readAs: "city" });
    expect(readTimeZone("new york")).toEqual({ zone: "America/New_York", readAs: "city" });
    // ICU lists some zones under an older name (America/Buenos_Aires); either is the same zone.
    expect(readTimeZone("Buenos Aires")?.zone).toMatch(/^America\/(?:Argentina\/)?Buenos_Aires$/);
    expect(resolveTimeZone("kolkata")).toBe("Asia/Kolkata");
    expect(readTimeZone("atlantis")).toBeUndefined();
  });

  it("reads fixed offsets from UTC or GMT", () => {
    expect(readTimeZone("UTC+2")).toEqual({ zone: "UTC+2", readAs: "offset" });
    expect(readTimeZone("GMT-5")).toEqual({ zone: "UTC-5", readAs: "offset" });
    expect(readTimeZone("utc+05:30")).toEqual({ zone: "UTC+5:30", readAs: "offset" });
    expect(readTimeZone("UTC+0")).toEqual({ zone: "UTC" });
    expect(readTimeZone("UTC+15")).toBeUndefined();
    expect(slotOn("2026-07-01", { hour: 9, minute: 0 }, "UTC+2").toUTC().toISO()).toBe(
      "2026-07-01T07:00:00.000Z",
    );
  });

  it("parses 24-hour HH:MM and H:MM, and nothing else", () => {
    expect(parseClockTime("09:00")).toEqual({ hour: 9, minute: 0 });
    expect(parseClockTime("9:00")).toEqual({ hour: 9, minute: 0 });
    expect(parseClockTime("23:59")).toEqual({ hour: 23, minute: 59 });
    for (const bad of ["25:00", "24:00", "12:60", "9pm", "9", "0900", "9:0"]) {
      expect(parseClockTime(bad)).toBeUndefined();
    }
  });

  it("puts a time skipped by spring-forward at the first minute after the gap", () => {
    const slot = slotOn("2026-03-08", { hour: 2, minute: 30 }, "America/New_York");
    expect(slot.toISO()).toBe("2026-03-08T03:00:00.000-04:00");
  });

  it("puts a time repeated by fall-back at its first occurrence", () => {
    const slot = slotOn("2026-11-01", { hour: 1, minute: 30 }, "America/New_York");
    expect(slot.toISO()).toBe("2026-11-01T01:30:00.000-04:00");
  });

  it("leaves ordinary times alone", () => {
    expect(slotOn("2026-11-27", { hour: 9, minute: 0 }, "Europe/Berlin").toISO()).toBe(
      "2026-11-27T09:00:00.000+01:00",
    );
  });

  it("knows the local date of an instant and the days after it", () => {
    expect(localDateOf(new Date("2026-11-26T23:30:00Z"), "Europe/Berlin")).toBe("2026-11-27");
    expect(localDateOf(new Date("2026-11-26T23:30:00Z"), "UTC")).toBe("2026-11-26");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });

  it("describes the next post relative to today in the channel's zone", () => {
    const now = new Date("2026-11-26T10:00:00Z");
    const tomorrow = slotOn("2026-11-27", { hour: 9, minute: 0 }, "Europe/Berlin");
    expect(describeSlot(tomorrow, now, "Europe/Berlin")).toBe(
      "tomorrow, Fri 27 Nov at 09:00 (Europe/Berlin)",
    );
    const today = slotOn("2026-11-26", { hour: 18, minute: 0 }, "Europe/Berlin");
    expect(describeSlot(today, now, "Europe/Berlin")).toBe("today, Thu 26 Nov at 18:00 (Europe/Berlin)");
    const later = slotOn("2026-11-29", { hour: 9, minute: 0 }, "Europe/Berlin");
    expect(describeSlot(later, now, "Europe/Berlin")).toBe("Sun 29 Nov at 09:00 (Europe/Berlin)");
  });
});
