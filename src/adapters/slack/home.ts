/**
 * letterbot's Home tab in Slack: what it can do, the letter's demands, and which channels of the
 * workspace get a daily quote. Pure: published with `views.publish` when someone opens the tab.
 */
import { type Article, helpLines, type Subscription, toQuote } from "../../core/index.js";
import { chunkText } from "./chunk.js";
import { inert, inertWithin } from "./mrkdwn.js";
import { HEADER_TEXT_LIMIT, renderBlock, SECTION_TEXT_LIMIT, type SlackBlock } from "./render.js";

/** A Home tab view, as `views.publish` takes it. */
export interface HomeView {
  type: "home";
  blocks: SlackBlock[];
}

/** Most blocks Slack accepts in a Home tab. */
export const MAX_HOME_BLOCKS = 100;
/** Channels listed by name at most; the rest are counted. */
export const MAX_HOME_CHANNELS = 25;

/** What the Home tab shows besides the article. */
export interface HomeOptions {
  /** The address of the article page (`PUBLIC_URL/article`), linked when set. */
  articleUrl?: string | undefined;
}

const mrkdwn = (text: string) => ({ type: "mrkdwn", text, verbatim: true }) as const;
const section = (text: string): SlackBlock => ({ type: "section", text: mrkdwn(text) });
const context = (text: string): SlackBlock => ({ type: "context", elements: [mrkdwn(text)] });
const header = (text: string): SlackBlock => ({
  type: "header",
  text: { type: "plain_text", text: text.slice(0, HEADER_TEXT_LIMIT), emoji: false },
});

/** A channel as a link Slack shows by name (it never notifies anyone), or its id made inert. */
function channelLink(id: string): string {
  return /^[CG][A-Z0-9]{2,30}$/.test(id) ? `<#${id}>` : inert(id);
}

/** One channel's daily-quote line. */
function dailyLine(subscription: Subscription): string {
  const how = subscription.paused
    ? `paused since ${subscription.paused.at.slice(0, 10)}: ${subscription.paused.reason}`
    : `one quote a day at ${subscription.time} (${subscription.timeZone})`;
  return `• ${channelLink(subscription.where.channel)} — ${inertWithin(how, 500)}`;
}

function dailySection(subscriptions: readonly Subscription[] | undefined): SlackBlock[] {
  if (subscriptions === undefined) {
    return [section("The daily-quote status of this workspace cannot be read right now. Try again later.")];
  }
  if (!subscriptions.length) {
    return [
      section(
        "No channel in this workspace gets a daily quote yet. Type /letter daily on in a channel (after /invite @letterbot there) to start one.",
      ),
    ];
  }
  const sorted = [...subscriptions].sort((a, b) => a.where.channel.localeCompare(b.where.channel));
  const shown = sorted.slice(0, MAX_HOME_CHANNELS).map(dailyLine);
  const more = sorted.length - shown.length;
  const lines = [...shown, ...(more > 0 ? [`…and ${more} more channel${more === 1 ? "" : "s"}.`] : [])];
  const on = subscriptions.filter((s) => !s.paused).length;
  return [
    ...chunkLines(lines),
    context(
      `${on} channel${on === 1 ? "" : "s"} on, ${subscriptions.length - on} paused. In a channel: /letter daily status, /letter daily off.`,
    ),
  ];
}

/** Lines already made safe, in as few sections as fit. */
function chunkLines(lines: readonly string[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  let current = "";
  for (const line of lines) {
    if (current && current.length + 1 + line.length > SECTION_TEXT_LIMIT) {
      out.push(section(current));
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}

/**
 * The Home tab: a short introduction, every command as typed in Slack and the message shortcut,
 * the demands verbatim, and the daily-quote status of the workspace's channels (`subscriptions`
 * are that workspace's, on Slack; undefined when they could not be read).
 */
export function renderHome(
  article: Article,
  subscriptions: readonly Subscription[] | undefined,
  options: HomeOptions = {},
): HomeView {
  const { meta } = article;
  const intro = `I answer questions about ${meta.outlet}'s “${meta.title}” with exact quotes, and say where each one comes from. When the article does not answer a question, I say so instead of guessing.`;
  const blocks: SlackBlock[] = [
    header("letterbot"),
    ...chunkText(intro, SECTION_TEXT_LIMIT).map(section),
    ...(options.articleUrl && /^https?:\/\//i.test(options.articleUrl)
      ? [section(`<${options.articleUrl.replace(/[<>|&]/g, encodeURIComponent)}|Read the whole article>`)]
      : []),
    header("What I can do"),
    ...chunkText(
      helpLines(article, "slack")
        .map((line) => `• ${line}`)
        .join("\n"),
      SECTION_TEXT_LIMIT,
    ).map(section),
    context(
      "Answers come with buttons: share a private answer in the channel, show a quote in context, say whether it helped (votes are kept without your name), or run a suggestion. Mention me (@letterbot) or send me a direct message to ask, in threads too.",
    ),
  ];
  if (article.demands.length) {
    blocks.push(
      header(`The letter's ${article.demands.length === 1 ? "demand" : `${article.demands.length} demands`}`),
      ...renderBlock({
        type: "quote-list",
        ...(article.demandsIntro ? { intro: toQuote(article.demandsIntro) } : {}),
        items: article.demands.map((d) => toQuote(d)),
      }),
    );
  }
  blocks.push(header("Daily quotes in this workspace"), ...dailySection(subscriptions));
  return { type: "home", blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}
