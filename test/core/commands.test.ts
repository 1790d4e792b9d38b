import { describe, expect, it } from "vitest";
import { COMMANDS, exampleOf, formatCommand, parseCommand, usageOf } from "../../src/core/index.js";

describe("parseCommand", () => {
  it("reads an empty command as help", () => {
    expect(parseCommand("")).toEqual({ name: "help" });
    expect(parseCommand("   ")).toEqual({ name: "help" });
  });

  it("reads each subcommand and its argument", () => {
    expect(parseCommand("demands")).toEqual({ name: "demands" });
    expect(parseCommand("demands 2")).toEqual({ name: "demands", number: 2 });
    expect(parseCommand("demands two")).toEqual({ name: "demands", raw: "two" });
    expect(parseCommand("ask who is palantir?")).toEqual({ name: "ask", question: "who is palantir?" });
    expect(parseCommand("quote")).toEqual({ name: "quote" });
    expect(parseCommand("quote ICE")).toEqual({ name: "quote", topic: "ICE" });
    expect(parseCommand("search children detention")).toEqual({
      name: "search",
      words: "children detention",
    });
    expect(parseCommand("about")).toEqual({ name: "about" });
    expect(parseCommand("context 11")).toEqual({ name: "context", raw: "11" });
    expect(parseCommand("daily on 09:00 Europe/Berlin")).toEqual({
      name: "daily",
      args: "on 09:00 Europe/Berlin",
    });
    expect(parseCommand("help")).toEqual({ name: "help" });
  });

  it("drops punctuation a removed mention leaves in front", () => {
    expect(parseCommand(": demands 2")).toEqual({ name: "demands", number: 2 });
    expect(parseCommand(", who is palantir?")).toEqual({ name: "ask", question: "who is palantir?" });
  });

  it("ignores the case of the command word", () => {
    expect(parseCommand("DEMANDS 1")).toEqual({ name: "demands", number: 1 });
  });

  it("treats anything that is not a command word as a question", () => {
    expect(parseCommand("who is palantir?")).toEqual({ name: "ask", question: "who is palantir?" });
    expect(parseCommand("demanding times")).toEqual({ name: "ask", question: "demanding times" });
    expect(parseCommand("about the children")).toEqual({ name: "ask", question: "about the children" });
  });

  it("reads check and its claim", () => {
    expect(parseCommand("check they wrote to the CEO")).toEqual({
      name: "check",
      claim: "they wrote to the CEO",
    });
    expect(parseCommand("check")).toEqual({ name: "check", claim: "" });
  });

  it("documents every subcommand with a usage line and an example that parses to it", () => {
    for (const c of COMMANDS) {
      expect(usageOf(c, "slack", 3).startsWith(c.name)).toBe(true);
      const example = exampleOf(c, "slack");
      expect(example.startsWith(`/letter ${c.name}`)).toBe(true);
      expect(parseCommand(example.replace("/letter ", "")).name).toBe(c.name);
    }
  });
});

describe("commands on each platform, from the one table", () => {
  const spec = (name: string) => {
    const found = COMMANDS.find((c) => c.name === name);
    if (!found) throw new Error(`no command ${name}`);
    return found;
  };

  it("writes usage with placeholders in chat text and with named options on Discord", () => {
    expect(usageOf(spec("ask"), "slack", 3)).toBe("ask <question>");
    expect(usageOf(spec("ask"), "console", 3)).toBe("ask <question>");
    expect(usageOf(spec("ask"), "discord", 3)).toBe("ask question:");
    expect(usageOf(spec("quote"), "discord", 3)).toBe("quote [topic:]");
    expect(usageOf(spec("daily"), "slack", 3)).toBe("daily on [HH:MM] [time zone] | off | status | preview");
    expect(usageOf(spec("daily"), "discord", 3)).toBe(
      "daily on [time:] [timezone:] | daily off | daily status | daily preview",
    );
  });

  it("takes the range of demand numbers from the article's count", () => {
    expect(usageOf(spec("demands"), "slack", 3)).toBe("demands [1-3]");
    expect(usageOf(spec("demands"), "slack", 5)).toBe("demands [1-5]");
  });

  it("writes a command as typed on each platform", () => {
    expect(formatCommand("/letter demands 2", "slack")).toBe("/letter demands 2");
    expect(formatCommand("/letter demands 2", "discord")).toBe("/letter demands number: 2");
    expect(formatCommand("/letter ask who wrote it?", "discord")).toBe("/letter ask question: who wrote it?");
    // Discord has no free-text form: a question is asked with `ask`.
    expect(formatCommand("who wrote it?", "discord")).toBe("/letter ask question: who wrote it?");
    expect(formatCommand("/letter about", "discord")).toBe("/letter about");
    expect(formatCommand("/letter daily on 09:30 Europe/Berlin", "discord")).toBe(
      "/letter daily on time: 09:30 timezone: Europe/Berlin",
    );
    expect(formatCommand("/letter daily on new york 7:30", "discord")).toBe(
      "/letter daily on time: 7:30 timezone: new york",
    );
    expect(formatCommand("/letter daily off", "discord")).toBe("/letter daily off");
    expect(exampleOf(spec("context"), "discord")).toBe("/letter context paragraph: 11");
  });
});
