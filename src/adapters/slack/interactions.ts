/**
 * What Slack sends besides messages and commands, answered through the platform-neutral bot: a
 * pressed button (its value read back with `parseAction`), the message shortcut "Check in the
 * letter", and the Home tab. Replies to a press or a shortcut go through the interaction's response
 * URL, which needs no membership in the channel, else through the Web API.
 */
import type { webApi } from "@slack/bolt";
import {
  type Bot,
  type BotReply,
  type BotRequest,
  errorReply,
  type Logger,
  parseAction,
  type RequestGate,
  type Subscription,
} from "../../core/index.js";
import { ARTICLE_PAGE_PATH } from "../web/article-page.js";
import { renderHome } from "./home.js";
import { isBotInChannel, turnsDailyOn } from "./membership.js";
import { type PostOptions, postMessage } from "./publisher.js";
import type { SlackMessage } from "./render.js";
import { respondTo } from "./respond.js";
import { type SlackInteraction, translateBlockAction, translateMessageShortcut } from "./translate.js";

/** What answering interactions needs from the adapter. */
export interface InteractionDeps {
  bot: Bot;
  logger: Logger;
  gate: RequestGate;
  /** Renders a reply as the app does: buttons, citation links. */
  render: (reply: BotReply) => SlackMessage;
  /** How a public reply is posted when there is no response URL. */
  postOptions: PostOptions;
  /** A fresh deadline for one reply, which shutdown ends sooner. */
  replyDeadline: () => AbortSignal;
  /** `PUBLIC_URL`, for the Home tab's link to the article page. */
  publicUrl?: string | undefined;
  /** The daily-quote subscriptions of a workspace's channels, for the Home tab. */
  subscriptions?: ((workspace: string) => Promise<Subscription[]>) | undefined;
}

/** The interaction handlers of one Slack app. */
export function createInteractions(deps: InteractionDeps) {
  const { bot, logger, gate, render, postOptions, replyDeadline, publicUrl, subscriptions } = deps;

  /** The request, marked with whether the bot is in its channel when it turns daily quotes on. */
  const withMembership = async (client: webApi.WebClient, request: BotRequest, command: string) => {
    if (!turnsDailyOn(command)) return request;
    const member = await isBotInChannel(client, request.where.channel);
    return member === undefined ? request : { ...request, botIsMember: member };
  };

  /**
   * Sends the reply to a button press or a shortcut: through its response URL (privately, or in
   * the channel for a public reply, in the thread it came from), else through the Web API.
   */
  const deliver = async (client: webApi.WebClient, to: SlackInteraction, reply: BotReply) => {
    const message = render(reply);
    const inChannel = reply.visibility === "public";
    const thread = to.threadTs ? { thread_ts: to.threadTs } : {};
    if (to.responseUrl) {
      await respondTo(
        to.responseUrl,
        {
          response_type: inChannel ? "in_channel" : "ephemeral",
          replace_original: false,
          ...(inChannel ? thread : {}),
          text: message.text,
          blocks: message.blocks,
        },
        replyDeadline(),
      );
      return;
    }
    if (inChannel) {
      await postMessage(client, { channel: to.channel, threadTs: to.threadTs }, message, {
        ...postOptions,
        signal: replyDeadline(),
      });
      return;
    }
    await client.chat.postEphemeral({
      channel: to.channel,
      user: to.request.user,
      ...thread,
      text: message.text,
      blocks: message.blocks,
    });
  };

  /** A pressed button: its value read back and checked, then what it asks done for the person. */
  const pressed = async (client: webApi.WebClient, body: unknown) => {
    const press = translateBlockAction(body);
    if (!press) {
      logger.warn("Slack button press with no channel or value; ignored");
      return;
    }
    const parsed = parseAction(press.value, bot.article);
    if (!parsed.ok) {
      // The value is not logged: it is whatever the sender made it.
      logger.warn("Slack button press refused: not a value letterbot made", {
        reason: parsed.reason,
        workspace: press.request.where.workspace,
      });
      await deliver(client, press, errorReply(parsed.message, []));
      return;
    }
    const admission = gate.admit(press.request);
    if (admission.verdict === "drop") return;
    if (admission.verdict === "notice") {
      await deliver(client, press, admission.reply);
      return;
    }
    const { action } = parsed;
    const request =
      action.kind === "suggest" ? await withMembership(client, press.request, action.command) : press.request;
    await deliver(client, press, await bot.act(action, request, { sharedBy: press.userName }));
  };

  /** "Check in the letter" on a message: the message checked as a claim, answered privately. */
  const checked = async (client: webApi.WebClient, body: unknown) => {
    const check = translateMessageShortcut(body);
    if (!check) {
      logger.warn("Slack message shortcut letterbot cannot answer; ignored");
      return;
    }
    const admission = gate.admit(check.request);
    if (admission.verdict === "drop") return;
    const reply = admission.verdict === "notice" ? admission.reply : await bot.handle(check.request);
    await deliver(client, check, { ...reply, visibility: "private" });
  };

  const articleUrl = publicUrl ? `${publicUrl.replace(/\/+$/, "")}${ARTICLE_PAGE_PATH}` : undefined;
  /** The Home tab for one person: what the bot does, and the workspace's daily quotes. */
  const publishHome = async (client: webApi.WebClient, user: string, workspace: string | undefined) => {
    let daily: Subscription[] | undefined = [];
    if (workspace && subscriptions) {
      try {
        daily = await subscriptions(workspace);
      } catch (err) {
        logger.warn("Slack Home tab: daily-quote status unavailable", { err });
        daily = undefined;
      }
    }
    await client.views.publish({ user_id: user, view: renderHome(bot.article, daily, { articleUrl }) });
  };

  return { withMembership, pressed, checked, publishHome };
}
