import { DiscordAPIError } from "discord.js";
import { describe, expect, it } from "vitest";
import { describeError, publishError, scrubTokens } from "../../../src/adapters/discord/errors.js";
import { createDiscordPublisher, nonceFor } from "../../../src/adapters/discord/publisher.js";
import { isBotError } from "../../../src/core/index.js";
import { answerReply } from "../../fixtures/discord/replies.js";

const apiError = (code: number, status: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, "POST", "https://discord.test/api/v10/x", {});

const where = {
  platform: "discord" as const,
  workspace: "1300000000000000100",
  channel: "1300000000000000200",
};

describe("nonceFor", () => {
  it("is stable for a key, different across keys, and at most 25 characters", () => {
    expect(nonceFor("daily:a:2024-03-04")).toBe(nonceFor("daily:a:2024-03-04"));
    expect(nonceFor("daily:a:2024-03-04")).not.toBe(nonceFor("daily:a:2024-03-05"));
    expect(nonceFor("x".repeat(500))).toHaveLength(25);
  });
});

describe("publishError", () => {
  it.each([
    [10003, 404, "Unknown Channel"],
    [10004, 404, "Unknown Guild"],
    [50001, 403, "Missing Access"],
    [50013, 403, "Missing Permissions"],
  ])("treats %i (%s) as permanent", (code, status, message) => {
    expect(publishError(apiError(code, status, message), where.channel).code).toBe("publish_permanent");
  });

  it("treats a refused request as transient, and server errors and network failures as uncertain", () => {
    expect(publishError(apiError(50035, 400, "Invalid Form Body"), "1").code).toBe("publish_transient");
    expect(publishError(apiError(0, 500, "Internal Server Error"), "1").code).toBe("publish_uncertain");
    expect(publishError(new TypeError("fetch failed"), "1").code).toBe("publish_uncertain");
  });
});

describe("describeError and scrubTokens", () => {
  it("keeps interaction and webhook tokens out of log fields", () => {
    const err = Object.assign(new Error("failed POST /interactions/123/aW50ZXJhY3Rpb24.secret/callback"), {
      code: 10062,
      status: 404,
      url: "https://discord.com/api/v10/interactions/123/aW50ZXJhY3Rpb24.secret/callback",
    });
    const fields = describeError(err);
    expect(JSON.stringify(fields)).not.toContain("aW50ZXJhY3Rpb24");
    expect(fields).toMatchObject({ code: 10062, status: 404 });
    expect(scrubTokens("/webhooks/1/abc-def")).toBe("/webhooks/1/[token]");
  });
});

describe("createDiscordPublisher", () => {
  it("posts the rendered reply with a nonce that Discord must enforce, and returns the message id", async () => {
    const calls: { route: string; body: unknown }[] = [];
    const publisher = createDiscordPublisher({
      post: async (route, options) => {
        calls.push({ route, body: options.body });
        return { id: "1300000000000000999" };
      },
    });
    const published = await publisher.publish(where, answerReply, { idempotencyKey: "daily:k" });
    expect(published).toEqual({ messageId: "1300000000000000999" });
    expect(calls[0]?.route).toBe(`/channels/${where.channel}/messages`);
    expect(calls[0]?.body).toMatchObject({ nonce: nonceFor("daily:k"), enforce_nonce: true });
    expect(calls[0]?.body).not.toHaveProperty("flags");
  });

  it("refuses a channel of another platform as permanent, without calling Discord", async () => {
    const publisher = createDiscordPublisher({
      post: async () => {
        throw new Error("must not be called");
      },
    });
    const failure = await publisher
      .publish({ ...where, platform: "slack" }, answerReply, { idempotencyKey: "k" })
      .catch((e: unknown) => e);
    expect(isBotError(failure, "publish_permanent")).toBe(true);
  });

  it("wraps a failed post as a BotError", async () => {
    const publisher = createDiscordPublisher({
      post: async () => {
        throw apiError(50013, 403, "Missing Permissions");
      },
    });
    const failure = await publisher
      .publish(where, answerReply, { idempotencyKey: "k" })
      .catch((e: unknown) => e);
    expect(isBotError(failure, "publish_permanent")).toBe(true);
    expect((failure as Error).message).toContain("Missing Permissions");
  });
});
