/**
 * The anchor of `npm run bench:service`: the smallest Bolt 5 app that answers a signed
 * `/letter demands` in its acknowledgement, with the same settings letterbot reads.
 */
import bolt from "@slack/bolt";

const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

app.command("/letter", async ({ ack }) => {
  await ack({
    response_type: "in_channel",
    text: "1. Stop selling facial recognition services to law enforcement",
  });
});

await app.start(Number(process.env.PORT));
