import {
  type Article,
  BotError,
  type BotReply,
  type ChannelRef,
  type Platform,
  type Published,
  type Publisher,
  parseArticle,
} from "../../../src/core/index.js";

/** A small article with seven quotable passages: five letter sentences and two demands. */
export const FIXTURE_SOURCE = `---
title: Test title
subtitle: Test subtitle
author: Test Author
authorRole: Writer
authorBio: Writes tests.
expertise: [Tests]
outlet: Test Outlet
readingTime: 1 min read
image:
  caption: A caption.
  credit: A credit
year: 2018
updated: June 22
firstReportedBy: Nobody
---

## report

The reporter wrote a short introduction to the letter here.

## letter

Dear Jeff,

We are writing to you about facial recognition software today. We believe the police should not use it at all. Short one.

We refuse to build the platform that powers ICE. We refuse to contribute to tools that violate human rights. The time to act is now and not later.

We call on you to:

## demands

- Stop selling facial recognition services to law enforcement
- Stop providing infrastructure to Palantir and any other partners.
`;

/** The fixture article. */
export function fixtureArticle(): Article {
  return parseArticle(FIXTURE_SOURCE, "fixture.md");
}

/** A channel on a platform. */
export function channel(id = "C1", platform: Platform = "slack", workspace = "T1"): ChannelRef {
  return { platform, workspace, channel: id };
}

/** One post a fake publisher made. */
export interface FakePost {
  where: ChannelRef;
  reply: BotReply;
  idempotencyKey: string;
}

/** A publisher that records posts in memory and fails when told to. */
export interface FakePublisher extends Publisher {
  posts: FakePost[];
  /** Errors thrown by the next calls, in order; empty means success. */
  failures: unknown[];
  /** Called before each post; may throw to simulate a crash mid-post. */
  beforePost?: () => void;
}

/** Creates a fake publisher for `platform`. */
export function fakePublisher(platform: Platform = "slack"): FakePublisher {
  const publisher: FakePublisher = {
    platform,
    posts: [],
    failures: [],
    async publish(where, reply, options): Promise<Published> {
      publisher.beforePost?.();
      const failure = publisher.failures.shift();
      if (failure !== undefined) throw failure;
      publisher.posts.push({ where, reply, idempotencyKey: options.idempotencyKey });
      return { messageId: `m${publisher.posts.length}` };
    },
  };
  return publisher;
}

/** A permanent publish error, as an adapter throws when the channel is gone. */
export const channelGone = () => new BotError("publish_permanent", "The channel no longer exists.");
/** A transient publish error, as an adapter throws when rate-limited. */
export const rateLimited = () => new BotError("publish_transient", "Rate limited; try again later.");

/** The quoted text of a daily post. */
export function postedText(reply: BotReply): string {
  const block = reply.blocks.find((b) => b.type === "quote");
  if (block?.type !== "quote") throw new Error("the post has no quote");
  return block.quote.text;
}

/** A mutable clock for tests. */
export function testClock(start: string) {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(iso: string) {
      current = new Date(iso);
    },
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}
