import { describe, expect, it } from "vitest";
import {
  addDays,
  describeSlot,
  localDateOf,
  parseClockTime,
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
