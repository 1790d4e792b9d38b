import { describe, expect, it } from "vitest";
import { parseDailyArgs } from "../../../src/core/daily/args.js";

const message = (args: string) => {
  const action = parseDailyArgs(args);
  if (action.name !== "invalid") throw new Error(`expected a mistake, got ${action.name}`);
  return action.message;
};

describe("the daily command language", () => {
  it("accepts on with no time, a time, a zone, or both in either order", () => {
    expect(parseDailyArgs("on")).toEqual({ name: "on", time: undefined, timeZone: undefined });
    expect(parseDailyArgs("on 9:00")).toEqual({
      name: "on",
      time: { hour: 9, minute: 0 },
      timeZone: undefined,
    });
    expect(parseDailyArgs("on 07:45 Europe/Berlin")).toEqual({
      name: "on",
      time: { hour: 7, minute: 45 },
      timeZone: "Europe/Berlin",
    });
    expect(parseDailyArgs("ON europe/berlin 07:45")).toEqual({
      name: "on",
      time: { hour: 7, minute: 45 },
      timeZone: "Europe/Berlin",
    });
    expect(parseDailyArgs("on Asia/Tokyo")).toEqual({ name: "on", time: undefined, timeZone: "Asia/Tokyo" });
  });

  it("reads a zone given as an abbreviation, a city of one or more words, or an offset, and says so", () => {
    expect(parseDailyArgs("on 9:30 EST")).toEqual({
      name: "on",
      time: { hour: 9, minute: 30 },
      timeZone: "America/New_York",
      zoneNote: '"EST" is read as America/New_York, which follows its daylight-saving changes.',
    });
    expect(parseDailyArgs("on new york 7:00")).toMatchObject({
      time: { hour: 7, minute: 0 },
      timeZone: "America/New_York",
    });
    expect(parseDailyArgs("on 9:30 berlin")).toMatchObject({ timeZone: "Europe/Berlin" });
    expect(parseDailyArgs("on 9:30 UTC+2")).toMatchObject({
      timeZone: "UTC+2",
      zoneNote: "UTC+2 is a fixed offset: it does not change for daylight saving.",
    });
    expect(parseDailyArgs("on 9:30 Europe/Berlin")).not.toHaveProperty("zoneNote");
  });

  it("accepts off, status and preview", () => {
    expect(parseDailyArgs("off")).toEqual({ name: "off" });
    expect(parseDailyArgs("Status")).toEqual({ name: "status" });
    expect(parseDailyArgs("preview")).toEqual({ name: "preview" });
  });

  it("says a time must be 24-hour HH:MM for 25:00 and 9pm", () => {
    expect(message("on 25:00")).toContain("24-hour HH:MM");
    expect(message("on 25:00")).toContain('"25:00" is not a valid time');
    expect(message("on 9pm")).toContain("24-hour HH:MM");
    expect(message("on 9 pm Europe/Berlin")).toContain("24-hour HH:MM");
    expect(message("on 9")).toContain("24-hour HH:MM");
  });

  it("says an unknown time zone is unknown and gives an example", () => {
    const text = message("on 09:00 Mars/Olympus");
    expect(text).toContain('"Mars/Olympus" is not a time zone I know');
    expect(text).toContain("Europe/Berlin");
  });

  it("refuses two times, two zones, extra words, and unknown subcommands", () => {
    expect(message("on 09:00 10:00")).toContain("one time only");
    expect(message("on UTC Europe/Berlin")).toContain("one time zone only");
    expect(message("on 09:00 Europe/Berlin please")).toContain("Too many words");
    expect(message("off now")).toContain("takes nothing after it");
    expect(message("sometimes")).toContain('Unknown daily command "sometimes"');
    expect(message("")).toContain("/letter daily on [HH:MM] [time zone]");
  });
});
