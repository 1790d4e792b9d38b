import { describe, expect, it } from "vitest";
import { COMMANDS, parseCommand } from "../../src/core/index.js";

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

  it("documents every subcommand with a usage line and an example that parses to it", () => {
    for (const c of COMMANDS) {
      expect(c.usage.startsWith(c.name)).toBe(true);
      expect(parseCommand(c.example).name).toBe(c.name);
    }
  });
});
