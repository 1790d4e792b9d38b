/**
 * The README's table of commands against the code: every command the core has is listed, every
 * one it lists is offered on Discord as a `/letter` subcommand, and "who sees it" is what the core
 * makes of an example of each, on every platform.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCommands } from "../src/adapters/discord/definitions.js";
import { createMemoryStore } from "../src/adapters/store/memory.js";
import { COMMANDS, createDaily, type Platform, silentLogger } from "../src/core/index.js";
import { article, makeBot } from "./helpers.js";

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");

/** The rows of the table under "## Using it": the first command of each, and who sees its reply. */
const rows = (() => {
  const section = readme.slice(readme.indexOf("## Using it"), readme.indexOf("### Buttons on answers"));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `/letter"))
    .map((line) => {
      const cells = line.split(" | ").map((c) => c.replace(/^\| |\s*\|$/g, ""));
      const command = /`\/letter\s*([^`]*)`/.exec(cells[0] ?? "")?.[1] ?? "";
      return { command, seenBy: cells.at(-1) ?? "" };
    });
})();

/** A command of the table made concrete: its placeholders filled in with an example. */
const example = (command: string) =>
  command
    .replace("<question>", "who is palantir?")
    .replace("<claim>", "they wrote to the CEO")
    .replace("<words>", "palantir")
    .replace("<paragraph>", "11")
    .replace("[HH:MM] [time zone]", "09:00 UTC")
    .replace(/\s*\[[^\]]*\]/g, "")
    .trim();

describe("the README's table of commands", () => {
  it("lists every command, and each one it lists is a /letter subcommand on Discord", () => {
    const listed = new Set(rows.map((r) => r.command.split(" ")[0]).filter((w) => w && !w.startsWith("<")));
    expect([...listed].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    const letter = buildCommands(article).find((c) => c.name === "letter") as {
      options?: { name: string }[];
    };
    const onDiscord = (letter.options ?? []).map((o) => o.name);
    for (const name of listed) expect(onDiscord, name).toContain(name);
  });

  it.each<Platform>(["slack", "discord", "console"])(
    "says who sees each reply as the core makes it, on %s",
    async (platform) => {
      const daily = createDaily({ article, store: createMemoryStore(), logger: silentLogger });
      const bot = makeBot({ daily: daily.commands });
      expect(rows.length).toBeGreaterThan(10);
      for (const row of rows) {
        const text = example(row.command);
        const reply = await bot.handle({
          where: { platform, workspace: "W1", channel: "C1" },
          user: "U1",
          source: "command",
          text,
        });
        const expected = row.seenBy.startsWith("only you") ? "private" : "public";
        expect(`${text}: ${reply.visibility}`).toBe(`${text}: ${expected}`);
      }
    },
  );
});
