/**
 * Learning from readers, black-box: the compiled bot in Slack HTTP mode with LEARN_MIN_USERS=3,
 * Slack a local fake, every request a signed one as Slack sends it. What one or two readers
 * confirm changes nothing anyone else sees; a third makes the question answer itself, in that
 * workspace only; a tampered button records nothing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNING_SECRET, signedHeaders } from "./adapters/slack/signing.js";
import { FakeSlack, workspace } from "./fakes/slack/server.js";
import { type Watched, watch } from "./process.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const TEAM = workspace("T0LEARN01");
const OTHER_TEAM = "T0OTHER02";
const FORM = "application/x-www-form-urlencoded";
/** A question the article answers only with its closest matches. */
const QUESTION = "how do workers feel";

interface Button {
  action_id: string;
  value: string;
}
interface Block {
  type: string;
  text?: { text?: string };
  accessory?: Button;
  elements?: Button[];
}
interface Reply {
  response_type: string;
  text: string;
  blocks: Block[];
}

let slack: FakeSlack;
let child: ChildProcess;
let bot: Watched;
let port = 0;
let presses = 0;

beforeAll(async () => {
  slack = await FakeSlack.start({ clientId: "1.1", clientSecret: "unused", workspaces: [TEAM] });
  child = spawn(process.execPath, [join(root, "dist/main.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      SLACK_BOT_TOKEN: TEAM.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: "0",
      DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-learning-")),
      LEARN_MIN_USERS: "3",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  bot = watch(child, 15_000);
  const started = await bot.waitForLog((l) => l.message === "letterbot started");
  port = (started.healthPorts as number[])[0] as number;
});
afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await slack.close();
});

const send = async (body: string) => {
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    body,
    headers: signedHeaders(body, FORM),
  });
  expect(response.status).toBe(200);
  return response.text();
};

/** `/letter ask …` from a user of a team: the reply Slack shows. */
async function ask(user: string, question = QUESTION, team = TEAM.teamId): Promise<Reply> {
  const body = new URLSearchParams({
    token: "x",
    team_id: team,
    team_domain: "learning",
    channel_id: "C0LEARN01",
    channel_name: "general",
    user_id: user,
    user_name: user.toLowerCase(),
    command: "/letter",
    text: `ask ${question}`,
    api_app_id: "A0LETTERBOT",
    response_url: slack.responseUrl(`command-${user}`),
    trigger_id: "1.2.x",
  }).toString();
  return JSON.parse(await send(body)) as Reply;
}

/** Presses a button as `user`: the reply that reached the press's response URL, if any. */
async function press(user: string, button: Button, team = TEAM.teamId): Promise<Reply | undefined> {
  const name = `press-${++presses}`;
  const payload = {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
    api_app_id: "A0LETTERBOT",
    token: "x",
    container: {
      type: "message",
      message_ts: "1718000100.000200",
      channel_id: "C0LEARN01",
      is_ephemeral: true,
    },
    trigger_id: "1.2.x",
    team: { id: team, domain: "learning" },
    channel: { id: "C0LEARN01", name: "general" },
    response_url: slack.responseUrl(name),
    actions: [{ ...button, block_id: "b", type: "button", action_ts: "1718000200.1" }],
  };
  await send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    const [reply] = slack.responsesTo(name);
    if (reply) return reply as unknown as Reply;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

const confirms = (reply: Reply) =>
  reply.blocks.flatMap((b) => (b.accessory?.action_id === "confirm" ? [b.accessory] : []));
/** The quoted passages of a reply, in order, without the marks of the words matched. */
const quotes = (reply: Reply) =>
  reply.blocks.flatMap((b) =>
    b.type === "section" && b.text?.text?.startsWith(">") ? [b.text.text.replace(/[>*]/g, "")] : [],
  );

describe("learning from confirmations, in Slack HTTP mode", () => {
  it("learns a question for a workspace from three readers, never from one or two, and refuses a tampered button", async () => {
    const offered = await ask("U0READER1");
    expect(offered.response_type).toBe("ephemeral");
    const buttons = confirms(offered);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    const target = quotes(offered)[1] as string;

    // A press answers privately with that passage.
    const answered = await press("U0READER1", buttons[1] as Button);
    expect(answered?.response_type).toBe("ephemeral");
    expect(quotes(answered as Reply)).toEqual([target]);
    // The same reader twice more, and a second reader: nothing changes for anyone else.
    await press("U0READER1", buttons[1] as Button);
    await press("U0READER1", buttons[1] as Button);
    const second = await ask("U0READER2");
    await press("U0READER2", confirms(second)[quotes(second).indexOf(target)] as Button);
    const meanwhile = await ask("U0ANOTHER");
    expect(meanwhile.response_type).toBe("ephemeral");
    expect(confirms(meanwhile).length).toBeGreaterThanOrEqual(2);

    // A third reader: the same question, typed otherwise, is answered in the channel with it.
    const third = await ask("U0READER3");
    await press("U0READER3", confirms(third)[quotes(third).indexOf(target)] as Button);
    const learned = await ask("U0ANOTHER", "How do workers feel?");
    expect(learned.response_type).toBe("in_channel");
    expect(quotes(learned)[0]).toBe(target);

    // Another workspace is unchanged.
    const elsewhere = await ask("U0ANOTHER", QUESTION, OTHER_TEAM);
    expect(elsewhere.response_type).toBe("ephemeral");
    expect(confirms(elsewhere).length).toBeGreaterThanOrEqual(2);

    // A tampered value (another offer, another place) is refused privately, and nothing is posted.
    const posted = slack.callsTo("chat.postMessage").length;
    const fresh = confirms(await ask("U0READER4", "does the software make mistakes"));
    const button = fresh[0] as Button;
    const [, , offer] = button.value.split(":");
    for (const value of [
      button.value.replace(offer as string, "AAAAAAAAAAAA"),
      button.value.replace(/:\d+$/, ":9"),
    ]) {
      const refused = await press("U0READER4", { ...button, value });
      expect(refused?.response_type).toBe("ephemeral");
      expect(refused?.text).toMatch(/not one I can use/);
    }
    // Pressed by someone else than the asker, the real button is refused too.
    expect((await press("U0READER5", button))?.text).toMatch(/not one I can use/);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(posted);
    expect(bot.stderr()).not.toContain(TEAM.botToken);
  });
});
