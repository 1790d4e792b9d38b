/** `/letter daily on | off | status | preview` for the channel a request comes from. */
import { errorReply } from "../bot.js";
import type { BotReply, BotRequest, ChannelRef } from "../types.js";
import { DEFAULT_DAILY_TIME, parseDailyArgs } from "./args.js";
import { type DailyContext, upcomingPassage } from "./context.js";
import { isUnconfirmed } from "./post.js";
import { dailyReply, previewReply } from "./replies.js";
import { nextSlot } from "./schedule.js";
import type { Subscription } from "./store.js";
import { type ClockTime, describeSlot, formatClockTime, parseClockTime } from "./time.js";

/** Uncertain posts `daily status` names, newest first. */
const MAX_UNCERTAIN_SHOWN = 3;

/** The refusal for `daily on` in a channel the bot cannot post to until it is invited. */
export const INVITE_FIRST =
  "I'm not a member of this channel, so I could not post daily quotes here. Invite me first with /invite @letterbot, then type /letter daily on again. Nothing was changed.";

/** The refusal for `daily on|off` from someone who may not change the channel's settings. */
const NEEDS_MANAGE_PERMISSION =
  "Only members who can manage this channel can turn daily quotes on or off. Ask a moderator, or see /letter daily status.";

/** Runs daily-quote commands; the same shape as `DailyCommands` in `bot.ts`. */
export interface DailyCommandHandler {
  /** Handles the text after `daily` for the request's channel. Replies are private. */
  handle(args: string, request: BotRequest): Promise<BotReply>;
}

/** Creates the command handler over a daily context. */
export function createDailyCommands(context: DailyContext): DailyCommandHandler {
  const { store } = context;

  const describeNext = async (subscription: Subscription): Promise<string> => {
    const now = context.now();
    const slot = await nextSlot(subscription, now, context.graceMinutes, (date) =>
      store.getPost(subscription.where, date),
    );
    const when = describeSlot(slot.at, now, subscription.timeZone);
    return slot.at.toMillis() <= now.getTime() ? `any minute now (due ${when})` : when;
  };

  // Confirmed posts are counted apart from those that may not have arrived, which are named by date.
  const tally = async (where: ChannelRef): Promise<string[]> => {
    const { posted, unconfirmed } = await store.tallyPosts(where);
    const now = context.now();
    const uncertain = unconfirmed.filter((record) => isUnconfirmed(record, now));
    const count = `Quotes posted here so far: ${posted}${uncertain.length ? `, and ${uncertain.length} uncertain` : ""}.`;
    const shown = uncertain.slice(0, MAX_UNCERTAIN_SHOWN).map((record) => {
      const why = record.error ? ` (${record.error.replace(/[.\s]+$/, "")})` : "";
      return `Uncertain: the post for ${record.localDate} may not have arrived${why}.`;
    });
    return [count, ...shown];
  };

  const schedule = (s: Pick<Subscription, "time" | "timeZone">) =>
    `one quote a day at ${s.time} (${s.timeZone})`;

  const on = async (
    where: ChannelRef,
    time?: ClockTime,
    timeZone?: string,
    zoneNote?: string,
  ): Promise<BotReply> => {
    const existing = await store.getSubscription(where);
    const wanted = {
      time: formatClockTime(time ?? (existing && parseClockTime(existing.time)) ?? DEFAULT_DAILY_TIME),
      timeZone: timeZone ?? existing?.timeZone ?? context.defaultTimeZone,
    };
    const unchanged =
      existing && !existing.paused && existing.time === wanted.time && existing.timeZone === wanted.timeZone;
    const subscription: Subscription = {
      where,
      ...wanted,
      since: unchanged ? existing.since : context.now().toISOString(),
    };
    await store.saveSubscription(subscription);
    const first = !existing
      ? "Daily quotes are on for this channel"
      : existing.paused
        ? "Daily quotes are back on for this channel"
        : unchanged
          ? "Daily quotes were already on for this channel"
          : "Daily quotes changed for this channel";
    return dailyReply(
      [
        `${first}: ${schedule(subscription)}.`,
        ...(zoneNote ? [zoneNote] : []),
        `Next: ${await describeNext(subscription)}.`,
      ],
      ["/letter daily preview", "/letter daily off"],
    );
  };

  const off = async (where: ChannelRef): Promise<BotReply> => {
    const removed = await store.removeSubscription(where);
    return removed
      ? dailyReply(["Daily quotes are off for this channel."], ["/letter daily on"])
      : dailyReply(["This channel was not getting daily quotes; nothing changed."], ["/letter daily on"]);
  };

  const status = async (where: ChannelRef): Promise<BotReply> => {
    const subscription = await store.getSubscription(where);
    if (!subscription) {
      return dailyReply(
        [
          "This channel is not getting daily quotes.",
          `Turn them on with /letter daily on [HH:MM] [time zone] (default ${formatClockTime(DEFAULT_DAILY_TIME)} ${context.defaultTimeZone}).`,
        ],
        ["/letter daily on"],
      );
    }
    const count = await tally(where);
    if (subscription.paused) {
      const since = subscription.paused.at.slice(0, 10);
      return dailyReply(
        [
          `Daily quotes are paused in this channel since ${since}: ${subscription.paused.reason}`,
          `Turn them back on with /letter daily on once that is fixed (${schedule(subscription)}).`,
          ...count,
        ],
        ["/letter daily on"],
      );
    }
    return dailyReply(
      [
        `Daily quotes are on for this channel: ${schedule(subscription)}.`,
        `Next: ${await describeNext(subscription)}.`,
        ...count,
      ],
      ["/letter daily preview", "/letter daily off"],
    );
  };

  const preview = async (where: ChannelRef): Promise<BotReply> => {
    const subscription = await store.getSubscription(where);
    const active = subscription && !subscription.paused ? subscription : undefined;
    const slot = active
      ? await nextSlot(active, context.now(), context.graceMinutes, (date) => store.getPost(where, date))
      : undefined;
    const passage = await upcomingPassage(context, where, slot);
    if (!passage) return errorReply("The article has no quotable passages to post.", ["/letter help"]);
    return previewReply(passage, active ? await describeNext(active) : undefined);
  };

  return {
    async handle(args, request) {
      const action = parseDailyArgs(args);
      if ((action.name === "on" || action.name === "off") && request.canManageChannel === false) {
        return errorReply(NEEDS_MANAGE_PERMISSION, ["/letter daily status", "/letter daily preview"]);
      }
      if (action.name === "on" && request.botIsMember === false) {
        return errorReply(INVITE_FIRST, ["/letter daily preview"]);
      }
      try {
        switch (action.name) {
          case "invalid":
            return errorReply(action.message, [`/letter daily on 09:00 ${context.defaultTimeZone}`]);
          case "on":
            return await on(request.where, action.time, action.timeZone, action.zoneNote);
          case "off":
            return await off(request.where);
          case "status":
            return await status(request.where);
          case "preview":
            return await preview(request.where);
        }
      } catch (err) {
        context.logger.error("daily command failed", { err, action: action.name });
        return errorReply("Daily quotes are unavailable right now; please try again later.", [
          "/letter daily status",
        ]);
      }
    },
  };
}
